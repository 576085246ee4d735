import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { readForm } from './parse';

const post = (body: string, type = 'application/x-www-form-urlencoded') =>
	new Request('http://ratschlag.test/x', { method: 'POST', headers: { 'content-type': type }, body });

/** What a form action answers: the `fail(…)` data, or the thrown error. */
async function answer(run: () => Promise<unknown>) {
	try {
		return await run();
	} catch (e) {
		return e;
	}
}

describe('reading a posted form', () => {
	it('answers 400 (the client’s error, not a fault) to a body that is not the form its type names', async () => {
		for (const request of [post('garbage', 'multipart/form-data; boundary=zzz'), post('garbage', 'multipart/form-data')]) {
			const error = await answer(() => readForm(request));
			expect(isHttpError(error, 400), String(error)).toBe(true);
		}
	});

	it('reads a form as before', async () => {
		const form = await readForm(post('a=1&b=%E2%82%AC'));
		expect([...form.entries()]).toEqual([
			['a', '1'],
			['b', '€']
		]);
	});

	it('leaves reading a body twice a fault: that is a bug of ours', async () => {
		const request = post('a=1');
		await request.text();
		const error = await answer(() => readForm(request));
		expect(error).toBeInstanceOf(TypeError);
	});
});
