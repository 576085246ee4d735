import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { formatCheckInCode } from '../../src/lib/domain/checkIn';
import { addAgendaItem, readAgenda } from '../../src/lib/plenary/agenda';
import { nextSpeaker, readSpeakers } from '../../src/lib/plenary/speakers';
import { first } from '../../src/lib/server/db/client';
import { builtServerOn } from './support/builtServerOn';
import { connect, sessionCookieOn, until } from './support/collab';
import { DIALECTS } from './support/data';

/**
 * The participant pages keep what they read of the session's document until it changes (issue
 * 15, the arrival). Against the built server on the demo, on a SQLite file and on PostgreSQL: a
 * voting member loads the session page and the easy session page again and again, and each change
 * the room makes shows on the very next load, with the document held live by the moderator's
 * console and with it let go (read from the store): an agenda edit, a speaker asking and being
 * called, a poll opening. And what a page keeps for everyone is still shown to no one the policies
 * refuse.
 */
describe.each(DIALECTS)('the arrival on %s', (dialect) => {
	const on = builtServerOn(dialect, { env: { COLLAB_UNLOAD_GRACE_MS: '100', METRICS_TOKEN: 'arrival-scraper' } });
	let session: { id: string; conferenceId: string; checkInCode: string };
	let pagePath: string;
	let easyPath: string;
	let member: string;
	let moderator: string;
	let outsider: string;

	async function page(path: string, cookie: string) {
		const response = await fetch(`${on.server.origin}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
		return { status: response.status, html: await response.text() };
	}

	async function post(path: string, cookie: string, action: string, fields: Record<string, string> = {}) {
		const response = await fetch(`${on.server.origin}${path}?/${action}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: on.server.origin, cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
		await response.text();
		return response.status;
	}

	/** Both participant pages of the member, loaded as a phone does; each must answer 200. */
	async function bothPages() {
		const [full, easy] = await Promise.all([page(pagePath, member), page(easyPath, member)]);
		expect(full.status).toBe(200);
		expect(easy.status).toBe(200);
		return { full: full.html, easy: easy.html };
	}

	/** The moderator's console: a writer on the session's document, as the session page connects it. */
	async function console_() {
		const c = connect(`ws://127.0.0.1:${on.server.port}/collab`, plenaryDoc(session.id), moderator, { origin: on.server.origin });
		await c.synced();
		return c;
	}

	/** A participant's screen: it sees a change only after the server applied it. */
	async function screen() {
		const c = connect(`ws://127.0.0.1:${on.server.port}/collab`, plenaryDoc(session.id), member, { origin: on.server.origin });
		await c.synced();
		return c;
	}

	/** Until the server let the document go (no connection, past the unload grace): pages read the store. */
	const unloaded = () =>
		until(
			async () => {
				const metrics = await fetch(`${on.server.origin}/metrics`, { headers: { authorization: 'Bearer arrival-scraper' } });
				return /^collab_docs_loaded 0$/m.test(await metrics.text());
			},
			30_000,
			'the sitting let go by the document server'
		);

	beforeAll(async () => {
		const { q, t } = on.data;
		// The demo's sitting nearest to now: today's.
		const now = Date.now();
		const sittings = await q
			.select({
				id: t.plenarySessions.id,
				conferenceId: t.plenarySessions.conferenceId,
				checkInCode: t.plenarySessions.checkInCode,
				startsAt: t.plenarySessions.startsAt
			})
			.from(t.plenarySessions)
			.orderBy(t.plenarySessions.id);
		const nearest = sittings.reduce((a, b) => (Math.abs(b.startsAt.getTime() - now) < Math.abs(a.startsAt.getTime() - now) ? b : a));
		session = { id: nearest.id, conferenceId: nearest.conferenceId, checkInCode: nearest.checkInCode };
		pagePath = `/conferences/${session.conferenceId}/plenary/${session.id}`;
		easyPath = `/einfach/sitzung/${session.id}`;
		const lange = first(await q.select({ id: t.people.id }).from(t.people).where(eq(t.people.displayName, 'Petra Lange')))!.id;
		await q.insert(t.attendance).values({ sessionId: session.id, personId: lange, checkedInAt: new Date(), method: 'code' });
		member = await sessionCookieOn(on.data, lange);
		moderator = await on.server.signIn(on.server.demo('Moderation').link);
		const stranger = first(
			await q.insert(t.people).values({ displayName: 'Fremde Person', preferredLocale: 'de', prefersEasyLanguage: false }).returning()
		)!.id;
		outsider = await sessionCookieOn(on.data, stranger);
	});

	describe('the participant pages after a change', () => {
		it('show an agenda item the moderator added on the next load, while the console holds the document', async () => {
			await bothPages();
			await bothPages();
			const desk = await console_();
			const phone = await screen();
			try {
				addAgendaItem(desk.doc, { title: 'Neu: Bericht der Heimaufsicht', description: '', presenter: '', durationMinutes: 10, type: 'information' });
				await until(() => readAgenda(phone.doc).some((i) => i.title === 'Neu: Bericht der Heimaufsicht'), 10_000, 'the item on a screen');
				const { full, easy } = await bothPages();
				expect(full).toContain('Neu: Bericht der Heimaufsicht');
				expect(easy).toContain('Neu: Bericht der Heimaufsicht');
			} finally {
				phone.close();
				desk.close();
			}
		});

		it('show the member on the list of speakers, then speaking, on the next load each time', async () => {
			const desk = await console_();
			const phone = await screen();
			try {
				const before = await bothPages();
				expect(before.easy).not.toContain('Sie sind auf der Rede');
				expect(await post(easyPath, member, 'requestToSpeak')).toBe(303);
				const asked = await bothPages();
				expect(asked.easy).toContain('Sie sind auf der Rede');
				// The moderator calls the speakers up to her, as the console does.
				for (let i = 0; i < 50 && readSpeakers(desk.doc).speaking?.name !== 'Petra Lange'; i++) nextSpeaker(desk.doc);
				await until(() => readSpeakers(phone.doc).speaking?.name === 'Petra Lange', 10_000, 'her turn on a screen');
				const called = await bothPages();
				expect(called.easy).toContain('Jetzt sind Sie dran.');
			} finally {
				phone.close();
				desk.close();
			}
		});

		it('show a change made by a command after the server let the document go (read from the store)', async () => {
			await unloaded();
			const idle = await bothPages();
			expect(idle.easy).toContain('Jetzt sind Sie dran.');
			const desk = await console_();
			nextSpeaker(desk.doc);
			const phone = await screen();
			await until(() => readSpeakers(phone.doc).speaking?.name !== 'Petra Lange', 10_000, 'the next speaker on a screen');
			phone.close();
			desk.close();
			await unloaded();
			expect((await bothPages()).easy).not.toContain('Jetzt sind Sie dran.');
			// Asking again goes through the command, which stores the change; the page reads it back.
			expect(await post(easyPath, member, 'requestToSpeak')).toBe(303);
			expect((await bothPages()).easy).toContain('Sie sind auf der Rede');
			await unloaded();
			expect(await post(easyPath, member, 'withdraw')).toBe(303);
			expect((await bothPages()).easy).not.toContain('Sie sind auf der Rede');
		});

		it('show a poll the moderator opened on the next load', async () => {
			const desk = await console_();
			const item = readAgenda(desk.doc).find((i) => i.type === 'decision')!;
			desk.close();
			await bothPages();
			expect(
				await post(pagePath, moderator, 'openPoll', {
					agendaItemId: item.id,
					motion: 'Antrag: Pflegestützpunkt ausbauen',
					kind: 'vote',
					secrecy: 'secret',
					confirmNotQuorate: 'on'
				})
			).toBe(303);
			const { full } = await bothPages();
			expect(full).toContain('Antrag: Pflegestützpunkt ausbauen');
		});
	});

	describe('what the pages keep for everyone', () => {
		it('is shown to no one the policies refuse, however warm the pages are', async () => {
			await bothPages();
			for (const path of [pagePath, easyPath]) {
				const refused = await page(path, outsider);
				expect([403, 404]).toContain(refused.status);
				expect(refused.html).not.toContain('Neu: Bericht der Heimaufsicht');
			}
		});

		it('gives a member no more than a member sees: the check-in code stays on the moderator page', async () => {
			const code = formatCheckInCode(session.checkInCode);
			expect((await page(pagePath, moderator)).html).toContain(code);
			const { full, easy } = await bothPages();
			expect(full).not.toContain(code);
			expect(easy).not.toContain(code);
		});
	});
});
