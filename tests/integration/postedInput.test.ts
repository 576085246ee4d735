import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_SIZE_LIMIT } from '../../src/lib/server/http/bodyLimit';
import { builtServerOn } from './support/builtServerOn';
import { DIALECTS } from './support/data';

/**
 * What a signed-in person can send the production server, and what it answers (issue 13): the
 * built server (build/server.js) as a process on a fresh database with the demo, requests as
 * the office's browser would send them. Needs the build (npm test builds first). On SQLite and
 * on PostgreSQL: the posts that pass write to the database, and a refused date must leave no sitting.
 */
describe.each(DIALECTS)('posted input on %s', (dialect) => {
	const on = builtServerOn(dialect);
	let origin: string;
	let cookie: string;
	let conferenceId: string;

	beforeAll(async () => {
		origin = on.server.origin;
		cookie = await on.server.signIn(on.server.demo('Geschäftsstelle').link);
		conferenceId = /href="\/conferences\/([a-z0-9]+)"/.exec(await page('/start'))![1];
	});

	function form(): Record<string, string> {
		return { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) };
	}

	async function page(path: string): Promise<string> {
		const response = await fetch(origin + path, { headers: { cookie } });
		expect(response.status).toBe(200);
		return response.text();
	}

	const post = (path: string, fields: Record<string, string>) =>
		fetch(origin + path, { method: 'POST', redirect: 'manual', headers: form(), body: new URLSearchParams(fields).toString() });

	describe('an easy-language text over the limit (issue 13, item 1)', () => {
		it('is refused with its message and kept, and the checker never runs on it', async () => {
			const overview = await page(`/conferences/${conferenceId}/easy?status=missing`);
			const editor = /href="(\/conferences\/[a-z0-9]+\/easy\/plenary_session\/[a-z0-9]+)"/.exec(overview)![1];
			// One word as long as the request body limit lets through (130,000 letters); the old
			// checker would have taken days on it, and 4,000 letters already stopped the server for 17 s.
			const word = 'a'.repeat(BODY_SIZE_LIMIT - 1024);
			const refused = await post(`${editor}?/write`, { body: word, basedOn: '' });
			expect(refused.status).toBe(400);
			const html = await refused.text();
			expect(html).toContain('Bitte höchstens 4000 Zeichen.');
			expect(html).toContain('Der Text hat mehr als 4000 Zeichen. Kürzen Sie ihn, dann zeigt die Prüfung ihre Hinweise.');
			expect(html).toContain(`>${word}</textarea>`);
			// No hints and no scores: the checker did not run.
			expect(html).not.toContain('Lesbarkeit: Flesch-Amstad');
			expect(html).not.toMatch(/<li class="(warning|info)"/);

			// A text within the limit gets its hints, long words included.
			const saved = await post(`${editor}?/write`, { body: 'Die Gesundheitskonferenz tagt im Kreishaus.', basedOn: '' });
			const savedHtml = await saved.text();
			expect(savedHtml).toContain('Gespeichert.');
			expect(savedHtml).toContain('Gesundheits·konferenz');
			expect(savedHtml).toContain('Lesbarkeit: Flesch-Amstad');
		});
	});

	describe('a return path that resolves to another host (issue 13, item 4)', () => {
		it.each(['/.//evil.example/phish', '/..//evil.example/phish', '/%2e//evil.example/phish'])(
			'%s sends a signed-in person to the start page',
			async (next) => {
				const response = await fetch(`${origin}/sign-in?next=${encodeURIComponent(next)}`, { redirect: 'manual', headers: { cookie } });
				expect(response.status).toBe(303);
				expect(response.headers.get('location')).toBe('/start');
			}
		);

		it('a path on this site is followed', async () => {
			const response = await fetch(`${origin}/sign-in?next=${encodeURIComponent(`/conferences/${conferenceId}/plenary`)}`, {
				redirect: 'manual',
				headers: { cookie }
			});
			expect(response.headers.get('location')).toBe(`/conferences/${conferenceId}/plenary`);
		});
	});

	describe('a date out of range (issue 13, item 9)', () => {
		it('is refused with the range, and the form keeps what was typed', async () => {
			const response = await post(`/conferences/${conferenceId}/plenary?/create`, {
				title: 'Plenum im Jahr 24',
				startsAt: '0024-05-01T10:00',
				place: 'Kreishaus',
				videoUrl: ''
			});
			expect(response.status).toBe(400);
			const html = await response.text();
			expect(html).toContain('Bitte geben Sie ein Datum zwischen 2000 und 2100 an.');
			expect(html).toContain('value="0024-05-01T10:00"');
			expect(html).toContain('value="Plenum im Jahr 24"');
			expect(await page(`/conferences/${conferenceId}/plenary`)).not.toContain('Plenum im Jahr 24');
		});
	});
});
