import { describe, expect, it } from 'vitest';
import { withTakeableActionName } from './actionName';

const post = (query: string) => new Request(`https://ratschlag.example/sign-in${query}`, { method: 'POST', body: 'email=a%40b.example' });

/** The action name SvelteKit reads: the first query parameter that starts with "/". */
const actionOf = (request: Request) => [...new URL(request.url).searchParams].find(([key]) => key.startsWith('/'))?.[0].slice(1);

describe('action names SvelteKit cannot take', () => {
	it('become the empty name, which no page has; the body and the rest of the query stay', async () => {
		for (const name of ['default', 'toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf']) {
			const passed = withTakeableActionName(post(`?x=1&/${name}&/other`));
			expect(actionOf(passed), name).toBe('');
			expect(new URL(passed.url).searchParams.get('x')).toBe('1');
			expect(await passed.text()).toBe('email=a%40b.example');
		}
	});

	it('leave every other request as it is', () => {
		for (const query of ['', '?/invite', '?/checkIn', '?x=default', '?/Default']) {
			const request = post(query);
			expect(withTakeableActionName(request), query).toBe(request);
		}
		const get = new Request('https://ratschlag.example/sign-in?/default');
		expect(withTakeableActionName(get)).toBe(get);
	});
});
