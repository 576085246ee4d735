// Private PostgreSQL and Redis servers for the tests, the cluster script and the benches: installed
// from Debian's packages when absent, started on free loopback ports in a temporary folder, and
// stopped (folder and all) by `stop()`. Nothing touches a system-wide server or its data.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages } from './setup.mjs';

/** A port nobody listens on right now (the kernel's pick; taken again at once by the caller). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

/**
 * initdb and postgres refuse to run as root: as root they run as Debian's `postgres` user (set on
 * the process itself, so signals reach postgres and not a wrapper), which then owns the folder.
 * Anyone else runs them as themselves.
 */
function serverUser() {
	return process.getuid?.() === 0 ? { uid: uidOf('postgres'), gid: gidOf('postgres') } : {};
}

async function waitFor(check, what, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (check()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

/**
 * Starts a private PostgreSQL: superuser `ratschlag`, trust on loopback only, database
 * `ratschlag`. Returns `{ url, port, dir, stop }`; `url` is a `postgres://` URL.
 */
export async function startPostgres({ quiet = true } = {}) {
	let bin = postgresBin();
	if (!bin) {
		ensureDebianPackages(['postgresql'], 'a private PostgreSQL for the tests');
		bin = postgresBin();
		if (!bin) throw new Error('PostgreSQL was installed but no initdb was found under /usr/lib/postgresql');
	}
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-pg-'));
	if (process.getuid?.() === 0) {
		chownSync(dir, uidOf('postgres'), gidOf('postgres'));
		chmodSync(dir, 0o700);
	}
	const data = join(dir, 'data');
	const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'ratschlag', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
		encoding: 'utf8',
		cwd: dir,
		...serverUser()
	});
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout}`);
	const port = await freePort();
	// Tuned for tests and a one-machine trial, never for data that matters: the server is disposable.
	// fsync stays on so the benches measure what a real server does (a kill -9 of an instance, or
	// of PostgreSQL, loses nothing committed either way: the operating system still has it).
	const options = [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-h',
		'127.0.0.1',
		'-c',
		'max_connections=200',
		'-c',
		'shared_buffers=64MB',
		'-c',
		'logging_collector=off'
	];
	const server = spawn(join(bin, 'postgres'), options, { stdio: quiet ? 'ignore' : 'inherit', cwd: dir, ...serverUser() });
	const untie = tiedToThisProcess(server, dir);
	let exited = false;
	server.on('exit', () => (exited = true));
	await waitFor(() => {
		if (exited) throw new Error('PostgreSQL exited at start');
		return spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0;
	}, 'PostgreSQL');
	const created = spawnSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'ratschlag', 'ratschlag'], { encoding: 'utf8' });
	if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
	return {
		url: `postgres://ratschlag@127.0.0.1:${port}/ratschlag`,
		port,
		dir,
		stop: () => stopProcess(server, dir, untie)
	};
}

/** Starts a private Redis without persistence. Returns `{ url, port, dir, stop }`. */
export async function startRedis({ quiet = true } = {}) {
	if (!existsSync('/usr/bin/redis-server')) ensureDebianPackages(['redis-server'], 'a private Redis for the tests');
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-redis-'));
	const port = await freePort();
	const server = spawn(
		'/usr/bin/redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
		{
			stdio: quiet ? 'ignore' : 'inherit'
		}
	);
	const untie = tiedToThisProcess(server, dir);
	let exited = false;
	server.on('exit', () => (exited = true));
	await waitFor(() => {
		if (exited) throw new Error('Redis exited at start');
		return spawnSync('/usr/bin/redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';
	}, 'Redis');
	return { url: `redis://127.0.0.1:${port}`, port, dir, stop: () => stopProcess(server, dir, untie) };
}

/**
 * A private server never outlives the process that started it: when that one exits without
 * `stop()` (an error, a signal it handles by exiting), the server is killed and its folder removed.
 */
function tiedToThisProcess(child, dir) {
	const kill = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', kill);
	return () => process.removeListener('exit', kill);
}

function stopProcess(child, dir, untie) {
	untie();
	return new Promise((resolve) => {
		const done = () => {
			rmSync(dir, { recursive: true, force: true });
			resolve();
		};
		if (child.exitCode !== null || child.signalCode !== null) return done();
		child.once('exit', done);
		// postgres: SIGINT is the "fast" shutdown (no waiting for clients); redis: a clean exit.
		child.kill('SIGINT');
		setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
	});
}

function uidOf(user) {
	return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}
function gidOf(user) {
	return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
