import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import pg from 'pg';
import type { DemoAccess } from '../../src/lib/server/demo/seed';
import { startCluster, type Cluster } from '../../scripts/lib/cluster.mjs';
import { startPostgres } from '../../scripts/lib/services.mjs';

/** The balancer's port; instance i listens on the port 1 + i after it. */
export const CLUSTER_PORT = Number(process.env.CLUSTER_PORT ?? 3520);
/**
 * The instances read the client's address from the header nginx sets (ADDRESS_HEADER), and
 * adapter-node refuses a request without it: a request sent straight to an instance carries it too.
 */
const FORWARDED = { 'x-forwarded-for': '127.0.0.1' };

export type ClusterWorld = {
	cluster: Cluster;
	/** The database every instance writes, PostgreSQL: what a test checks the record in, or adds people to. */
	db: pg.Pool;
	/** Its URL, for a script's own handle on it (`openDatabase` of scripts/lib/database.mjs). */
	databaseUrl: string;
	mailDir: string;
	access: DemoAccess[];
	demo(rolePrefix: string): DemoAccess;
	/** Mails the sink accepted for one address, oldest first. */
	mailsTo(address: string): string[];
};

/** A real SMTP server on loopback: every message it accepts is written to `dir`, named by recipient. */
async function startMailSink(dir: string): Promise<{ port: number; stop(): Promise<void> }> {
	mkdirSync(dir, { recursive: true });
	let n = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const to = session.envelope.rcptTo.map((r) => r.address).join(',');
				writeFileSync(join(dir, `${Date.now()}-${++n}-${to}.eml`), Buffer.concat(chunks));
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as { port: number };
	return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A fresh PostgreSQL database for the cluster: on TEST_POSTGRES_URL's server when set (the test
 * script's private one), else on a private server of its own.
 */
async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
	const adminUrl = process.env.TEST_POSTGRES_URL;
	if (!adminUrl) {
		const server = await startPostgres();
		return { url: server.url, drop: () => server.stop() };
	}
	const name = `cluster_${process.pid}_${Date.now()}`;
	const admin = async (statement: string) => {
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		try {
			await client.query(statement);
		} finally {
			await client.end();
		}
	};
	await admin(`CREATE DATABASE ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * One cluster per worker (this project runs one worker): two instances of build/server.js on one
 * PostgreSQL database behind nginx round-robin, connected by Redis (TEST_REDIS_URL when set, else
 * the launcher's private one).
 */
export const test = base.extend<object, { world: ClusterWorld }>({
	world: [
		// Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const dir = mkdtempSync(join(tmpdir(), 'ratschlag-cluster-e2e-'));
			const mailDir = join(dir, 'mail');
			const sink = await startMailSink(mailDir);
			// Undone in reverse on every path, a failed start included: nothing is left running.
			const cleanups: (() => Promise<unknown> | void)[] = [() => rmSync(dir, { recursive: true, force: true }), () => sink.stop()];
			try {
				// A fresh database: the launcher's first instance migrates it and seeds the demo, with
				// sign-in links on the balancer's origin (demo-access.json in DATA_DIR), before the second starts.
				const postgres = await freshPostgres();
				cleanups.push(() => postgres.drop());
				const cluster = await startCluster({
					instances: 2,
					port: CLUSTER_PORT,
					databaseUrl: postgres.url,
					dataDir: dir,
					...(process.env.TEST_REDIS_URL ? { redisUrl: process.env.TEST_REDIS_URL } : {}),
					env: {
						SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
						MAIL_FROM: 'Ratschlag Test <test@localhost>',
						// A unique prefix: other runs may share TEST_REDIS_URL.
						REDIS_PREFIX: `ratschlag-cluster-e2e-${process.pid}:`
					},
					quiet: !process.env.CLUSTER_VERBOSE,
					nginx: true
				});
				cleanups.push(() => cluster.stop());
				const access: DemoAccess[] = JSON.parse(readFileSync(join(dir, 'demo-access.json'), 'utf8')).access;
				const db = new pg.Pool({ connectionString: postgres.url, max: 4 });
				cleanups.push(() => db.end());
				await use({
					cluster,
					db,
					databaseUrl: postgres.url,
					mailDir,
					access,
					demo(rolePrefix) {
						const entry = access.find((a) => a.role.startsWith(rolePrefix));
						if (!entry) throw new Error(`no demo access for ${rolePrefix}`);
						return entry;
					},
					mailsTo(address) {
						return readdirSync(mailDir)
							.filter((f) => f.endsWith(`-${address}.eml`))
							.sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]))
							.map((f) => readFileSync(join(mailDir, f), 'utf8'));
					}
				});
			} finally {
				for (const cleanup of cleanups.reverse()) {
					try {
						await cleanup();
					} catch (error) {
						console.error(`cluster fixture: ${error instanceof Error ? error.message : error}`);
					}
				}
			}
		},
		{ scope: 'worker', timeout: 240_000 }
	]
});
export { expect };

/**
 * A browser whose requests reach one instance, as if the balancer had sent it there: pages are
 * addressed by the balancer's origin (the app's ORIGIN, which form posts and WebSocket upgrades are
 * checked against), and Playwright hands each request and WebSocket to the pinned instance
 * instead. One exception: the page a post redirects to (303) comes through nginx, since Playwright
 * does not route the browser's follow-up of a redirect it answered; pages are stateless across
 * instances, the WebSocket stays pinned. `unpin()` lets what follows go through nginx, as a
 * browser's does after its instance went away.
 */
const trace = (line: string) => process.env.CLUSTER_VERBOSE && console.log(`[pin] ${line}`);

export type PinnedBrowser = { context: BrowserContext; page: Page; instance: number | null; unpin(): void };

export async function browserOn(browser: Browser, world: ClusterWorld, instance: number): Promise<PinnedBrowser> {
	const { cluster } = world;
	const context = await browser.newContext({ baseURL: cluster.origin });
	const pinned: PinnedBrowser = { context, page: undefined as unknown as Page, instance, unpin: () => (pinned.instance = null) };
	const target = () => (pinned.instance === null ? null : cluster.instances[pinned.instance]);

	await context.route(`${cluster.origin}/**`, async (route) => {
		const to = target();
		trace(`${route.request().method()} ${route.request().url()} → ${to ? `instance ${to.index}` : 'nginx'}`);
		if (!to) return route.continue();
		let response;
		try {
			response = await route.fetch({
				url: route.request().url().replace(cluster.origin, to.origin),
				headers: { ...route.request().headers(), ...FORWARDED },
				maxRedirects: 0
			});
		} catch {
			// The pinned instance died under the request (the kill -9 test): the browser sees what it
			// would see from a dead server, a failed request, instead of the test ending here.
			return route.abort('connectionreset');
		}
		await route.fulfill({ response });
	});

	// Playwright cannot send a page's WebSocket to another address, so the socket is carried here:
	// the page talks to this handler, the handler to the pinned instance, byte for byte both ways.
	await context.routeWebSocket(/\/collab/, async (socket) => {
		// Unpinned, the socket still goes through this handler, to nginx: Playwright's own
		// connectToServer() from a routed page did not get through to the balancer here.
		const to = target() ?? { index: 'nginx', origin: cluster.origin };
		const where = to.index === 'nginx' ? 'nginx' : `instance ${to.index}`;
		trace(`${socket.url()} → ${where}`);
		const cookie = (await context.cookies(cluster.origin)).map((c) => `${c.name}=${c.value}`).join('; ');
		const upstream = new WebSocket(socket.url().replace(cluster.origin.replace(/^http/, 'ws'), to.origin.replace(/^http/, 'ws')), {
			headers: { cookie, origin: cluster.origin, ...FORWARDED }
		});
		const waiting: (string | Buffer)[] = [];
		socket.onMessage((message) => (upstream.readyState === WebSocket.OPEN ? upstream.send(message) : waiting.push(message)));
		socket.onClose(() => upstream.close());
		upstream.on('open', () => waiting.splice(0).forEach((message) => upstream.send(message)));
		upstream.on('message', (data: Buffer, isBinary) => socket.send(isBinary ? data : data.toString()));
		// Codes a close frame cannot carry (1005, 1006: no frame, connection lost) reach the page as
		// "going away", which the client retries, as it retries a lost connection.
		upstream.on('close', (code, reason) => {
			trace(`${where} closed ${socket.url()}: ${code} ${reason}`);
			socket.close({ code: code === 1005 || code === 1006 || code === 1015 ? 1001 : code, reason: reason.toString() }).catch(() => {});
		});
		upstream.on('error', (error) => trace(`${where}: ${error.message}`));
	});
	pinned.page = await context.newPage();
	return pinned;
}

/**
 * A session cookie for a demo role, signed in on one instance with its access link: one POST, as
 * the link page's button does (the Origin is the balancer's, as a browser's is).
 */
export async function signInOn(world: ClusterWorld, instance: number, rolePrefix: string): Promise<string> {
	const { cluster } = world;
	const link = world.demo(rolePrefix).link.replace(cluster.origin, cluster.instances[instance].origin);
	const response = await fetch(link, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...FORWARDED, origin: cluster.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='));
	if (!cookie) throw new Error(`signing in as ${rolePrefix} on instance ${instance} answered ${response.status} without a session`);
	return cookie.split(';')[0];
}

/** A form post to one instance, as a browser without JavaScript sends it; `status` 303 is done, 400 refused. */
export async function postForm(world: ClusterWorld, instance: number, path: string, cookie: string, action: string, fields: Record<string, string>) {
	const { cluster } = world;
	const response = await fetch(`${cluster.instances[instance].origin}${path}?/${action}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...FORWARDED, origin: cluster.origin, cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString()
	});
	return { status: response.status, body: await response.text() };
}

/** Signs in with a demo link in a pinned browser and lands on the standard start page. */
export async function openLink(page: Page, link: string) {
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Willkommen!|Welcome!/);
	await page.getByRole('button', { name: /Weiter zu meiner Seite|Continue to my page/ }).click();
	await expect(page).toHaveURL(/\/(start|einfach)/);
	if (new URL(page.url()).pathname === '/einfach') await page.goto('/start');
	await expect(page).toHaveURL(/\/start/);
}
