import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltServer } from './support/builtServer';
import { builtServerOn } from './support/builtServerOn';
import { until } from './support/collab';
import { DIALECTS } from './support/data';
import { DEFAULT_CONFERENCE_SETTINGS } from '../../src/lib/server/db/schema';
import { createConference } from '../../src/lib/server/commands/createConference';
import { SYSTEM } from '../../src/lib/server/policies';

/**
 * Bad requests against the production build: each gets a page that says in plain words what
 * happened and what to do, and none is logged as a fault. Real faults still are, with their id.
 * The server on a SQLite file and on PostgreSQL.
 */
// Behind a proxy the client's address comes from this header; a request without it is a fault
// of the set-up (500), which is how the test provokes a real one.
const ADDRESS_HEADER = 'x-test-client';
describe.each(DIALECTS)('the production build on %s', (dialect) => {
	const on = builtServerOn(dialect, { env: { ADDRESS_HEADER } });
	// The server of the dialect: the helpers below reach it by these names.
	let server: BuiltServer;
	let origin: string;

	beforeAll(() => {
		server = on.server;
		origin = server.origin;
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
	const ENHANCED = { accept: 'application/json', 'x-sveltekit-action': 'true' };
	// The words of the error page, which use:enhance and scripts get as the error's message too.
	const WRONG_REQUEST =
		'Die Formulare dieser Seite werden aus dem Browser gesendet, so wie die Seite sie zeigt. Es wurde nichts gespeichert. Bitte öffnen Sie die Seite und benutzen Sie das Formular dort.';
	const TOO_LARGE = 'Was Sie senden wollten, ist größer, als ein Formular hier aufnimmt. Es wurde nichts gespeichert.';
	const CROSS_SITE =
		'Hier werden nur Formulare angenommen, die von unseren eigenen Seiten gesendet werden. Dieses kam von einer anderen Adresse, deshalb wurde nichts gespeichert. Öffnen Sie die Seite bei uns und senden Sie das Formular dort.';

	/** The text of a page's first heading and the language it declares. */
	const headingOf = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
	const langOf = (html: string) => /<html lang="([^"]*)"/.exec(html)?.[1];

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
				expect(await json.json()).toEqual({ type: 'error', error: { message: WRONG_REQUEST } });
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
			const cookie = signIn.headers
				.getSetCookie()
				.find((c) => c.startsWith('ratschlag_session='))!
				.split(';')[0];
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

		it("a form too large or not a form, sent with use:enhance: the error the form gets is our words, not SvelteKit's English", async () => {
			const large = await post('/barrierefreiheit', `message=${'a'.repeat(1_000_000)}`, { ...FORM, ...ENHANCED });
			expect(large.status).toBe(413);
			expect(await large.json()).toEqual({ type: 'error', error: { message: TOO_LARGE } });
			const json = await post('/barrierefreiheit', JSON.stringify({ message: 'Hallo' }), { 'content-type': 'application/json', ...ENHANCED });
			expect(json.status).toBe(415);
			expect(await json.json()).toEqual({ type: 'error', error: { message: WRONG_REQUEST } });
		});

		it('a form action the page does not have, the reserved "default" and names every object inherits: 404 in plain words, nothing run, no fault', async () => {
			const log = await logOf(async () => {
				for (const name of ['default', 'toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty', 'nope']) {
					const page = await post(`/sign-in?/${name}`, 'email=a%40b.example&password=x', FORM);
					expect(page.status, name).toBe(404);
					const html = await page.text();
					expect(headingOf(html), name).toBe('Diese Seite nimmt das so nicht an');
					expect(html).not.toContain('Das ist unser Fehler');
					// The sign-in form did not run: it would have answered 400 with its own message.
					expect(html).not.toContain('E-Mail-Adresse oder Passwort stimmen nicht');

					const enhanced = await post(`/sign-in?/${name}`, 'email=a%40b.example&password=x', { ...FORM, ...ENHANCED });
					expect(enhanced.status, name).toBe(404);
					expect(await enhanced.json(), name).toEqual({ type: 'error', error: { message: WRONG_REQUEST, reason: 'no_such_form' } });
				}
				// Another action name after the first still counts as the first did (SvelteKit reads the first).
				expect((await post('/barrierefreiheit?x=1&/default&/other', 'message=Hallo', FORM)).status).toBe(404);
				// A request to mark the end of what this test logs.
				await post('/leichte-sprache', 'a=b', FORM);
			}, /client error 405 POST \/leichte-sprache/);
			expect(log).not.toMatch(STACK);
			expect(log).not.toMatch(FAULT_ID);
		});

		it('a broken address gets words about the address, not about a form', async () => {
			for (const path of ['/conferences/%ZZ', '/%E0%A4%A']) {
				const response = await fetch(`${origin}${path}`, { headers: { accept: 'text/html', [ADDRESS_HEADER]: '203.0.113.7' } });
				expect(response.status, path).toBe(400);
				const html = await response.text();
				expect(headingOf(html), path).toBe('Diese Adresse ist beschädigt');
				expect(html).toContain('Vielleicht ist beim Kopieren des Links etwas verloren gegangen.');
				expect(html).not.toContain('kein vollständiges Formular');
			}
		});

		it("a form sent from another site: 403 in our words, in the person's language, nothing run; the same form from our own pages goes through", async () => {
			const stored = async () => (await on.data.q.select().from(on.data.t.accessibilityFeedback)).length;
			const before = await stored();
			const log = await logOf(async () => {
				const bodies: [string, BodyInit][] = [
					['application/x-www-form-urlencoded', 'message=Gef%C3%A4lscht'],
					['multipart/form-data; boundary=zzz', '--zzz\r\nContent-Disposition: form-data; name="message"\r\n\r\nGefälscht\r\n--zzz--\r\n'],
					['text/plain', 'message=Gefälscht']
				];
				for (const [type, body] of bodies) {
					for (const from of ['https://evil.example', null]) {
						const headers: Record<string, string> = { 'content-type': type, accept: 'text/html', [ADDRESS_HEADER]: '203.0.113.7' };
						if (from) headers.origin = from;
						const refused = await fetch(`${origin}/barrierefreiheit`, { method: 'POST', redirect: 'manual', headers, body });
						expect(refused.status, `${type} from ${from}`).toBe(403);
						const html = await refused.text();
						expect(langOf(html)).toBe('de');
						expect(headingOf(html)).toBe('Das Formular kam von einer anderen Seite');
						expect(html).toContain(CROSS_SITE);
					}
				}
				const script = await post('/barrierefreiheit', 'message=x', { ...FORM, origin: 'https://evil.example', accept: 'application/json' });
				expect(script.status).toBe(403);
				expect(await script.json()).toEqual({ message: CROSS_SITE, reason: 'cross_site' });
				const enhanced = await post('/barrierefreiheit', 'message=x', { ...FORM, ...ENHANCED, origin: 'https://evil.example' });
				expect(enhanced.status).toBe(403);
				expect(await enhanced.json()).toEqual({ type: 'error', error: { message: CROSS_SITE, reason: 'cross_site' } });
				const english = await post('/barrierefreiheit', 'message=x', { ...FORM, origin: 'https://evil.example', cookie: 'ratschlag_locale=en' });
				const englishPage = await english.text();
				expect(langOf(englishPage)).toBe('en');
				expect(headingOf(englishPage)).toBe('The form came from another site');
			}, /client error 403 POST \/barrierefreiheit: form sent from https:\/\/evil\.example[^\n]*\n(?:[^]*client error 403 POST \/barrierefreiheit[^\n]*\n){8}/);
			expect(log).toContain(`this server is ${origin}`);
			expect(log).not.toMatch(STACK);
			expect(await stored()).toBe(before);

			// Not a form type: no browser sends it cross-site without asking first, so the rule leaves it to the form (415).
			expect((await post('/barrierefreiheit', '{}', { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(415);
			// From our own page, the same form is stored.
			const ours = await post('/barrierefreiheit', 'message=Von%20hier&website=', FORM);
			expect(ours.status).toBe(200);
			expect(await stored()).toBe(before + 1);
		});

		it('a method a route does not take: 405 in our words, with the methods it takes', async () => {
			const page = await fetch(`${origin}/barrierefreiheit`, {
				method: 'PUT',
				headers: { origin, accept: 'text/html', [ADDRESS_HEADER]: '203.0.113.7' },
				body: 'x'
			});
			expect(page.status).toBe(405);
			expect(page.headers.get('allow')).toBe('GET, POST, OPTIONS, HEAD');
			const html = await page.text();
			expect(langOf(html)).toBe('de');
			expect(headingOf(html)).toBe('Diese Seite nimmt das so nicht an');
			const endpoint = await fetch(`${origin}/metrics`, { method: 'DELETE', headers: { origin, accept: 'application/json', [ADDRESS_HEADER]: '203.0.113.7' } });
			expect(endpoint.status).toBe(405);
			expect(endpoint.headers.get('allow')).toMatch(/^GET\b/);
			expect(await endpoint.json()).toEqual({ message: WRONG_REQUEST });
		});

		it("a form posted without JavaScript where the person may not: the refusal in their language, not SvelteKit's English fallback", async () => {
			const foreign = await createConference(on.data, SYSTEM, {
				name: 'Gesundheitskonferenz Nachbarkreis',
				region: 'Nachbarkreis',
				description: null,
				settings: DEFAULT_CONFERENCE_SETTINGS
			});
			const guest = await server.signIn(server.demo('Gast').link);
			const refused = await post(`/conferences/${foreign.id}/settings`, 'name=Meins', { ...FORM, cookie: guest });
			expect(refused.status).toBe(403);
			const html = await refused.text();
			expect(langOf(html)).toBe('de');
			expect(headingOf(html)).toBe('Das dürfen Sie hier nicht');
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
});
