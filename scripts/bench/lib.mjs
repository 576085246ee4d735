// Shared pieces of the benchmarks: start servers as child processes (on SQLite or PostgreSQL),
// read and write their database, read their CPU and memory from /proc, sign in, connect stock
// y-websocket clients. Plain Node ESM, no build step.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { build, transformSync } from 'esbuild';
import { isPostgres, openDatabase } from '../lib/database.mjs';
import { SERVER_NODE_FLAGS } from '../lib/setup.mjs';

export const CLK_TCK = 100;

export async function freePort() {
	const probe = createServer();
	await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address();
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

/**
 * CPU seconds (user + system) a process has used so far, all its threads, in nanoseconds
 * resolution (schedstat), not in the 10 ms clock ticks of /proc/<pid>/stat.
 */
export function cpuSeconds(pid) {
	let ns = 0;
	for (const task of readdirSync(`/proc/${pid}/task`)) {
		try {
			ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			// the thread ended meanwhile
		}
	}
	return ns / 1e9;
}

/**
 * The processes of a private PostgreSQL (scripts/lib/services.mjs; `dir` is its folder): the
 * postmaster, from its postmaster.pid, and every process it started (backends, writers).
 */
export function postgresPids(dir) {
	const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
	const children = readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((entry) => {
			try {
				return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster;
			} catch {
				return false; // ended meanwhile
			}
		})
		.map(Number);
	return [postmaster, ...children];
}

/**
 * CPU seconds of a changing set of processes from now on (`pids()` is asked again at the end, so
 * processes started meanwhile, e.g. a pool's new connections, count from their start).
 */
export function cpuMeter(pids) {
	const cpuOf = (pid) => {
		try {
			return cpuSeconds(pid);
		} catch {
			return NaN; // ended meanwhile
		}
	};
	const before = new Map(pids().map((pid) => [pid, cpuOf(pid)]));
	return () => pids().reduce((sum, pid) => sum + (cpuOf(pid) || 0) - (before.get(pid) || 0), 0);
}

/** CPU seconds a process has used so far in user space and in the kernel. */
export function cpuSplit(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK };
}

