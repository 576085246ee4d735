import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../src/lib/server/db/client';
import { seedInvitationAnswers } from '../../src/lib/server/demo/invitationAnswers';
import { SYSTEM } from '../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from './support/data';
import { insertRoundOn } from './support/invitations';
import { useJobsSecret } from './support/jobsSecret';

/** The demo's answers on a minimal round shaped as part B's (the integrator runs it on B's round). */

const KEYS = [
	'selfAdvocate',
	'selfAdvocate2',
	'kiss',
	'caritas',
	'senioren',
	'apotheke',
	'hochschule',
	'guest',
	'drk',
	'newsletterEditor',
	'kvDeputy',
	...Array.from({ length: 21 }, (_, i) => `member${i}`)
];
const day = (offset: number, hour: number, minute = 0) => new Date(Date.UTC(2030, 0, 20 + offset, hour - 1, minute));

describe.each(DIALECTS)('the demo answers on %s', (dialect) => {
	if (dialect === 'postgres') useJobsSecret();
	let db: TempData;
	beforeAll(async () => {
		db = await tempData(dialect);
	});
	afterAll(() => db?.cleanup());

	it('fills the room, leaves a waiting list and shows the needs the demo promises', async () => {
		const { q, t } = db.data;
		const conference = first(await q.insert(t.conferences).values({ name: 'Demo', region: 'Kreis' }).returning())!;
		const ids = new Map<string, string>();
		for (const key of KEYS) ids.set(key, first(await q.insert(t.people).values({ displayName: key }).returning())!.id);
		const round = await insertRoundOn(db.data, { conferenceId: conference.id, personIds: [...ids.values()], capacity: 20, answerUntil: day(5, 12) });
		const answered = await seedInvitationAnswers(db.data, {
			conferenceId: conference.id,
			campaignId: round.campaign.id,
			office: SYSTEM,
			people: ids,
			day
		});
		// 20 seats and 3 waiting: of the 26 who could say yes, 3 stay silent with the two who always do.
		expect(answered).toBe(KEYS.length - 5);

		const rows = await q.select().from(t.invitations).where(eq(t.invitations.campaignId, round.campaign.id));
		const of = (key: string) => rows.find((r) => r.personId === ids.get(key))!;
		const needs = async (key: string) =>
			(
				await q
					.select({ need: t.invitationNeeds.need })
					.from(t.invitationNeeds)
					.where(eq(t.invitationNeeds.invitationId, of(key).id))
			)
				.map((n) => n.need)
				.sort();
		expect(of('selfAdvocate')).toMatchObject({ answer: 'yes', place: 'seat' });
		expect(await needs('selfAdvocate')).toEqual(['companion', 'easy_language_documents']);
		expect(await needs('selfAdvocate2')).toEqual(['wheelchair']);
		expect(await needs('kiss')).toEqual(['sign_language']);
		expect(rows.filter((r) => r.answer === 'no').length).toBeGreaterThanOrEqual(2);
		expect(rows.filter((r) => r.answer === 'maybe').length).toBe(2);
		expect(rows.filter((r) => r.answer === null).length).toBe(5);
		// Three waited; the late "no" moved the first of them up.
		expect(rows.filter((r) => r.place === 'waiting')).toHaveLength(2);
		expect(rows.filter((r) => r.movedUpAt !== null)).toHaveLength(1);
		expect(rows.filter((r) => r.place === 'seat')).toHaveLength(20);
	});
});
