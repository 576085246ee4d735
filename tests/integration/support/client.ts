import type { BuiltServer } from './builtServer';

/**
 * A browser without JavaScript, reduced to what the server sees: one client address, the
 * cookies it was given, plain form posts from the app's own origin.
 */
export class Client {
	private cookies = new Map<string, string>();

	constructor(
		private server: BuiltServer,
		readonly address: string
	) {}

	async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
		return this.request(path, { method: 'GET', headers });
	}

	/** A form post as a browser sends it (no JavaScript: the answer is the page). */
	async post(path: string, fields: Record<string, string>): Promise<Response> {
		return this.request(path, {
			method: 'POST',
			headers: { origin: this.server.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
	}

	/** Signs in with a personal link: opening it shows whose it is, one button (a POST) signs in. */
	async signInWithLink(link: string): Promise<void> {
		const answer = await this.post(new URL(link).pathname, {});
		if (answer.status !== 303) throw new Error(`sign-in by link answered ${answer.status}`);
	}

	private async request(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
		const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
		const response = await fetch(new URL(path, this.server.origin), {
			...init,
			redirect: 'manual',
			headers: { ...init.headers, 'x-forwarded-for': this.address, ...(cookie ? { cookie } : {}) }
		});
		for (const set of response.headers.getSetCookie()) {
			const [pair] = set.split(';');
			const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
			if (value) this.cookies.set(name, value);
			else this.cookies.delete(name);
		}
		return response;
	}
}
