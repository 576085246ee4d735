import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresData } from '../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer, type BuiltServerOptions } from './support/builtServer';
import { DIALECTS } from './support/data';
import { freePort } from './support/ports';
import { createPostgresDatabase } from './support/postgres';

/**
 * The production entry as `npm start` runs it: a fresh database file is created and migrated,
 * the demo is seeded once, PORT/HOST/ORIGIN/DATABASE_URL are honoured, and a restart keeps
 * everything. Needs the build (npm test builds first). On a SQLite file and on an empty PostgreSQL
 * database (its demo links in DATA_DIR, the folder the file would be in).
 */
describe.each(DIALECTS)('production server on %s', (dialect) => {
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-server-'));
	const databaseFile = join(dir, 'nested', 'ratschlag.sqlite');
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	const started: BuiltServer[] = [];
	afterAll(async () => {
		// A failed assertion leaves its server running: stopped before its database goes (stop is a no-op for one stopped).
		for (const server of started) await server.stop();
		await postgres?.drop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('creates, migrates and seeds a fresh database, serves, and keeps it all across a restart', async () => {
		// Empty, not the migrated template: the server's start-up migrates it.
		if (dialect === 'postgres') postgres = await createPostgresDatabase({ empty: true });
		const port = await freePort();
		const options: BuiltServerOptions = {
			port,
			databaseFile,
			...(postgres ? { postgresUrl: postgres.url } : {}),
			publicOrigin: `http://ratschlag.test:${port}`,
			env: { METRICS_TOKEN: 'test-scraper-token' }
		};
		const first = await startBuiltServer(options);
		started.push(first);
		if (postgres) {
			// No file on PostgreSQL: the database itself holds the demo the server seeded.
			const data = await openPostgresData(postgres.url, { max: 1 });
			try {
				const names = (await data.q.select({ name: data.t.conferences.name }).from(data.t.conferences)).map((c) => c.name);
				expect(names).toEqual(['Gesundheitskonferenz Landkreis Musterstadt']);
			} finally {
				await data.close();
			}
		} else expect(existsSync(databaseFile)).toBe(true);
		const accessFile = join(dir, 'nested', 'demo-access.json');
		const access = JSON.parse(readFileSync(accessFile, 'utf8')).access as { role: string; link: string }[];
		expect(access.length).toBeGreaterThanOrEqual(8);
		expect(access[0].link).toMatch(new RegExp(`^http://ratschlag\\.test:${port}/l/[a-z2-7]{32}$`));
		expect(first.output()).toContain('Demo conference "Gesundheitskonferenz Landkreis Musterstadt" created');

		const home = await fetch(`http://127.0.0.1:${port}/`);
		expect(home.status).toBe(200);
		expect(await home.text()).toContain('Willkommen bei Ratschlag');
		expect(await first.stop()).toBe(0);

		const second = await startBuiltServer(options);
		started.push(second);
		expect(second.output()).not.toContain('created');
		expect(second.output()).toContain(`Demo sign-in links: ${accessFile}`);
		const link = access[0].link.replace(`ratschlag.test:${port}`, `127.0.0.1:${port}`);
		// Opening the link only shows whose it is; the button (a POST) signs in.
		const preview = await fetch(link);
		expect(await preview.text()).toContain('Das ist der persönliche Zugang von Sabine Krüger.');
		const signIn = await fetch(link, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: `http://ratschlag.test:${port}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(signIn.status).toBe(303);
		expect(signIn.headers.get('location')).toMatch(/^\/start/);
		const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='))!;
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/);
		const start2 = await fetch(`http://127.0.0.1:${port}/start`, { headers: { cookie: cookie.split(';')[0] } });
		expect(await start2.text()).toContain('Hallo, Sabine Krüger!');

		// Metrics: refused without rights, served to a scraper with the configured token.
		expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
		expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(403);
		const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer test-scraper-token' } });
		expect(metrics.status).toBe(200);
		const text = await metrics.text();
		for (const name of [
			'collab_connections',
			'collab_docs_loaded',
			'collab_updates_in_total',
			'collab_readonly_updates_dropped_total',
			'collab_persist_seconds_bucket',
			'collab_update_log_rows'
		]) {
			expect(text).toContain(name);
		}
		expect(await second.stop()).toBe(0);
		// Two starts, the first seeding the demo: row by row on PostgreSQL, most of a minute on a busy machine.
	}, 300_000);
});
