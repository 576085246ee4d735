import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../../scripts/lib/cluster.mjs';
import { NOTES_TEXT, groupNotesDoc } from '../../../src/lib/collab/docNames';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { openPostgresData, sqliteData, type Data } from '../../../src/lib/server/db/client';
import { connect, until } from '../support/collab';
import { DIALECTS } from '../support/data';
import { freePort } from '../support/ports';
import { createPostgresDatabase } from '../support/postgres';
import { testRedis } from '../support/redis';

/**
 * Two production servers (build/server.js; `npm test` builds first) on one database behind nginx,
 * as `npm run cluster` starts them: on one SQLite file, or on one PostgreSQL database (what several
 * machines share). Health answers, and a SIGTERM hands an editor over to the other instance
 * without losing a character.
 */
describe.each(DIALECTS)('several instances behind nginx, on %s', (dialect) => {
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-cluster-'));
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	/** DATABASE_URL of every instance: the SQLite file, or the PostgreSQL database. */
	let databaseUrl: string;
	/**
	 * What an instance needs beyond DATABASE_URL on PostgreSQL: the demo's sign-in links go to
	 * DATA_DIR (no file to put them beside), and links are sealed with a JOBS_SECRET every instance
	 * shares (the one started by hand below too, or it would stop for want of it, not for Redis).
	 */
	const postgresEnv: Record<string, string> = dialect === 'postgres' ? { DATA_DIR: dir, JOBS_SECRET: randomBytes(32).toString('base64url') } : {};
	let cluster: Awaited<ReturnType<typeof startCluster>>;

	beforeAll(async () => {
		if (dialect === 'postgres') postgres = await createPostgresDatabase();
		databaseUrl = postgres?.url ?? join(dir, 'ratschlag.sqlite');
		const redis = testRedis();
		cluster = await startCluster({
			instances: 2,
			databaseUrl,
			dataDir: dir,
			redisUrl: redis.url,
			env: { REDIS_PREFIX: redis.prefix, SHUTDOWN_DRAIN_MS: '1500', ...postgresEnv }
		});
	}, 180_000);
	afterAll(async () => {
		await cluster?.stop();
		await postgres?.drop();
		rmSync(dir, { recursive: true, force: true });
	}, 60_000);

	async function signIn(origin: string): Promise<string> {
		const { access } = JSON.parse(readFileSync(join(dir, 'demo-access.json'), 'utf8')) as { access: { role: string; link: string }[] };
		const link = new URL(access.find((a) => a.role.startsWith('Geschäftsstelle'))!.link);
		const answer = await fetch(new URL(link.pathname, origin), {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: cluster.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='));
		if (answer.status !== 303 || !cookie) throw new Error(`sign-in by link answered ${answer.status}`);
		return cookie.split(';')[0];
	}

	/** A read of what the instances seeded, on a handle of the test's own (read-only on SQLite: the instances write the file). */
	async function reading<T>(read: (data: Data) => Promise<T>): Promise<T> {
		if (postgres) {
			const data = await openPostgresData(postgres.url, { max: 1 });
			try {
				return await read(data);
			} finally {
				await data.close();
			}
		}
		const client = new Database(databaseUrl, { readonly: true });
		try {
			return await read(sqliteData(client));
		} finally {
			client.close();
		}
	}

	const json = async (url: string) => {
		const res = await fetch(url);
		return { status: res.status, body: (await res.json()) as { ready?: boolean; instance: string; reason?: string } };
	};

	it('each instance answers /healthz and /readyz with its name, and the balancer spreads requests over both', async () => {
		for (const m of cluster.instances) {
			expect(await json(`${m.origin}/healthz`)).toEqual({ status: 200, body: { live: true, instance: `instance-${m.index + 1}` } });
			expect(await json(`${m.origin}/readyz`)).toEqual({ status: 200, body: { ready: true, instance: `instance-${m.index + 1}` } });
		}
		const seen = new Set<string>();
		for (let i = 0; i < 4; i++) seen.add((await json(`${cluster.origin}/readyz`)).body.instance);
		expect(seen).toEqual(new Set(['instance-1', 'instance-2']));
	});

	it('SIGTERM to the instance an editor is on: not ready at once, then the editor reconnects through nginx to the other one, text intact', async () => {
		const [first, second] = cluster.instances;
		// The editor must land on the first instance: the second is away while it connects.
		await second.kill('SIGTERM');
		const cookie = await signIn(cluster.origin);
		// The demo's group names differ in plain ASCII letters: the same group first under either database's collation.
		const groupId = await reading(async (data) => {
			const { workingGroups } = data.t;
			const [group] = await data.q.select({ id: workingGroups.id }).from(workingGroups).orderBy(workingGroups.name).limit(1);
			return group.id;
		});
		const name = groupNotesDoc(groupId);
		const url = `${cluster.origin.replace('http', 'ws')}/collab`;
		const editor = connect(url, name, cookie, { origin: cluster.origin });
		await editor.synced();
		await second.start();

		const closes: number[] = [];
		editor.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));
		const text = editor.doc.getText(NOTES_TEXT);
		text.insert(0, 'Written on instance 1. ');
		// Written before the SIGTERM and seen by a second client: the server has it.
		const witness = connect(`ws://127.0.0.1:${first.port}/collab`, name, cookie, { origin: cluster.origin });
		await witness.synced();
		await until(() => witness.doc.getText(NOTES_TEXT).toString() === text.toString(), 10_000, 'the witness saw the text');
		witness.close();

		const exited = first.kill('SIGTERM');
		// Draining (SHUTDOWN_DRAIN_MS): still answering, no longer ready.
		let readiness: Awaited<ReturnType<typeof json>> | null;
		do readiness = await json(`${first.origin}/readyz`).catch(() => null);
		while (readiness?.status === 200);
		expect(readiness).toEqual({ status: 503, body: { ready: false, instance: 'instance-1', reason: 'shutting down' } });
		expect(await exited).toEqual({ code: 0, signal: null });
		expect(closes).toContain(CLOSE.serviceRestart);

		// The stock client reconnects on its own, through nginx, to the one instance left.
		await until(() => editor.provider.wsconnected && editor.provider.synced, 20_000, 'the editor reconnected');
		text.insert(text.length, 'Then on instance 2.');
		const later = connect(`ws://127.0.0.1:${second.port}/collab`, name, cookie, { origin: cluster.origin });
		await later.synced();
		await until(() => later.doc.getText(NOTES_TEXT).toString() === 'Written on instance 1. Then on instance 2.', 10_000, 'instance 2 has both');
		later.close();
		editor.close();
		await first.start();
	}, 120_000);

	it('one more instance on the same database without REDIS_URL refuses to start, and says why', async () => {
		const env: NodeJS.ProcessEnv = {
			...process.env,
			DATABASE_URL: databaseUrl,
			...postgresEnv,
			PORT: String(await freePort()),
			HOST: '127.0.0.1',
			INSTANCE_ID: 'lonely'
		};
		delete env.REDIS_URL;
		const lonely = spawnSync(process.execPath, ['build/server.js'], { env, encoding: 'utf8', timeout: 60_000 });
		expect(lonely.status).toBe(1);
		expect(lonely.stderr).toContain('REDIS_URL is required when more than one instance runs');
		// The others serve on.
		expect((await fetch(`${cluster.origin}/readyz`)).status).toBe(200);
	}, 90_000);
});
