import { and, eq, inArray, sql } from 'drizzle-orm';
import { flatRateFor } from '../../domain/allowances/amounts';
import type { Tx } from '../db';
import { claims } from '../db/schema';
import { newId } from '../ids';
import { meetingFacts, type ClaimMeeting } from './draftClaim';
import { allowanceYear, rulesFor } from './rules';

/**
 * `draftClaimIn` for everyone who attended one meeting at once: the same claims (numbered in the
 * order given, the flat line first, people who already have one for this meeting left alone),
 * with the meeting, the rules and the next number read once and the rows written in two
 * statements, not six per person (the drafting job after a plenary of hundreds, see
 * `npm run bench:allowances`). `createdFor[i]` is the person of `created[i]`. Runs inside the
 * caller's transaction.
 */
export function draftClaimsIn(
	tx: Tx,
	input: { personIds: readonly string[]; meeting: ClaimMeeting; now: Date; actorPersonId: string | null }
): { created: string[]; createdFor: string[]; existing: string[] } | null {
	const facts = meetingFacts(tx, input.meeting);
	if (!facts) return null;
	const sameMeeting = 'sessionId' in input.meeting ? eq(claims.sessionId, input.meeting.sessionId) : eq(claims.groupMeetingId, input.meeting.groupMeetingId);
	const had = new Map(
		tx
			.select({ personId: claims.personId, id: claims.id })
			.from(claims)
			.where(and(sameMeeting, inArray(claims.personId, [...input.personIds])))
			.all()
			.map((r) => [r.personId, r.id])
	);
	const newcomers = [...new Set(input.personIds)].filter((p) => !had.has(p));
	const year = allowanceYear(facts.startsAt);
	const flatCents = flatRateFor(rulesFor(tx, facts.conferenceId, year), facts.type);
	let next = tx
		.select({ n: sql<number>`coalesce(max(${claims.number}), 0) + 1` })
		.from(claims)
		.where(and(eq(claims.conferenceId, facts.conferenceId), eq(claims.year, year)))
		.get()!.n;
	// Two statements for the whole meeting, the rows passed as one JSON array: a multi-row INSERT
	// through the query builder costs about a millisecond a row to build, this a few microseconds.
	const rows = newcomers.map((personId) => ({ id: newId(), personId, number: next++ }));
	const at = input.now.getTime();
	tx.run(sql`
		INSERT INTO claims (id, conference_id, person_id, year, number, session_id, group_meeting_id, meeting_type, meeting_title, meeting_starts_at, created_at)
		SELECT json_extract(value, '$.id'), ${facts.conferenceId}, json_extract(value, '$.personId'), ${year}, json_extract(value, '$.number'),
			${'sessionId' in input.meeting ? input.meeting.sessionId : null}, ${'groupMeetingId' in input.meeting ? input.meeting.groupMeetingId : null},
			${facts.type}, ${facts.title}, ${facts.startsAt.getTime()}, ${at}
		FROM json_each(${JSON.stringify(rows)})`);
	tx.run(sql`
		INSERT INTO claim_lines (id, claim_id, kind, amount_cents, created_at, created_by_person_id)
		SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'flat', ${flatCents}, ${at}, ${input.actorPersonId}
		FROM json_each(${JSON.stringify(rows.map((r) => [newId(), r.id]))})`);
	return { created: rows.map((r) => r.id), createdFor: rows.map((r) => r.personId), existing: [...had.values()] };
}
