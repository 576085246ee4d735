import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEasyText } from '../../../src/lib/server/commands/checkEasyText';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { writeEasyText } from '../../../src/lib/server/commands/writeEasyText';
import type { Data } from '../../../src/lib/server/db/client';
import { checkedEasyInvitationOn } from '../../../src/lib/server/easy/invitation';
import { easyVersionOf } from '../../../src/lib/server/easy/versions';
import { NotAllowed, type Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The easy-language commands on the data layer, on both databases: each writes and checks as
 * before and refuses as before; on PostgreSQL, with the real command run from two instances at
 * once, a version is never written over unseen and never signed off after it changed (README,
 * "Rules that span rows": the easy text's row held, its key for the first version).
 */
const at = new Date('2026-12-03T10:00:00Z');

const person = (personId: string, conferences: Actor['conferences']): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const office = person('of', new Map([['north', { roles: new Set(['office'] as const), memberStatus: null }]]));
const moderator = person('mo', new Map([['north', { roles: new Set(['moderator'] as const), memberStatus: null }]]));
const checker = person('ch', new Map([['north', { roles: new Set(['member', 'easy_checker'] as const), memberStatus: 'advisory' as const }]]));
const member = person('me', new Map([['north', { roles: new Set(['member'] as const), memberStatus: 'voting' as const }]]));

async function seed(data: Data) {
	const { q, t } = data;
	await q.insert(t.people).values([
		{ id: 'of', displayName: 'Olga' },
		{ id: 'mo', displayName: 'Moritz' },
		{ id: 'ch', displayName: 'Chiara' },
		{ id: 'me', displayName: 'Mehmet' }
	]);
	await q.insert(t.conferences).values([{ id: 'north', name: 'Nord', region: 'Kreis Nord' }]);
	await q.insert(t.conferenceMemberships).values([
		{ conferenceId: 'north', personId: 'of', role: 'office' },
		{ conferenceId: 'north', personId: 'mo', role: 'moderator' },
		{ conferenceId: 'north', personId: 'ch', role: 'member', memberStatus: 'advisory' },
		{ conferenceId: 'north', personId: 'ch', role: 'easy_checker' },
		{ conferenceId: 'north', personId: 'me', role: 'member', memberStatus: 'voting' }
	]);
	await q.insert(t.plenarySessions).values({
		id: 's1',
		conferenceId: 'north',
		title: 'Plenum im Mai',
		startsAt: new Date(at.getTime() + 7 * 86_400_000),
		place: 'Landratsamt',
		checkInCode: 'ABC123'
	});
}

/** Resolves for everyone once `n` have arrived: the attempts start together. */
function barrier(n: number): () => Promise<void> {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return () => {
		if (++arrived >= n) open();
		return all;
	};
}

/** Each attempt's result, or its refusal's code. */
async function together<T>(handles: Data[], attempts: ((data: Data) => Promise<T>)[]): Promise<(T | string)[]> {
	const start = barrier(attempts.length);
	return Promise.all(
		attempts.map(async (attempt, i) => {
			await start();
			try {
				return await attempt(handles[i % handles.length]);
			} catch (error) {
				if (error instanceof CommandError) return error.code;
				if (error instanceof NotAllowed) return 'not_allowed';
				throw error;
			}
		})
	);
}

describe.each(DIALECTS)('easy-language commands on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	let handles: Data[];
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		handles = dialect === 'postgres' ? [data, await db.another()] : [data];
		await seed(data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const session = { conferenceId: 'north', kind: 'plenary_session' as const, subjectId: 's1' };
	const invitation = { conferenceId: 'north', kind: 'invitation' as const, subjectId: 'north' };
	const stored = async () => (await data.q.select().from(data.t.easyTexts).where(eq(data.t.easyTexts.subjectId, 's1')))[0];

	it('writes a draft, signs it off, keeps the check on the same text and refuses as before', async () => {
		expect((await easyVersionOf(data, 'plenary_session', 's1')).status).toBe('missing');
		const saved = await writeEasyText(data, office, { ...session, body: '  Heute ist das Plenum.  ', basedOn: null, now: at });
		expect(saved).toEqual({ status: 'draft', writtenAt: at, changed: true });
		expect(await stored()).toMatchObject({ body: 'Heute ist das Plenum.', status: 'draft', writtenByPersonId: 'of', conferenceId: 'north' });

		// Refusals: who may not, what is not there, a version not read.
		await expect(writeEasyText(data, member, { ...session, body: 'x', basedOn: at.getTime() })).rejects.toMatchObject({ status: 403 });
		expect(await refusalOf(writeEasyText(data, office, { ...session, subjectId: 'nosuch', body: 'x', basedOn: null }))).toBe('not_found');
		expect(await refusalOf(writeEasyText(data, office, { ...session, body: 'Anders.', basedOn: null }))).toBe('easy_text_changed');
		await expect(checkEasyText(data, office, { ...session, basedOn: at.getTime() })).rejects.toMatchObject({ status: 403 });
		expect(await refusalOf(checkEasyText(data, checker, { ...session, basedOn: at.getTime() - 1 }))).toBe('easy_text_changed');
		await expect(checkEasyText(data, checker, { ...invitation, basedOn: null })).rejects.toMatchObject({ status: 403 });

		const checkedAt = new Date(at.getTime() + 60_000);
		expect(await checkEasyText(data, checker, { ...session, basedOn: at.getTime(), now: checkedAt })).toEqual({ checkedAt });
		expect(await easyVersionOf(data, 'plenary_session', 's1')).toMatchObject({ status: 'checked', body: 'Heute ist das Plenum.', checkedAt });

		// The same text again: still checked. Another text: a draft again, the check gone.
		expect(await writeEasyText(data, moderator, { ...session, body: 'Heute ist das Plenum.', basedOn: at.getTime() })).toMatchObject({
			status: 'checked',
			changed: false
		});
		const later = new Date(at.getTime() + 120_000);
		await writeEasyText(data, moderator, { ...session, body: 'Heute ist das große Plenum.', basedOn: at.getTime(), now: later });
		expect(await stored()).toMatchObject({ body: 'Heute ist das große Plenum.', status: 'draft', checkedAt: null, checkedByPersonId: null });

		const audit = await data.q.select({ action: data.t.auditLog.action }).from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, 's1'));
		expect(audit.map((a) => a.action).sort()).toEqual(['easyText.check', 'easyText.write', 'easyText.write']);
	});

	it('the invitation goes out in easy language only once it is checked', async () => {
		const saved = await writeEasyText(data, office, { ...invitation, body: 'Sie sind eingeladen.', basedOn: null, now: at });
		expect(await checkedEasyInvitationOn(data, 'north')).toBeNull();
		await checkEasyText(data, checker, { ...invitation, basedOn: saved.writtenAt.getTime() });
		expect(await checkedEasyInvitationOn(data, 'north')).toBe('Sie sind eingeladen.');
	});

	it('two first versions at once: one is stored, the other writer is told', async () => {
		const results = await together(handles, [
			(d) => writeEasyText(d, office, { ...session, body: 'Erste.', basedOn: null, now: at }),
			(d) => writeEasyText(d, moderator, { ...session, body: 'Zweite.', basedOn: null, now: at })
		]);
		expect(results.filter((r) => r === 'easy_text_changed')).toHaveLength(1);
		const won = results.findIndex((r) => r !== 'easy_text_changed');
		expect((await stored())!.body).toBe(won === 0 ? 'Erste.' : 'Zweite.');
		expect(await data.q.select().from(data.t.easyTexts)).toHaveLength(1);
	});

	it('two changes of the same version at once: the later one does not write over the earlier unseen', async () => {
		await writeEasyText(data, office, { ...session, body: 'Erste.', basedOn: null, now: at });
		const results = await together(handles, [
			(d) => writeEasyText(d, office, { ...session, body: 'Von Olga.', basedOn: at.getTime(), now: new Date(at.getTime() + 1000) }),
			(d) => writeEasyText(d, moderator, { ...session, body: 'Von Moritz.', basedOn: at.getTime(), now: new Date(at.getTime() + 2000) })
		]);
		expect(results.filter((r) => r === 'easy_text_changed')).toHaveLength(1);
		const won = results.findIndex((r) => r !== 'easy_text_changed');
		expect((await stored())!.body).toBe(won === 0 ? 'Von Olga.' : 'Von Moritz.');
	});

	it('a check and a change at once: what is signed off is the text the reader read', async () => {
		await writeEasyText(data, office, { ...session, body: 'Erste.', basedOn: null, now: at });
		const results = await together<unknown>(handles, [
			(d) => checkEasyText(d, checker, { ...session, basedOn: at.getTime(), now: new Date(at.getTime() + 1000) }),
			(d) => writeEasyText(d, moderator, { ...session, body: 'Geändert.', basedOn: at.getTime(), now: new Date(at.getTime() + 2000) })
		]);
		// The change always goes in (a check leaves the version's time alone); the check only if it came first.
		expect(results[1]).toMatchObject({ status: 'draft', changed: true });
		expect(['easy_text_changed', 'not_allowed', 'checked']).toContain(typeof results[0] === 'string' ? results[0] : 'checked');
		expect(await stored()).toMatchObject({ body: 'Geändert.', status: 'draft', checkedAt: null });
	});
});
