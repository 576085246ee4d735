import { eq, isNull } from 'drizzle-orm';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCheckInCode } from '../../src/lib/domain/checkIn';
import { calendarDayInZone } from '../../src/lib/domain/time';
import { createConference } from '../../src/lib/server/commands/createConference';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createStaffAccount } from '../../src/lib/server/commands/createStaffAccount';
import { invitePerson } from '../../src/lib/server/commands/invitePerson';
import { accessLinkUrl } from '../../src/lib/server/auth/accessLinks';
import { hashToken } from '../../src/lib/server/auth/sessions';
import { DEFAULT_CONFERENCE_SETTINGS } from '../../src/lib/server/db/schema';
import { LIMITS } from '../../src/lib/server/limits/table';
import { SYSTEM } from '../../src/lib/server/policies';
import type { Data } from '../../src/lib/server/db/client';
import { BEHIND_PROXY, type BuiltServer } from './support/builtServer';
import { builtServerOn } from './support/builtServerOn';
import { Client } from './support/client';
import { DIALECTS } from './support/data';
import { appRoutes } from './support/routes';

/**
 * The throttles as an attacker and the people they protect meet them: the built server, real
 * HTTP, client addresses named through X-Forwarded-For (the server is told it sits behind a
 * proxy). Needs `npm run build`. On SQLite and on PostgreSQL: the counters live in the server's
 * memory, but what they guard (sessions, known browsers, feedback, check-ins) in its database.
 */

/** The demo's sitting of today, which the check-in forms are posted for. */
interface Today {
	id: string;
	code: string;
	conferenceId: string;
}

// How a person sends a code on each route that checks in. A route that checks in reaches the
// command only through limits/checkIn.ts (held below), so a new one shows up in the list and
// the test of the routes fails until it is named here, with how to post to it.
const WAYS: Record<string, (code: string, today: Today) => { path: string; fields: Record<string, string> }> = {
	'/(app)/check-in': (code) => ({ path: '/check-in', fields: { code } }),
	'/(app)/check-in/[code]': (code) => ({ path: `/check-in/${code}`, fields: {} }),
	'/(app)/conferences/[conferenceId]/plenary/[sessionId]': (code, today) => ({
		path: `/conferences/${today.conferenceId}/plenary/${today.id}?/checkIn`,
		fields: { code }
	}),
	'/(easy)/einfach/sitzung/[sessionId]': (code, today) => ({ path: `/einfach/sitzung/${today.id}?/checkIn`, fields: { code } })
};

/** What a page says, without what differs between any two responses (the CSP nonce) and without the code itself. */
const normalized = (html: string, ...codes: string[]) =>
	codes.reduce(
		(text, code) => text.replaceAll(code, '‹code›').replaceAll(formatCheckInCode(code), '‹code›'),
		html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/'nonce-[^']*'/g, "'nonce-'")
	);

async function answer(response: Response, ...codes: string[]) {
	return { status: response.status, body: normalized(await response.text(), ...codes) };
}

const retryAfter = (response: Response) => Number(response.headers.get('retry-after'));

