import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { SMTPServerSession } from 'smtp-server';
import { first, openPostgresData, sqliteData, type Data } from '../../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';
import { DIALECTS } from '../support/data';
import { createPostgresDatabase } from '../support/postgres';
import { startSmtpCapture } from '../support/smtpCapture';

/**
 * The invitation mail through the job queue, on the production build, against a real SMTP server
 * that can stall (accepts the connection, never greets), refuse every recipient, or accept; the
 * server on a SQLite file and on a PostgreSQL database.
 */
type Mode = 'stall' | 'refuse' | 'accept';
let mode: Mode = 'accept';
const held: ((error?: Error) => void)[] = [];
/** Connections the server never greeted, and how many of them the client closed while waiting. */
const stalled = new Set<string>();
let stalledGivenUp = 0;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;

beforeAll(async () => {
	smtp = await startSmtpCapture({
		onConnect(session: SMTPServerSession, callback: (error?: Error) => void) {
			if (mode === 'stall') {
				stalled.add(session.id);
				held.push(callback);
			} else callback();
		},
		onClose(session: SMTPServerSession) {
			if (stalled.delete(session.id)) stalledGivenUp += 1;
		},
		onRcptTo(_address, _session, callback) {
			if (mode === 'refuse') callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
			else callback();
		}
	});
});

afterAll(async () => {
	await smtp?.close();
});

