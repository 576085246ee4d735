// Several production servers behind nginx on one machine: for `npm run cluster`, the multi-instance
// tests and the cluster bench. Everything it starts lives in temporary folders and on loopback
// ports, and `stop()` ends it all; no system-wide nginx, Redis or configuration is touched.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedis } from './services.mjs';
import { ensureDebianPackages, root, SERVER_NODE_FLAGS } from './setup.mjs';

/** The first instance migrates the database and seeds the demo: that can take a while on a cold disk. */
const READY_TIMEOUT_MS = 120_000;
/** How many lines of an instance's output are kept to explain a failed start when `quiet`. */
const KEPT_LINES = 60;
/** Matches the largest body the app reads at all (a logo upload, src/lib/server/http/bodyLimit.ts) with room to spare. */
const MAX_BODY = '16m';

/**
 * Starts a Redis (unless `redisUrl` is given), `instances` production servers on one database and
 * nginx in front of them. `databaseUrl` is a `postgres://` URL (what several machines share) or a
 * SQLite file (one machine only: every instance opens the file, WAL). On PostgreSQL the demo's
 * sign-in links go to `dataDir` (DATA_DIR), and the instances share one JOBS_SECRET (a random
 * one unless `env` names it). `port` is the balancer's (a free one when absent); instance i listens
 * on `port + 1 + i` when `port` is given, else on a free port. Needs `build/server.js`
 * (`ensureBuild()` first). `env` is added to every instance's environment.
 *
 * Returns `{ origin, redisUrl, instances, stop }`. Each instance has `kill(signal)` (resolves
 * when the process has exited), `start()` (starts it again on its port, resolves when ready) and
 * `ready()`. Without nginx, `origin` is still what every instance takes as its ORIGIN, but
 * nothing listens there: the caller balances.
 */