describe.each(DIALECTS)('the limits on %s', (dialect) => {
	const on = builtServerOn(dialect, { env: BEHIND_PROXY });
	let server: BuiltServer;
	let data: Data;
	let today: Today;
	let foreignCode: string;

	beforeAll(async () => {
		({ server, data } = on);
		const day = calendarDayInZone(new Date());
		const session = (await data.q.select().from(data.t.plenarySessions)).find((s) => calendarDayInZone(s.startsAt) === day);
		if (!session) throw new Error('the demo has no session today');
		today = { id: session.id, code: session.checkInCode, conferenceId: session.conferenceId };
		// A session today of a conference none of the demo's members belongs to.
		const other = await createConference(data, SYSTEM, {
			name: 'Gesundheitskonferenz Nachbarkreis',
			region: 'Nachbarkreis',
			description: null,
			settings: DEFAULT_CONFERENCE_SETTINGS
		});
		foreignCode = (
			await createPlenarySession(data, SYSTEM, {
				conferenceId: other.id,
				title: 'Plenum Nachbarkreis',
				startsAt: new Date(),
				place: 'Kreishaus',
				videoUrl: null
			})
		).checkInCode;
	});

	describe('password sign-in (issue 13 item 7)', () => {
		it('an attacker failing from another address is paused there and cannot lock the owner out', async () => {
			const office = server.demo('Geschäftsstelle');
			const attacker = new Client(server, '203.0.113.7');
			for (let i = 0; i < 5; i++) {
				const wrong = await attacker.post('/sign-in', { email: office.email!, password: `guess-${i}` });
				expect(wrong.status).toBe(400);
			}
			// Paused at the attacker's address, even for the right password: 429, when to try again, the e-mail kept.
			const paused = await attacker.post('/sign-in', { email: office.email!, password: office.password! });
			expect(paused.status).toBe(429);
			expect(retryAfter(paused)).toBeGreaterThan(14 * 60);
			expect(retryAfter(paused)).toBeLessThanOrEqual(15 * 60);
			const page = await paused.text();
			expect(page).toMatch(/Zu viele fehlgeschlagene Versuche\..*ab \d{1,2}:\d{2} Uhr wieder \(in etwa 15 Minuten\)/);
			expect(page).toContain(`value="${office.email}"`);

			// The owner, at their own address, signs in.
			const owner = new Client(server, '198.51.100.20');
			const signIn = await owner.post('/sign-in', { email: office.email!, password: office.password! });
			expect(signIn.status).toBe(303);
			expect(signIn.headers.get('location')).toBe('/start');
		});

		it('guessing from many addresses slows each to one try in 15 minutes; the owner still signs in, and the link never waits', async () => {
			const moderator = server.demo('Moderation');
			const bots = Array.from({ length: 21 }, (_, i) => new Client(server, `203.0.113.${100 + i}`));
			for (const bot of bots) expect((await bot.post('/sign-in', { email: moderator.email!, password: 'Sommer2026!' })).status).toBe(400);
			// The account is under attack now: each of those addresses has one more try, then waits.
			expect((await bots[0].post('/sign-in', { email: moderator.email!, password: 'Winter2026!' })).status).toBe(400);
			const slowed = await bots[0].post('/sign-in', { email: moderator.email!, password: 'Herbst2026!' });
			expect(slowed.status).toBe(429);
			expect(retryAfter(slowed)).toBeGreaterThan(14 * 60);
			// Two failures from here: the words say why (the account is under attack), not "too many".
			const words = await slowed.text();
			expect(words).toMatch(
				/Dieses Konto ist gerade besonders geschützt, weil es von anderswo viele fehlgeschlagene Anmeldeversuche gab\. Bitte versuchen Sie es ab \d{1,2}:\d{2} Uhr wieder \(in etwa 1[45] Minuten\)\. Mit Ihrem persönlichen Link können Sie sich jederzeit anmelden\./
			);
			expect(words).not.toContain('Zu viele');

			const owner = new Client(server, '198.51.100.21');
			expect((await owner.post('/sign-in', { email: moderator.email!, password: moderator.password! })).status).toBe(303);
			// The personal link is no password: it signs in even from an address that is paused.
			await bots[0].signInWithLink(moderator.link);
			expect(await (await bots[0].get('/start')).text()).toContain('Hallo, Dr. Miriam Okafor!');
		});
	});

	describe("the owner's known browsers (second attack, finding 6)", () => {
		/** A staff account of its own for each test, so no test meets another's counts. */
		async function staffAccount(name: string) {
			const email = `${name}@musterstadt.example`;
			const password = `Passwort-${name}-2026!`;
			const { person } = await invitePerson(data, SYSTEM, {
				conferenceId: today.conferenceId,
				displayName: name,
				email,
				organisation: null,
				preferredLocale: 'de',
				prefersEasyLanguage: false,
				role: 'member',
				memberStatus: 'advisory',
				deputyForPersonId: null,
				linkExpiresAt: null
			});
			await createStaffAccount(data, SYSTEM, { personId: person.id, email, password, isPlatformAdmin: false });
			return { personId: person.id, email, password };
		}
		const signIn = (client: Client, email: string, password: string) => client.post('/sign-in', { email, password });
		const devicesOf = (personId: string) => data.q.select().from(data.t.trustedDevices).where(eq(data.t.trustedDevices.personId, personId));
		/** 21 wrong passwords from five addresses (five each from four, one from the fifth): the account is under attack. */
		async function attack(email: string, network: string) {
			for (let a = 1; a <= 5; a++) {
				const bot = new Client(server, `${network}.${a}`);
				for (let i = 0; i < (a < 5 ? 5 : 1); i++) expect((await signIn(bot, email, `Rate-${a}-${i}`)).status).toBe(400);
			}
		}

		it('a password sign-in gives the browser a device cookie: HttpOnly, SameSite=Lax, for the sign-in form only, a year long; the server keeps only its hash', async () => {
			const owner = await staffAccount('geraet');
			const signedIn = await signIn(new Client(server, '198.51.100.30'), owner.email, owner.password);
			expect(signedIn.status).toBe(303);
			const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('ratschlag_device='))!;
			expect(cookie).toMatch(/; HttpOnly/i);
			expect(cookie).toMatch(/; SameSite=Lax/i);
			expect(cookie).toMatch(/; Path=\/sign-in(;|$)/i);
			const expires = new Date(/; Expires=([^;]+)/i.exec(cookie)![1]).getTime();
			expect(expires).toBeGreaterThan(Date.now() + 360 * 24 * 3600_000);
			const token = cookie.slice('ratschlag_device='.length).split(';')[0];
			expect((await devicesOf(owner.personId)).map((d) => d.id)).toEqual([hashToken(token)]);
		});

		it('the attack of the report: 21 failures from five addresses, then the owner types one wrong password in their own browser and still gets in; a new browser of theirs is told why it waits', async () => {
			const owner = await staffAccount('buero');
			const home = '198.51.100.7';
			const browser = new Client(server, home);
			expect((await signIn(browser, owner.email, owner.password)).status).toBe(303);
			await browser.post('/sign-out', {});

			await attack(owner.email, '203.0.113');
			expect((await signIn(browser, owner.email, 'Tippfehler!')).status).toBe(400);
			const again = await signIn(browser, owner.email, owner.password);
			expect(again.status).toBe(303);
			expect(again.headers.get('location')).toBe('/start');

			// Another browser of the owner, at the same address, not known yet: one typo, then the wait,
			// in words for someone who typed one wrong password.
			const laptop = new Client(server, home);
			expect((await signIn(laptop, owner.email, 'Tippfehler!')).status).toBe(400);
			const waits = await signIn(laptop, owner.email, owner.password);
			expect(waits.status).toBe(429);
			expect(retryAfter(waits)).toBeGreaterThan(14 * 60);
			const words = await waits.text();
			expect(words).toMatch(
				/Dieses Konto ist gerade besonders geschützt, weil es von anderswo viele fehlgeschlagene Anmeldeversuche gab\. Bitte versuchen Sie es ab \d{1,2}:\d{2} Uhr wieder \(in etwa 15 Minuten\)\. Mit Ihrem persönlichen Link können Sie sich jederzeit anmelden\./
			);
			expect(words).not.toContain('Zu viele');
		});

		it("someone failing behind the owner's own address pauses that address, not the owner's browser; a device cookie of another account is no pass", async () => {
			const owner = await staffAccount('empfang');
			const colleague = await staffAccount('kollegin');
			const office = '198.51.100.40';
			const browser = new Client(server, office);
			expect((await signIn(browser, owner.email, owner.password)).status).toBe(303);
			await browser.post('/sign-out', {});

			const intruder = new Client(server, office);
			for (let i = 0; i < 5; i++) expect((await signIn(intruder, owner.email, `Rate-${i}`)).status).toBe(400);
			const paused = await signIn(intruder, owner.email, owner.password);
			expect(paused.status).toBe(429);
			expect(await paused.text()).toContain('Zu viele fehlgeschlagene Versuche.');
			expect((await signIn(browser, owner.email, owner.password)).status).toBe(303);
			await browser.post('/sign-out', {});

			// The colleague is paused at this address too; the owner's browser is not hers.
			for (let i = 0; i < 5; i++) expect((await signIn(intruder, colleague.email, `Rate-${i}`)).status).toBe(400);
			expect((await signIn(browser, colleague.email, colleague.password)).status).toBe(429);
		});

		it('a browser that keeps failing is trusted no more: five wrong passwords are its own, the sixth withdraws its cookie, and from then on it waits like any other', async () => {
			const owner = await staffAccount('verlust');
			const address = '198.51.100.50';
			const browser = new Client(server, address);
			expect((await signIn(browser, owner.email, owner.password)).status).toBe(303);
			await browser.post('/sign-out', {});
			expect(await devicesOf(owner.personId)).toHaveLength(1);

			for (let i = 0; i < 5; i++) {
				const wrong = await signIn(browser, owner.email, `Rate-${i}`);
				expect(wrong.status).toBe(400);
				expect(wrong.headers.getSetCookie().some((c) => c.startsWith('ratschlag_device='))).toBe(false);
			}
			const sixth = await signIn(browser, owner.email, 'Rate-5');
			expect(sixth.status).toBe(400);
			expect(sixth.headers.getSetCookie().find((c) => c.startsWith('ratschlag_device='))).toMatch(/^ratschlag_device=;/);
			expect(await devicesOf(owner.personId)).toHaveLength(0);
			// The sixth was the first failure this address counted for the account: four more, then the pause.
			for (let i = 6; i < 10; i++) expect((await signIn(browser, owner.email, `Rate-${i}`)).status).toBe(400);
			expect((await signIn(browser, owner.email, owner.password)).status).toBe(429);
		});

		it('signing out everywhere forgets every browser', async () => {
			const owner = await staffAccount('ueberall');
			const browser = new Client(server, '198.51.100.60');
			expect((await signIn(browser, owner.email, owner.password)).status).toBe(303);
			expect((await signIn(new Client(server, '198.51.100.61'), owner.email, owner.password)).status).toBe(303);
			expect(await devicesOf(owner.personId)).toHaveLength(2);
			const out = await browser.post('/account?/signOutEverywhere', {});
			expect(out.status).toBe(303);
			expect(out.headers.getSetCookie().find((c) => c.startsWith('ratschlag_device='))).toMatch(/^ratschlag_device=;/);
			expect(await devicesOf(owner.personId)).toHaveLength(0);
		});
	});

	describe('accessibility feedback (issue 13 item 5)', () => {
		const post = (client: Client, message: string, extra: Record<string, string> = {}) => client.post('/barrierefreiheit', { message, website: '', ...extra });
		const stored = async () => (await data.q.select().from(data.t.accessibilityFeedback)).length;

		it('one address sends ten an hour; the eleventh waits with 429, Retry-After and a message, its text kept; another address still sends', async () => {
			const neighbour = new Client(server, '192.0.2.10');
			const before = await stored();
			for (let i = 0; i < 10; i++) {
				const sent = await post(neighbour, `Rückmeldung Nummer ${i}: Der Kontrast ist zu schwach.`);
				expect(sent.status).toBe(200);
				expect(await sent.text()).toContain('Danke für Ihre Rückmeldung.');
			}
			const refused = await post(neighbour, 'Noch eine: die Schrift im Plenum ist zu klein.');
			expect(refused.status).toBe(429);
			expect(retryAfter(refused)).toBeGreaterThan(59 * 60);
			const page = await refused.text();
			expect(page).toMatch(/Von Ihrem Anschluss kamen in kurzer Zeit viele Rückmeldungen\. Bitte senden Sie Ihre Nachricht ab \d{1,2}:\d{2} Uhr noch einmal/);
			expect(page).toContain('>Noch eine: die Schrift im Plenum ist zu klein.</textarea>');
			expect(page).not.toContain('Danke für Ihre Rückmeldung.');
			expect(await stored()).toBe(before + 10);

			const other = new Client(server, '192.0.2.11');
			expect((await post(other, 'Die Tabelle hat keine Überschriften.')).status).toBe(200);
			expect(await stored()).toBe(before + 11);
		});

		it('posts that store nothing use none of the allowance: a made-up conference from twelve addresses is told so 120 times, never paused', async () => {
			const before = await stored();
			const unknown = 'zzzzzzzzzzzzzzzz';
			for (let a = 0; a < 12; a++) {
				const sender = new Client(server, `198.18.0.${a + 1}`);
				for (let i = 0; i < 10; i++) {
					const refused = await post(sender, `Barriere ${a}.${i}`, { conferenceId: unknown });
					expect(refused.status, `address ${a}, post ${i}`).toBe(400);
					expect(await refused.text()).toContain('Diese Konferenz gibt es nicht');
				}
			}
			expect(await stored()).toBe(before);
		});

		it('three addresses cannot close the form for everyone: after their thirty, a fourth still sends', async () => {
			const before = await stored();
			for (let a = 0; a < 3; a++) {
				const sender = new Client(server, `198.18.1.${a + 1}`);
				for (let i = 0; i < 10; i++) expect((await post(sender, `Flut ${a}.${i}`)).status).toBe(200);
			}
			const person = await post(new Client(server, '198.18.1.100'), 'Die Untertitel im Video fehlen.');
			expect(person.status).toBe(200);
			expect(await person.text()).toContain('Danke für Ihre Rückmeldung.');
			expect(await stored()).toBe(before + 31);
		});

		it('a flood from many addresses stops at 100 stored an hour per inbox, robots caught by the honeypot use up nothing, and another inbox still takes feedback', async () => {
			const platform = async () => (await data.q.select().from(data.t.accessibilityFeedback).where(isNull(data.t.accessibilityFeedback.conferenceId))).length;
			// Stored for the platform within this hour by the tests above (the demo's own feedback came by the command, uncounted).
			const counted = 11 + 31;
			const before = await stored();
			const alreadyThere = await platform();
			for (let i = 0; i < 40; i++) {
				const robot = await post(new Client(server, `198.18.2.${i + 1}`), 'Cheap pills', { website: 'http://spam.example' });
				expect(robot.status).toBe(200);
			}
			expect(await stored()).toBe(before);
			const left = LIMITS['feedback.target'].points - counted;
			for (let i = 0; i < left; i++) {
				const sent = await post(new Client(server, `198.18.${3 + Math.floor(i / 10)}.${(i % 10) + 1}`), `Barriere ${i}`);
				expect(sent.status, `post ${i + 1} of ${left}`).toBe(200);
			}
			expect(await platform()).toBe(alreadyThere + left);

			const refused = await post(new Client(server, '198.18.20.1'), 'Ich finde den Knopf zum Abstimmen nicht.');
			expect(refused.status).toBe(429);
			expect(retryAfter(refused)).toBeGreaterThan(0);
			const page = await refused.text();
			expect(page).toMatch(/Gerade kommen sehr viele Rückmeldungen an\. Bitte senden Sie Ihre Nachricht ab \d{1,2}:\d{2} Uhr noch einmal/);
			expect(page).toContain('>Ich finde den Knopf zum Abstimmen nicht.</textarea>');
			expect(await platform()).toBe(alreadyThere + left);

			// Feedback about the demo conference goes to its office's inbox, which has its own allowance.
			const aboutTheConference = await post(new Client(server, '198.18.20.2'), 'Im Plenum fehlt die Induktionsschleife.', { conferenceId: today.conferenceId });
			expect(aboutTheConference.status).toBe(200);
			expect(await aboutTheConference.text()).toContain('Danke für Ihre Rückmeldung.');
		});
	});

	describe('check-in codes (issue 13 item 11)', () => {
		it('a code of a conference the person does not belong to answers exactly like a code that does not exist', async () => {
			const jens = new Client(server, '192.0.2.50');
			await jens.signInWithLink(server.demo('Stimmberechtigtes').link);
			const unknown = 'ZZZZZZ';
			expect(foreignCode).not.toBe(unknown);
			const both = async (ask: (code: string) => Promise<Response>) => [
				await answer(await ask(unknown), unknown),
				await answer(await ask(foreignCode), foreignCode)
			];

			// The page the QR code leads to, whole and as a partial data request for the page's node alone.
			const [page, foreignPage] = await both((code) => jens.get(`/check-in/${code}`));
			expect(page.status).toBe(404);
			expect(foreignPage).toEqual(page);
			const [data, foreignData] = await both((code) => jens.get(`/check-in/${code}/__data.json?x-sveltekit-invalidated=001`));
			expect(data.body).toContain('not_found');
			expect(foreignData).toEqual(data);
			// The forms: the code typed at /check-in, the button on /check-in/<code>, the easy page's form.
			const [typed, foreignTyped] = await both((code) => jens.post('/check-in', { code }));
			expect(typed.status).toBe(400);
			expect(typed.body).toContain('Diesen Code gibt es nicht.');
			expect(foreignTyped).toEqual(typed);
			const [button, foreignButton] = await both((code) => jens.post(`/check-in/${code}`, {}));
			expect(button.status).toBe(404);
			expect(foreignButton).toEqual(button);

			const lena = new Client(server, '192.0.2.51');
			await lena.signInWithLink(server.demo('Selbstvertreterin').link);
			const [easy, foreignEasy] = [
				await answer(await lena.post(`/einfach/sitzung/${today.id}?/checkIn`, { code: unknown }), unknown),
				await answer(await lena.post(`/einfach/sitzung/${today.id}?/checkIn`, { code: foreignCode }), foreignCode)
			];
			expect(easy.status).toBe(400);
			expect(easy.body).toContain('Der Code ist falsch.');
			expect(foreignEasy).toEqual(easy);
		});

		it('wrong codes pause a person with a message and Retry-After; a typo followed by the right code gets in; others at the same address still get in', async () => {
			const room = '192.0.2.60';
			const elena = new Client(server, room);
			await elena.signInWithLink(server.demo('Beratendes Mitglied').link);
			expect((await elena.post('/check-in', { code: 'ABC-234' })).status).toBe(400);
			const right = await elena.post('/check-in', { code: formatCheckInCode(today.code) });
			expect(right.status).toBe(303);
			expect(right.headers.get('location')).toMatch(new RegExp(`/plenary/${today.id}\\?checkedIn$`));

			const sabrina = new Client(server, room);
			await sabrina.signInWithLink(server.demo('Stellvertretung').link);
			for (let i = 0; i < 10; i++) expect((await sabrina.post('/check-in', { code: `XYZ-${222 + i}` })).status).toBe(400);
			const paused = await sabrina.post('/check-in', { code: 'XYZ-999' });
			expect(paused.status).toBe(429);
			expect(retryAfter(paused)).toBeGreaterThan(14 * 60);
			const page = await paused.text();
			expect(page).toMatch(/Zu viele falsche Codes\. Bitte versuchen Sie es ab \d{1,2}:\d{2} Uhr wieder \(in etwa 15 Minuten\)/);
			expect(page).toContain('value="XYZ-999"');
			// Paused means paused: the right code waits too, typed or scanned.
			expect((await sabrina.post('/check-in', { code: today.code })).status).toBe(429);
			const scanned = await sabrina.get(`/check-in/${today.code}`);
			expect(scanned.status).toBe(429);
			expect(retryAfter(scanned)).toBeGreaterThan(0);
			expect(await scanned.text()).toMatch(/Zu viele Versuche.*Ab \d{1,2}:\d{2} Uhr können Sie es wieder versuchen\./s);

			// Someone else in the same room checks in with the right code.
			const juergen = new Client(server, room);
			await juergen.signInWithLink(server.demo('Selbstvertreter, Protokoll').link);
			expect((await juergen.post('/check-in', { code: today.code })).status).toBe(303);
		});

		it('the easy check-in pauses in Leichte Sprache, keeping what was typed; a typo followed by the right code gets in there too', async () => {
			// Lena typed two wrong codes in the test above; eight more make ten.
			const lena = new Client(server, '192.0.2.51');
			await lena.signInWithLink(server.demo('Selbstvertreterin').link);
			const form = `/einfach/sitzung/${today.id}?/checkIn`;
			for (let i = 0; i < 8; i++) expect((await lena.post(form, { code: `QRS-${222 + i}` })).status).toBe(400);
			const paused = await lena.post(form, { code: 'QRS-999' });
			expect(paused.status).toBe(429);
			expect(retryAfter(paused)).toBeGreaterThan(14 * 60);
			const page = await paused.text();
			expect(page).toMatch(/Der Code war oft falsch\.[\s\S]*Bitte warten Sie bis \d{1,2}:\d{2} Uhr\./);
			expect(page).toContain('value="QRS-999"');

			const guest = new Client(server, '192.0.2.51');
			await guest.signInWithLink(server.demo('Gast').link);
			expect((await guest.post(form, { code: 'QRS-998' })).status).toBe(400);
			const checkedIn = await guest.post(form, { code: today.code.toLowerCase() });
			expect(checkedIn.status).toBe(303);
			expect(checkedIn.headers.get('location')).toBe(`/einfach/sitzung/${today.id}#check-in`);
			expect(await (await guest.get(`/einfach/sitzung/${today.id}`)).text()).toContain('Sie sind angemeldet.');
		});
	});

	describe('every way to check in (second attack, finding 4)', () => {
		it.each(Object.keys(WAYS))('%s: ten wrong codes, then a pause with 429 and Retry-After', async (route) => {
			// A member of their own, at an address of their own: nothing counted before.
			const n = Object.keys(WAYS).indexOf(route);
			const { token } = await invitePerson(data, SYSTEM, {
				conferenceId: today.conferenceId,
				displayName: `Mitglied ${n}`,
				email: null,
				organisation: null,
				preferredLocale: 'de',
				prefersEasyLanguage: false,
				role: 'member',
				memberStatus: 'voting',
				deputyForPersonId: null,
				linkExpiresAt: null
			});
			const member = new Client(server, `192.0.2.${80 + n}`);
			await member.signInWithLink(accessLinkUrl(server.origin, token));
			const send = (code: string) => {
				const { path, fields } = WAYS[route](code, today);
				return member.post(path, fields);
			};
			for (let i = 0; i < 10; i++) {
				const wrong = await send(`WRG-${222 + i}`);
				expect(wrong.status, `wrong code ${i + 1}`).not.toBe(429);
				expect(wrong.status).toBeLessThan(500);
			}
			const paused = await send('WRG-999');
			expect(paused.status).toBe(429);
			expect(retryAfter(paused)).toBeGreaterThan(14 * 60);
			// Paused means paused, on this route too: the right code waits.
			expect((await send(today.code)).status).toBe(429);
		});
	});
});

// The source read as files: no server and no database, so once, outside the dialects.
describe('every way to check in (second attack, finding 4): the code that checks in', () => {
	/** Every file of the app, as the path the test reads it under. */
	const sourceFiles = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : sourceFiles(path);
			return /\.(ts|svelte)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
		});
	const importing = (module: RegExp) => sourceFiles('src').filter((file) => module.test(readFileSync(file, 'utf8')));

	it('only the limiter (and the demo seed) calls the check-in command', () => {
		expect(importing(/from '[^']*commands\/checkIn'/).sort()).toEqual(['src/lib/server/demo/seed.ts', 'src/lib/server/limits/checkIn.ts']);
	});

	it('the routes that check in are the ones this test posts to', () => {
		const checkingIn = appRoutes()
			.filter((route) => route.kind === 'page')
			.filter((route) => {
				const server = join('src/routes', route.id, '+page.server.ts');
				return existsSync(server) && /from '\$lib\/server\/limits\/checkIn'/.test(readFileSync(server, 'utf8'));
			})
			.map((route) => route.id);
		expect(checkingIn.sort()).toEqual(Object.keys(WAYS).sort());
	});
});