/** Resident memory now and at its peak, in bytes. */
export function memory(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)[1]) * 1024;
	return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function waitForOutput(child, text, what) {
	return new Promise((resolve, reject) => {
		let output = '';
		const onData = (d) => {
			output += d;
			if (output.includes(text)) resolve(output);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (d) => (output += d));
		child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${output}`)));
	});
}

/**
 * Our production server on a fresh database (demo seeded), signed in as the office: a SQLite file
 * in its home folder, or (`databaseUrl`, a `postgres://` URL of an empty database) PostgreSQL, with
 * a random JOBS_SECRET and its home as DATA_DIR (where the demo's sign-in links go).
 */
export async function startOurs({ dir, databaseUrl } = {}) {
	const home = dir ?? mkdtempSync(join(tmpdir(), 'ratschlag-bench-'));
	const database = databaseUrl ?? join(home, 'ratschlag.sqlite');
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
	const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, join(process.env.BENCH_SERVER_DIR ?? 'build', 'server.js')], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: database,
			...(isPostgres(database) ? { JOBS_SECRET: randomBytes(32).toString('base64url'), DATA_DIR: home } : {}),
			COLLAB_MAX_CONNECTIONS_PER_PERSON: '100000'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await waitForOutput(child, 'listens on', 'our server');
	if (process.env.BENCH_VERBOSE) child.stdout.on('data', (d) => process.stderr.write(`[server] ${d}`));
	const cookie = await signIn({ home, origin }, 'Geschäftsstelle');
	const db = await openDatabase(database);
	const groups = (await db.all('SELECT id FROM working_groups ORDER BY name')).map((r) => r.id);
	await db.close();
	return {
		name: 'ours',
		child,
		pid: child.pid,
		origin,
		url: `ws://127.0.0.1:${port}/collab`,
		cookie,
		docNames: groups.map((id) => `notes:${id}`),
		home,
		/** The SQLite file or the `postgres://` URL it runs on (see openDatabase). */
		database,
		/** The SQLite file's size with its WAL; NaN on PostgreSQL. */
		databaseBytes() {
			if (isPostgres(database)) return NaN;
			return ['ratschlag.sqlite', 'ratschlag.sqlite-wal']
				.map((f) => join(home, f))
				.filter(existsSync)
				.reduce((s, f) => s + statSync(f).size, 0);
		},
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			await new Promise((resolve) => child.once('exit', resolve));
		},
		cleanup() {
			rmSync(home, { recursive: true, force: true });
		}
	};
}

/**
 * A session cookie for a demo role (by the start of its role's name), signed in with its link.
 * `via`: the instance the request goes to when `origin` is a balancer in front of it (`headers`
 * then carry what the balancer would add, e.g. X-Forwarded-For).
 */
export async function signIn({ home, origin }, rolePrefix, { via = origin, headers = {} } = {}) {
	const access = JSON.parse(readFileSync(join(home, 'demo-access.json'), 'utf8')).access;
	const entry = access.find((a) => a.role.startsWith(rolePrefix));
	const response = await fetch(entry.link.replace(/^http:\/\/[^/]+/, via), {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: ''
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='));
	if (!cookie) throw new Error(`sign-in as ${rolePrefix} on ${via} answered ${response.status} without a session`);
	return cookie.split(';')[0];
}

/** The browser's presence filter, from its TypeScript source: the clients here run the shipped code. */
export async function loadPresenceFilter() {
	const source = readFileSync(new URL('../../src/lib/collab/presence.ts', import.meta.url), 'utf8');
	const { code } = transformSync(source, { loader: 'ts', format: 'esm' });
	return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)).sendOnlyPresenceChanges;
}

/** The reference: @y/websocket-server 0.1.1's own server, unchanged (in memory, no auth). */
export async function startReference() {
	const port = await freePort();
	const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await waitForOutput(child, 'running at', 'reference server');
	return {
		name: 'reference',
		child,
		pid: child.pid,
		url: `ws://127.0.0.1:${port}`,
		cookie: null,
		docNames: ['bench-1', 'bench-2', 'bench-3'],
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			await new Promise((resolve) => child.once('exit', resolve));
		},
		cleanup() {}
	};
}

const wallClock = () => performance.timeOrigin + performance.now();

function polyfill(cookie, { deferMessages = false } = {}) {
	return class extends WebSocket {
		constructor(url, protocols) {
			super(url, protocols, cookie ? { headers: { cookie } } : {});
			// When the first answer arrived in full, before the provider applies it.
			this.once('message', () => (this.firstMessageAt = performance.now()));
		}

		get onmessage() {
			return super.onmessage;
		}

		/**
		 * deferMessages: many simulated participants share one thread, and each one's messages are
		 * handled only after those of every connection read before it. Taking the arrival time
		 * first and handing the message to the provider one event-loop phase later (in order)
		 * separates when a message reached a participant (`arrivedAt`) from the time the others
		 * took; `handlingSince` is when its own handling began.
		 */
		set onmessage(handler) {
			if (!deferMessages || !handler) {
				super.onmessage = handler;
				return;
			}
			super.onmessage = (event) => {
				const arrivedAt = wallClock();
				setImmediate(() => {
					this.arrivedAt = arrivedAt;
					this.handlingSince = wallClock();
					handler(event);
				});
			};
		}
	};
}

/**
 * A stock y-websocket client (Node needs the `ws` polyfill; the cookie rides on it). `params`
 * go into the URL's query, e.g. `{ acks: '1' }` as our browser wrapper (LiveDoc) asks for them.
 */
export function client(server, docName, { awareness = false, deferMessages = false, params } = {}) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.url, docName, doc, {
		WebSocketPolyfill: polyfill(server.cookie, { deferMessages }),
		disableBc: true,
		resyncInterval: -1,
		...(params ? { params } : {})
	});
	if (!awareness) provider.awareness.setLocalState(null);
	const synced = new Promise((resolve) => {
		if (provider.synced) resolve();
		else provider.on('sync', (s) => s && resolve());
	});
	return {
		doc,
		provider,
		synced,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(check, timeoutMs, what) {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${what}`);
		await sleep(20);
	}
}

export function table(headers, rows) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
	return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

/**
 * Imports server modules from their TypeScript for a bench that drives them in its own process:
 * bundled by esbuild into node_modules/.cache/ratschlag-bench/<name>.mjs (`$lib` resolved;
 * better-sqlite3 and the other packages stay in node_modules). Runs from the project's root, where
 * the migrations are read from ./drizzle.
 */
export async function importServerModules(name, modules) {
	const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
	process.chdir(root);
	const cache = join(root, 'node_modules', '.cache', 'ratschlag-bench');
	mkdirSync(cache, { recursive: true });
	const outfile = join(cache, `${name}.mjs`);
	await build({
		stdin: { contents: modules.map((file) => `export * from './${file}';`).join('\n'), resolveDir: root, loader: 'ts' },
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		alias: { $lib: join(root, 'src/lib') },
		outfile,
		logLevel: 'error'
	});
	return import(pathToFileURL(outfile).href);
}