export async function startCluster({ instances = 2, port, databaseUrl, dataDir, redisUrl, env = {}, quiet = true, nginx = true } = {}) {
	if (!Number.isInteger(instances) || instances < 1) throw new Error(`instances must be a positive whole number, not ${instances}`);
	if (!databaseUrl) throw new Error('startCluster needs a databaseUrl (postgres://…, or a SQLite file every instance opens)');
	const onPostgres = /^postgres(ql)?:\/\//i.test(databaseUrl);
	if (onPostgres && !dataDir) throw new Error("startCluster on PostgreSQL needs a dataDir (where the demo's sign-in links are written)");
	const cleanups = [];
	const stop = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => console.error(`cluster: ${error.message}`));
	};
	try {
		let redis = null;
		if (!redisUrl) {
			redis = await startRedis({ quiet });
			cleanups.push(() => redis.stop());
		}
		const balancerPort = port ?? (await freePort());
		const origin = `http://127.0.0.1:${balancerPort}`;
		const shared = {
			...process.env,
			...env,
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: databaseUrl,
			...(onPostgres ? { DATA_DIR: dataDir, JOBS_SECRET: env.JOBS_SECRET ?? process.env.JOBS_SECRET ?? randomBytes(32).toString('base64url') } : {}),
			REDIS_URL: redisUrl ?? redis.url,
			// nginx appends the address it saw to X-Forwarded-For; the last entry is the only one a client cannot forge.
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		};
		const members = [];
		// In parallel: each instance drains for a few seconds on SIGTERM.
		cleanups.push(() => Promise.all(members.map((m) => m.kill('SIGTERM'))));
		for (let index = 0; index < instances; index++) {
			const instancePort = port ? port + 1 + index : await freePort();
			const member = instance(
				index,
				instancePort,
				{ ...shared, PORT: String(instancePort), INSTANCE_ID: env.INSTANCE_ID ? `${env.INSTANCE_ID}-${index + 1}` : `instance-${index + 1}` },
				quiet
			);
			members.push(member);
		}
		// The first alone: it migrates and seeds; the others would find the database half seeded.
		await members[0].start();
		await Promise.all(members.slice(1).map((m) => m.start()));
		if (nginx) {
			const balancer = await startNginx(balancerPort, members, quiet);
			// Stopped first (cleanups run in reverse): no request reaches an instance that is going away.
			cleanups.push(() => balancer.stop());
		}
		return { origin, redisUrl: shared.REDIS_URL, instances: members, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** One production server on a fixed port, which can be killed and started again. */
function instance(index, port, env, quiet) {
	let child = null;
	let exited = Promise.resolve();
	const output = [];
	const member = {
		index,
		port,
		origin: `http://127.0.0.1:${port}`,
		get pid() {
			return child?.pid ?? null;
		},
		/** Ends the process with `signal` (SIGTERM: a graceful shutdown; SIGKILL: a crash); resolves once it has exited. */
		kill(signal = 'SIGTERM') {
			const target = child;
			if (target && target.exitCode === null && target.signalCode === null) {
				target.kill(signal);
				// A SIGTERM that hangs must not hang the caller too; only this process, never one started since.
				if (signal !== 'SIGKILL') {
					const timer = setTimeout(() => target.kill('SIGKILL'), 30_000).unref();
					target.once('exit', () => clearTimeout(timer));
				}
			}
			return exited;
		},
		async start() {
			if (child && child.exitCode === null && child.signalCode === null) throw new Error(`instance ${index + 1} is running already`);
			output.length = 0;
			const started = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'build/server.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
			child = started;
			exited = new Promise((resolve) => started.once('exit', (code, signal) => resolve({ code, signal })));
			for (const stream of [started.stdout, started.stderr]) {
				let rest = '';
				stream.setEncoding('utf8');
				stream.on('data', (chunk) => {
					const lines = (rest + chunk).split('\n');
					rest = lines.pop();
					for (const line of lines) {
						if (!quiet) console.log(`[${index + 1}] ${line}`);
						output.push(line);
						if (output.length > KEPT_LINES) output.shift();
					}
				});
			}
			await member.ready();
		},
		/** Resolves when the instance answers /readyz with 200; rejects when it exits first or takes too long. */
		async ready() {
			const running = child;
			let gone = null;
			exited.then((how) => (gone = how));
			const until = Date.now() + READY_TIMEOUT_MS;
			while (Date.now() < until) {
				if (gone || !running) break;
				const status = await fetch(`${member.origin}/readyz`).then(
					(res) => res.status,
					() => null
				);
				if (status === 200) return;
				await new Promise((r) => setTimeout(r, 150));
			}
			const why = gone ? `exited (${gone.signal ?? `code ${gone.code}`})` : running ? `was not ready within ${READY_TIMEOUT_MS / 1000} s` : 'was never started';
			throw new Error(`instance ${index + 1} (port ${port}) ${why}. Its last output:\n${output.join('\n')}`);
		}
	};
	return member;
}

/**
 * nginx as a round-robin balancer (Debian's package, installed when absent) with its own
 * configuration, pid file, logs and temp folders in a temporary folder.
 */
async function startNginx(port, members, quiet) {
	ensureDebianPackages(['nginx'], 'the load balancer in front of the instances');
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-nginx-'));
	mkdirSync(join(dir, 'temp'));
	writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, members));
	const check = spawnSync('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
	if (check.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`nginx refused its configuration:\n${check.stderr}`);
	}
	const server = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: quiet ? 'ignore' : 'inherit' });
	const exited = new Promise((resolve) => server.once('exit', resolve));
	let gone = false;
	exited.then(() => (gone = true));
	const until = Date.now() + 10_000;
	for (;;) {
		if (gone) throw new Error(`nginx exited at start; see ${join(dir, 'error.log')}`);
		const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
			(res) => res.ok,
			() => false
		);
		if (answered) break;
		if (Date.now() > until) {
			server.kill('SIGKILL');
			throw new Error(`nginx did not answer on port ${port} within 10 s`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		dir,
		async stop() {
			// SIGTERM: nginx's fast shutdown (open WebSockets are cut, the instances see their clients go).
			if (!gone) {
				server.kill('SIGTERM');
				setTimeout(() => server.kill('SIGKILL'), 10_000).unref();
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Round robin with passive failover: a connection refused, a timeout, a 502 or 503 sends the
 * request to the next instance, and a failed instance rests for `fail_timeout`. nginx passes a
 * non-idempotent request (a form post) on only when it never reached the instance (refused
 * connection): a post an instance may have acted on is not sent twice. Open-source nginx has no
 * active health checks; /readyz is for balancers that have them (see README, "Running several instances").
 */
export function nginxConfig(dir, port, members) {
	const upstreams = members.map((m) => `\t\tserver 127.0.0.1:${m.port} max_fails=1 fail_timeout=2s;`).join('\n');
	const proxied = `
			proxy_pass http://ratschlag;
			proxy_http_version 1.1;
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_next_upstream error timeout http_502 http_503;
			proxy_next_upstream_tries ${members.length};
			proxy_connect_timeout 2s;`;
	return `# Generated by scripts/lib/cluster.mjs for one run; removed when the cluster stops.
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;

events {
	worker_connections 8192;
}

http {
	access_log off;
	client_body_temp_path ${dir}/temp/body;
	proxy_temp_path ${dir}/temp/proxy;
	fastcgi_temp_path ${dir}/temp/fastcgi;
	uwsgi_temp_path ${dir}/temp/uwsgi;
	scgi_temp_path ${dir}/temp/scgi;
	client_max_body_size ${MAX_BODY};
	# A page's response headers (CSP, and a Link header preloading every module of the page: 5 KB on
	# the plenary page) exceed nginx's default buffer of one page (4 KB): it would answer 502.
	proxy_buffer_size 32k;
	proxy_buffers 8 32k;
	proxy_busy_buffers_size 64k;

	upstream ratschlag {
${upstreams}
	}

	map $http_upgrade $connection_upgrade {
		default upgrade;
		'' close;
	}

	server {
		listen 127.0.0.1:${port};

		location / {${proxied}
			proxy_read_timeout 120s;
		}

		# The document server: WebSocket upgrades, held open as long as an editor is.
		location /collab/ {${proxied}
			proxy_set_header Upgrade $http_upgrade;
			proxy_set_header Connection $connection_upgrade;
			proxy_read_timeout 1h;
			proxy_send_timeout 1h;
			proxy_buffering off;
		}
	}
}
`;
}
