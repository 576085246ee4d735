import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './ports';

export interface DemoAccess {
	role: string;
	name: string;
	link: string;
	email?: string;
	password?: string;
}

/**
 * The built production server (build/server.js) as a process of its own, on a fresh database
 * with the demo seeded (or on `databaseFile`), behind a pretend proxy: ADDRESS_HEADER is
 * X-Forwarded-For, so a test speaks from any client address it names. Needs `npm run build`.
 */
export async function startBuiltServer(options: { env?: Record<string, string>; databaseFile?: string } = {}) {
	if (!existsSync('build/server.js')) throw new Error('build/server.js is missing: run `npm run build` first');
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-built-'));
	const databaseFile = options.databaseFile ?? join(dir, 'ratschlag.sqlite');
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['build/server.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, DATABASE_URL: databaseFile, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	await new Promise<void>((resolve, reject) => {
		const onExit = (code: number | null) => reject(new Error(`server exited with ${code}:\n${output}`));
		child.on('exit', onExit);
		child.stdout!.on('data', () => {
			if (output.includes('listens on')) {
				child.off('exit', onExit);
				resolve();
			}
		});
	});
	return {
		origin,
		databaseFile,
		output: () => output,
		demo(rolePrefix: string): DemoAccess {
			const access: DemoAccess[] = JSON.parse(readFileSync(join(dirname(databaseFile), 'demo-access.json'), 'utf8')).access;
			const entry = access.find((a) => a.role.startsWith(rolePrefix));
			if (!entry) throw new Error(`no demo access for ${rolePrefix}`);
			return { ...entry, link: entry.link.replace(/^https?:\/\/[^/]+/, origin) };
		},
		async stop() {
			if (child.exitCode === null) {
				await new Promise((resolve) => {
					child.on('exit', resolve);
					child.kill('SIGTERM');
				});
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export type BuiltServer = Awaited<ReturnType<typeof startBuiltServer>>;

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