describe.each(DIALECTS)('the invitation mail as a background job on %s', (dialect) => {
	let server: BuiltServer;
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let closeReader = async () => {};
	/** What the server wrote, read beside it: a read-only connection to its file, or a pool on its database. */
	let data: Data;
	let cookie: string;
	let conferenceId: string;

	beforeAll(async () => {
		mode = 'accept';
		// The test waits for Fatma's mail in the capture: the other database's copy must not answer for it.
		smtp.received.length = 0;
		if (dialect === 'postgres') postgres = await createPostgresDatabase();
		server = await startBuiltServer({
			...(postgres ? { postgresUrl: postgres.url } : {}),
			env: {
				SMTP_URL: smtp.url,
				MAIL_FROM: 'Ratschlag Test <test@localhost>',
				JOBS_RETRY_BASE_MS: '40',
				JOBS_POLL_MS: '200',
				METRICS_TOKEN: 'jobs-scraper'
			}
		});
		if (postgres) {
			const pool = await openPostgresData(postgres.url, { max: 2 });
			data = pool;
			closeReader = () => pool.close();
		} else {
			const file = new Database(server.databaseFile, { readonly: true });
			data = sqliteData(file);
			closeReader = async () => void file.close();
		}
		cookie = await server.signIn(server.demo('Geschäftsstelle').link);
		conferenceId = first(await data.q.select({ id: data.t.conferences.id }).from(data.t.conferences).limit(1))!.id;
	}, 180_000);

	afterAll(async () => {
		for (const release of held.splice(0)) release(new Error('test over'));
		await closeReader();
		await server?.stop();
		await postgres?.drop();
	});

	/** The page's text without Svelte's hydration markers, so adjacent pieces read as one. */
	async function page(path: string): Promise<string> {
		const answer = await fetch(new URL(path, server.origin), { headers: { cookie } });
		expect(answer.status, path).toBe(200);
		return (await answer.text()).replace(/<!--[^>]*-->/g, '');
	}

	async function post(path: string, fields: Record<string, string>): Promise<string> {
		const answer = await fetch(new URL(path, server.origin), {
			method: 'POST',
			headers: { cookie, origin: server.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
		expect(answer.status, `${path}\n${server.output().slice(-3000)}`).toBe(200);
		return (await answer.text()).replace(/<!--[^>]*-->/g, '');
	}

	async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
		const end = Date.now() + ms;
		while (!(await check())) {
			if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	// Ordered, so [0] is the same job on both databases should there ever be more than one.
	const mailJob = () =>
		data.q
			.select({ id: data.t.jobs.id, state: data.t.jobs.state, payload: data.t.jobs.payload, attempts: data.t.jobs.attempts })
			.from(data.t.jobs)
			.where(eq(data.t.jobs.kind, 'mail.accessLink'))
			.orderBy(data.t.jobs.createdAt, data.t.jobs.id);

	it('the form answers at once while SMTP stalls; the person page shows the mail running, failed, and sent after a retry', async () => {
		mode = 'stall';
		stalledGivenUp = 0;
		const answer = await post(`/conferences/${conferenceId}/people/invite`, {
			displayName: 'Fatma Yilmaz',
			email: 'fatma.yilmaz@elternverein.example',
			organisation: '',
			preferredLocale: 'de',
			role: 'member',
			memberStatus: 'advisory',
			linkExpiresAt: '',
			sendEmail: 'on'
		});
		// The old form awaited SMTP: with a server that never greets, it answered only once nodemailer
		// gave up waiting for the greeting (30 s) and closed the connection. Now it answers first.
		expect(stalledGivenUp, 'the form waited for the stalled mail server until the client gave up').toBe(0);
		expect(answer).toContain('Fatma Yilmaz ist eingeladen');
		expect(answer).toContain('Der Link geht auch per E-Mail hinaus.');
		const link = answer.match(/http:\/\/127\.0\.0\.1:\d+\/l\/[a-z2-7]+/)![0];
		const token = link.split('/l/')[1];

		// The token travels sealed, never in clear text.
		const [queued] = await mailJob();
		expect(queued.payload).not.toContain(token);
		const personId = first(await data.q.select({ id: data.t.people.id }).from(data.t.people).where(eq(data.t.people.displayName, 'Fatma Yilmaz')))!.id;
		const personPage = `/conferences/${conferenceId}/people/${personId}`;

		await until(() => held.length > 0, 'the SMTP connection');
		expect(await page(personPage)).toContain('Wird gerade verschickt.');

		// The server now refuses the address: retried with backoff until the attempts are used up.
		mode = 'refuse';
		for (const release of held.splice(0)) release(new Error('Too busy'));
		await until(async () => (await mailJob())[0].state === 'failed', 'the job to fail');
		const failed = await page(personPage);
		expect(failed).toContain('Nicht verschickt (');
		expect(failed).toContain('Der Mailserver hat die E-Mail nicht angenommen.');

		const jobsPage = await page(`/conferences/${conferenceId}/jobs`);
		expect(jobsPage).toContain('Hintergrundaufträge');
		expect(jobsPage).toContain('E-Mail mit dem persönlichen Link: Fatma Yilmaz');
		expect(jobsPage).toContain('Erneut versuchen');
		const metrics = await (await fetch(new URL('/metrics', server.origin), { headers: { authorization: 'Bearer jobs-scraper' } })).text();
		expect(metrics).toMatch(/^jobs_failed 1$/m);
		expect(metrics).toMatch(/^jobs_running 0$/m);

		// Try again (a plain form post, no JavaScript) once the server accepts: the mail goes out.
		mode = 'accept';
		const retried = await post(`/conferences/${conferenceId}/jobs?/retry`, { jobId: (await mailJob())[0].id });
		expect(retried).toContain('Der Auftrag steht wieder in der Warteschlange.');
		await until(() => smtp.received.some((m) => m.to.includes('fatma.yilmaz@elternverein.example')), 'the mail');
		const mail = smtp.received.find((m) => m.to.includes('fatma.yilmaz@elternverein.example'))!.raw.replace(/=\r?\n/g, '');
		expect(mail).toContain(link);
		expect(mail).toMatch(/Message-ID: <[a-z0-9]+\.access-link@ratschlag>/i);
		await until(async () => (await mailJob())[0].state === 'done', 'the job to be done');
		expect(await page(personPage)).toContain('Verschickt am');
		// A done job keeps no token, not even sealed.
		expect(JSON.parse((await mailJob())[0].payload)).not.toHaveProperty('sealedToken');
		expect(await page(`/conferences/${conferenceId}/jobs`)).toContain('Es gibt keine fehlgeschlagenen Aufträge.');
	}, 120_000);

	it('an office may not retry another conference’s job, nor see the platform’s page', async () => {
		const other = await fetch(new URL('/jobs', server.origin), { headers: { cookie } });
		expect(other.status).toBe(403);
	});
});
