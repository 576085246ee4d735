import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './ports';
import type { DemoAccess } from '../../../src/lib/server/demo/seed';

export interface BuiltServerOptions {
	/** The database to serve; a restart passes the same file. Default: a fresh one, removed on `stop`. */
	databaseFile?: string;
	/**
	 * A PostgreSQL database to serve instead of a file, with the JOBS_SECRET it needs (the same on
	 * every start, so links survive a restart) and the demo's files in a folder removed on `stop`.
	 */
	postgresUrl?: string;
	/** Default: a free loopback port. A restart passes the same port so links stay valid. */
	port?: number;
	/** The public origin the server is told it has (ORIGIN); default the loopback address it listens on. */
	publicOrigin?: string;
	/** Anything else `npm start` reads from the environment. */
	env?: Record<string, string>;
}

/** Behind a pretend reverse proxy: the client address is the X-Forwarded-For a test sends. */
export const BEHIND_PROXY = { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };

/**
 * The production entry exactly as `npm start` runs it (build/server.js), as a process of its own
 * on a loopback port, with everything it prints kept for the test to read. On a fresh database it
 * migrates and seeds the demo, whose personal links `demo()` hands out. Needs `npm run build`
 * (`npm test` builds first).
 */
export async function startBuiltServer(options: BuiltServerOptions = {}): Promise<BuiltServer> {
	if (!existsSync('build/server.js')) throw new Error('build/server.js is missing: run `npm run build` first');
	const ownDir = options.databaseFile ? undefined : mkdtempSync(join(tmpdir(), 'ratschlag-built-'));
	const databaseFile = options.databaseFile ?? join(ownDir!, 'ratschlag.sqlite');
	const port = options.port ?? (await freePort());
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['build/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: options.publicOrigin ?? origin,
			...databaseEnv(options, databaseFile),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	await new Promise<void>((resolve, reject) => {
		// Migrating and seeding a fresh database takes a few seconds, many more on a busy machine:
		// seeding the demo row by row over a PostgreSQL connection went past 60 s on a shared 2-core one.
		const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output}`)), 120_000);
		const onExit = (code: number | null) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		};
		child.on('exit', onExit);
		child.stdout!.on('data', function listening() {
			if (!output.includes('listens on')) return;
			clearTimeout(timer);
			child.off('exit', onExit);
			child.stdout!.off('data', listening);
			resolve();
		});
	});
	const exited = new Promise<number | null>((resolve) => {
		if (child.exitCode !== null) resolve(child.exitCode);
		else child.once('exit', (code) => resolve(code));
	});
	const demoAccess = (): DemoAccess[] => {
		const access: DemoAccess[] = JSON.parse(readFileSync(join(dirname(databaseFile), 'demo-access.json'), 'utf8')).access;
		return access.map((entry) => ({ ...entry, link: entry.link.replace(/^https?:\/\/[^/]+/, origin) }));
	};

	return {
		origin,
		port,
		databaseFile,
		child,
		output: () => output,
		demoAccess,
		demo(rolePrefix) {
			const entry = demoAccess().find((a) => a.role.startsWith(rolePrefix));
			if (!entry) throw new Error(`no demo access for ${rolePrefix}`);
			return entry;
		},
		async signIn(link) {
			const answer = await fetch(new URL(new URL(link).pathname, origin), {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: options.publicOrigin ?? origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: ''
			});
			const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='));
			if (answer.status !== 303 || !cookie) throw new Error(`sign-in by link answered ${answer.status}`);
			return cookie.split(';')[0];
		},
		async kill() {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
		},
		async stop() {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				// A server held in a loop never runs its SIGTERM handler; the test must still end.
				const stuck = setTimeout(() => child.kill('SIGKILL'), 15_000);
				await exited;
				clearTimeout(stuck);
			}
			if (ownDir) rmSync(ownDir, { recursive: true, force: true });
			return exited;
		}
	};
}

/** Where the server keeps its record: the SQLite file, or the PostgreSQL database with its secret and a folder beside the file for the demo's links. */
function databaseEnv(options: BuiltServerOptions, databaseFile: string): Record<string, string> {
	if (!options.postgresUrl) return { DATABASE_URL: databaseFile };
	return { DATABASE_URL: options.postgresUrl, JOBS_SECRET: 'the built server of the tests', DATA_DIR: dirname(databaseFile) };
}

export interface BuiltServer {
	/** Where the test reaches it: `http://127.0.0.1:<port>`. */
	origin: string;
	port: number;
	databaseFile: string;
	child: ChildProcess;
	/** Everything it printed so far, stdout and stderr. */
	output(): string;
	/** Everyone the demo seeded, as written to demo-access.json next to the database, links pointing here. */
	demoAccess(): DemoAccess[];
	/** The demo's personal link for the first role starting with `rolePrefix`, pointing here. */
	demo(rolePrefix: string): DemoAccess;
	/** Signs in with a personal link as its sign-in button does; answers the session cookie (`name=value`). */
	signIn(link: string): Promise<string>;
	/** kill -9: nothing of the server's shutdown runs. */
	kill(): Promise<void>;
	/** SIGTERM (SIGKILL after 15 s); answers the exit code and removes a database it made itself. */
	stop(): Promise<number | null>;
}
