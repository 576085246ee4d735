import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../../scripts/lib/cluster.mjs';
import { NOTES_TEXT, groupNotesDoc } from '../../../src/lib/collab/docNames';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { connect, until } from '../support/collab';
import { freePort } from '../support/ports';
import { testRedis } from '../support/redis';

/**
 * Two production servers (build/server.js; `npm test` builds first) on one SQLite file behind
 * nginx, as `npm run cluster` starts them: health answers, and a SIGTERM that hands an editor
 * over to the other instance without losing a character.
 */
const dir = mkdtempSync(join(tmpdir(), 'ratschlag-cluster-'));
const databaseFile = join(dir, 'ratschlag.sqlite');
let cluster: Awaited<ReturnType<typeof startCluster>>;

beforeAll(async () => {
	const redis = testRedis();
	cluster = await startCluster({
		instances: 2,
		databaseUrl: databaseFile,
		redisUrl: redis.url,
		env: { REDIS_PREFIX: redis.prefix, SHUTDOWN_DRAIN_MS: '1500' }
	});
}, 180_000);
afterAll(async () => {
	await cluster?.stop();
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

const json = async (url: string) => {
	const res = await fetch(url);
	return { status: res.status, body: (await res.json()) as { ready?: boolean; instance: string; reason?: string } };
};

describe('several instances behind nginx', () => {
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
		const reader = new Database(databaseFile, { readonly: true });
		const groupId = (reader.prepare('SELECT id FROM working_groups ORDER BY name LIMIT 1').get() as { id: string }).id;
		reader.close();
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
		const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseFile, PORT: String(await freePort()), HOST: '127.0.0.1', INSTANCE_ID: 'lonely' };
		delete env.REDIS_URL;
		const lonely = spawnSync(process.execPath, ['build/server.js'], { env, encoding: 'utf8', timeout: 60_000 });
		expect(lonely.status).toBe(1);
		expect(lonely.stderr).toContain('REDIS_URL is required when more than one instance runs');
		// The others serve on.
		expect((await fetch(`${cluster.origin}/readyz`)).status).toBe(200);
	}, 90_000);
});
