import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer, type BuiltServer } from './support/builtServer';
import { until } from './support/collab';

/**
 * Bad requests against the production build: each gets a page that says in plain words what
 * happened and what to do, and none is logged as a fault. Real faults still are, with their id.
 */
// Behind a proxy the client's address comes from this header; a request without it is a fault
// of the set-up (500), which is how the test provokes a real one.
const ADDRESS_HEADER = 'x-test-client';
let server: BuiltServer;
let origin: string;

beforeAll(async () => {
	server = await startBuiltServer({ env: { ADDRESS_HEADER } });
	origin = server.origin;
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

/**
 * What the server printed while `run` ran, once `last` (a pattern of the last line expected) has
 * arrived: the server's log lines all go to one pipe in order, so nothing before it is missing.
 */
async function logOf(run: () => Promise<void>, last: RegExp): Promise<string> {
	const before = server.output().length;
	await run();
	await until(() => last.test(server.output().slice(before)), 10_000, `${last} in the server's log`);
	return server.output().slice(before);
}

const STACK = /\n\s+at /;
const FAULT_ID = /\[[0-9a-f]{8}\]/;

function post(path: string, body: BodyInit, headers: Record<string, string>, init: RequestInit = {}) {
	return fetch(`${origin}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', [ADDRESS_HEADER]: '203.0.113.7', ...headers },
		body,
		...init
	});
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('answers to bad requests (production build)', () => {
	it('a 1 MB form post: 413 and a page that says the text was too long and how to get it back', async () => {
		const log = await logOf(async () => {
			const response = await post('/barrierefreiheit', `message=${'a'.repeat(1_000_000)}&name=Petra`, FORM);
			expect(response.status).toBe(413);
			const page = await response.text();
			expect(page).toContain('Zu viel Text auf einmal');
			expect(page).toContain('Gehen Sie mit der Zurück-Taste Ihres Browsers zum Formular zurück');
			expect(page).not.toContain('Das ist unser Fehler');
			expect(page).not.toContain('Fehlernummer');

			// Sent in chunks without a length, it is cut off once past the limit, with the same answer.
			const chunk = new TextEncoder().encode(`message=${'a'.repeat(64 * 1024)}`);
			const stream = new ReadableStream<Uint8Array>({
				start(controller) {
					for (let i = 0; i < 16; i++) controller.enqueue(chunk);
					controller.close();
				}
			});
			const chunked = await post('/barrierefreiheit', stream, FORM, { duplex: 'half' } as RequestInit);
			expect(chunked.status).toBe(413);
			expect(await chunked.text()).toContain('Zu viel Text auf einmal');
		}, /(client error 413 POST \/barrierefreiheit[^\n]*\n[^]*){2}/);
		expect(log).not.toMatch(STACK);
		expect(log).not.toMatch(FAULT_ID);
		expect(log).toContain('client error 413 POST /barrierefreiheit');
	});

	it('a form the size of the largest the pages allow still goes through', async () => {
		// The feedback message filled to its limit with three-byte characters: about 45 KB encoded.
		const response = await post('/barrierefreiheit', new URLSearchParams({ message: '€'.repeat(5000), website: '' }).toString(), FORM);
		expect(response.status).toBe(200);
		expect(await response.text()).not.toContain('Zu viel Text auf einmal');
	});

	it('JSON posted to a form action: a clear answer for a browser and for a script, no fault logged', async () => {
		const log = await logOf(async () => {
			const page = await post('/barrierefreiheit', JSON.stringify({ message: 'Hallo' }), { 'content-type': 'application/json' });
			expect(page.status).toBe(415);
			const html = await page.text();
			expect(html).toContain('Diese Seite nimmt das so nicht an');
			expect(html).not.toContain('Das ist unser Fehler');

			const json = await post('/barrierefreiheit', JSON.stringify({ message: 'Hallo' }), { 'content-type': 'application/json', accept: 'application/json' });
			expect(json.status).toBe(415);
			expect(await json.json()).toEqual({ type: 'error', error: { message: 'Unsupported Media Type' } });
		}, /(client error 415 POST \/barrierefreiheit[^\n]*\n[^]*){2}/);
		expect(log).not.toMatch(STACK);
		expect(log).not.toMatch(FAULT_ID);
	});

	it('a body that is not the form its type names, and a post where no form takes one: clear pages, no fault', async () => {
		const log = await logOf(async () => {
			const broken = await post('/barrierefreiheit', 'garbage', { 'content-type': 'multipart/form-data; boundary=zzz' });
			expect(broken.status).toBe(400);
			expect(await broken.text()).toContain('Das konnten wir nicht lesen');

			const noForm = await post('/leichte-sprache', 'a=b', FORM);
			expect(noForm.status).toBe(405);
			expect(await noForm.text()).toContain('Diese Seite nimmt das so nicht an');
		}, /client error 405 POST \/leichte-sprache/);
		expect(log).not.toMatch(STACK);
		expect(log).not.toMatch(FAULT_ID);
	});

	it('a tampered hidden id: 400 with a message for the whole form, and the note typed comes back', async () => {
		const office = server.demo('Geschäftsstelle');
		const signIn = await post(new URL(office.link).pathname, '', FORM);
		expect(signIn.status).toBe(303);
		const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='))!.split(';')[0];
		const start = await (await fetch(`${origin}/start`, { headers: { cookie, [ADDRESS_HEADER]: '203.0.113.7' } })).text();
		const conferenceId = /href="\/conferences\/([a-z0-9]+)"/.exec(start)![1];
		const inbox = `/conferences/${conferenceId}/feedback`;
		// The demo's inbox has an open report, answered with a form that names it in a hidden field.
		expect(await (await fetch(`${origin}${inbox}`, { headers: { cookie, [ADDRESS_HEADER]: '203.0.113.7' } })).text()).toContain('name="feedbackId"');

		const note = 'Angerufen und erklärt, wie die Filter vorgelesen werden.';
		for (const [feedbackId, status] of [
			['../../etc/passwd', 400],
			// Well-formed, but no such report: as when someone else has just dealt with it.
			['aaaaaaaaaaaaaaaa', 404]
		] as const) {
			const response = await post(`${inbox}?/answer`, new URLSearchParams({ feedbackId, note }).toString(), { ...FORM, cookie });
			expect(response.status, feedbackId).toBe(status);
			const page = await response.text();
			const alert = /<p class="notice danger form-error" role="alert">([^<]*)<\/p>/.exec(page);
			expect(alert?.[1], feedbackId).toBeTruthy();
			expect(page).toContain(note);
		}
		const tampered = await post(`${inbox}?/answer`, new URLSearchParams({ feedbackId: 'junk!', note }).toString(), { ...FORM, cookie });
		expect(await tampered.text()).toContain('Das Formular passte nicht mehr zur Seite');
	});

	it('a real fault (5xx) is still logged, once, with its id and stack, and the page shows the id', async () => {
		let page = '';
		const log = await logOf(async () => {
			// Without the address header the proxy set-up promises: the server cannot throttle by address.
			const response = await fetch(`${origin}/sign-in`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin, accept: 'text/html', ...FORM },
				body: 'email=office%40musterstadt.example&password=wrong'
			});
			expect(response.status).toBe(500);
			page = await response.text();
		}, /\[[0-9a-f]{8}\] POST \/sign-in[^]*\n\s+at /);
		const id = FAULT_ID.exec(log)?.[0].slice(1, -1);
		expect(id).toBeDefined();
		expect(log).toMatch(STACK);
		expect(page).toContain('Das ist unser Fehler');
		expect(page).toContain(`Fehlernummer für Rückfragen: ${id}`);
	});
});
