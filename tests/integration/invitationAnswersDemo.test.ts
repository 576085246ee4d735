import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteData } from '../../src/lib/server/db/client';
import { conferences, invitationNeeds, invitations, people } from '../../src/lib/server/db/schema';
import { seedInvitationAnswers } from '../../src/lib/server/demo/invitationAnswers';
import { SYSTEM } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { insertRound } from './support/invitations';

/** The demo's answers on a minimal round shaped as part B's (the integrator runs it on B's round). */
const storage = tempDatabase();
const db = storage.db;
afterAll(() => storage.cleanup());

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

describe('the demo answers', () => {
	it('fills the room, leaves a waiting list and shows the needs the demo promises', async () => {
		const conference = db.insert(conferences).values({ name: 'Demo', region: 'Kreis' }).returning().get();
		const ids = new Map(KEYS.map((key) => [key, db.insert(people).values({ displayName: key }).returning().get().id]));
		const round = insertRound(db, { conferenceId: conference.id, personIds: [...ids.values()], capacity: 20, answerUntil: day(5, 12) });
		const answered = await seedInvitationAnswers(sqliteData(db.$client), {
			conferenceId: conference.id,
			campaignId: round.campaign.id,
			office: SYSTEM,
			people: ids,
			day
		});
		// 20 seats and 3 waiting: of the 26 who could say yes, 3 stay silent with the two who always do.
		expect(answered).toBe(KEYS.length - 5);

		const rows = db.select().from(invitations).where(eq(invitations.campaignId, round.campaign.id)).all();
		const of = (key: string) => rows.find((r) => r.personId === ids.get(key))!;
		const needs = (key: string) =>
			db
				.select({ need: invitationNeeds.need })
				.from(invitationNeeds)
				.where(eq(invitationNeeds.invitationId, of(key).id))
				.all()
				.map((n) => n.need)
				.sort();
		expect(of('selfAdvocate')).toMatchObject({ answer: 'yes', place: 'seat' });
		expect(needs('selfAdvocate')).toEqual(['companion', 'easy_language_documents']);
		expect(needs('selfAdvocate2')).toEqual(['wheelchair']);
		expect(needs('kiss')).toEqual(['sign_language']);
		expect(rows.filter((r) => r.answer === 'no').length).toBeGreaterThanOrEqual(2);
		expect(rows.filter((r) => r.answer === 'maybe').length).toBe(2);
		expect(rows.filter((r) => r.answer === null).length).toBe(5);
		// Three waited; the late "no" moved the first of them up.
		expect(rows.filter((r) => r.place === 'waiting')).toHaveLength(2);
		expect(rows.filter((r) => r.movedUpAt !== null)).toHaveLength(1);
		expect(rows.filter((r) => r.place === 'seat')).toHaveLength(20);
	});
});
