import { and, eq, inArray, sql } from 'drizzle-orm';
import { flatRateFor } from '../../domain/allowances/amounts';
import { first, type Data, type Query } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { newId } from '../ids';
import { meetingFactsOn, type ClaimMeeting } from './draftClaim';
import { allowanceYear, rulesForOn } from './rules';

/** Rows per INSERT statement: PostgreSQL takes at most 65535 parameters in one (11 a claim). */
const CHUNK = 1000;

/**
 * `draftClaimOn` for everyone who attended one meeting at once: the same claims (numbered in the
 * order given, the flat line first, people who already have one for this meeting left alone),
 * with the meeting, the rules and the next number read once and the rows written in two
 * statements (a chunk of rows each on PostgreSQL), not six per person (the drafting job after a
 * plenary of hundreds, see `npm run bench:allowances`). `createdFor[i]` is the person of
 * `created[i]`. Runs inside the caller's transaction, on either dialect. The conference's row is
 * held for update before the lookup and the `max + 1`, as in `draftClaimOn` (README, "Rules that
 * span rows"). On SQLite the rows go in two statements over `json_each`, the rows passed as one
 * JSON array (building a multi-row insert costs about three times the whole drafting,
 * `bench:allowances`); on PostgreSQL in multi-row inserts of the query builder (`json_each` has
 * no spelling there that keeps the types without casts).
 */
export async function draftClaimsOn(
	data: Data,
	tx: Query,
	input: { personIds: readonly string[]; meeting: ClaimMeeting; now: Date; actorPersonId: string | null }
): Promise<{ created: string[]; createdFor: string[]; existing: string[] } | null> {
	const facts = await meetingFactsOn(data, tx, input.meeting);
	if (!facts) return null;
	const { claimLines, claims, conferences } = data.t;
	await lockForUpdate(data, tx, conferences, facts.conferenceId);
	const sameMeeting = 'sessionId' in input.meeting ? eq(claims.sessionId, input.meeting.sessionId) : eq(claims.groupMeetingId, input.meeting.groupMeetingId);
	const had = new Map(
		(
			await tx
				.select({ personId: claims.personId, id: claims.id })
				.from(claims)
				.where(and(sameMeeting, inArray(claims.personId, [...input.personIds])))
		).map((r) => [r.personId, r.id])
	);
	const newcomers = [...new Set(input.personIds)].filter((p) => !had.has(p));
	const year = allowanceYear(facts.startsAt);
	const flatCents = flatRateFor(await rulesForOn(data, facts.conferenceId, year, tx), facts.type);
	let next = Number(
		first(
			await tx
				.select({ n: sql<number | string>`coalesce(max(${claims.number}), 0) + 1` })
				.from(claims)
				.where(and(eq(claims.conferenceId, facts.conferenceId), eq(claims.year, year)))
		)!.n
	);
	const rows = newcomers.map((personId) => ({ id: newId(), personId, number: next++ }));
	if (data.dialect === 'sqlite' && rows.length > 0) {
		const at = input.now.getTime();
		await data.execute(
			sql`
			INSERT INTO claims (id, conference_id, person_id, year, number, session_id, group_meeting_id, meeting_type, meeting_title, meeting_starts_at, created_at)
			SELECT json_extract(value, '$.id'), ${facts.conferenceId}, json_extract(value, '$.personId'), ${year}, json_extract(value, '$.number'),
				${'sessionId' in input.meeting ? input.meeting.sessionId : null}, ${'groupMeetingId' in input.meeting ? input.meeting.groupMeetingId : null},
				${facts.type}, ${facts.title}, ${facts.startsAt.getTime()}, ${at}
			FROM json_each(${JSON.stringify(rows)})`,
			tx
		);
		await data.execute(
			sql`
			INSERT INTO claim_lines (id, claim_id, kind, amount_cents, created_at, created_by_person_id)
			SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'flat', ${flatCents}, ${at}, ${input.actorPersonId}
			FROM json_each(${JSON.stringify(rows.map((r) => [newId(), r.id]))})`,
			tx
		);
		return { created: rows.map((r) => r.id), createdFor: rows.map((r) => r.personId), existing: [...had.values()] };
	}
	for (let i = 0; i < rows.length; i += CHUNK) {
		const chunk = rows.slice(i, i + CHUNK);
		await tx.insert(claims).values(
			chunk.map((r) => ({
				id: r.id,
				conferenceId: facts.conferenceId,
				personId: r.personId,
				year,
				number: r.number,
				sessionId: 'sessionId' in input.meeting ? input.meeting.sessionId : null,
				groupMeetingId: 'groupMeetingId' in input.meeting ? input.meeting.groupMeetingId : null,
				meetingType: facts.type,
				meetingTitle: facts.title,
				meetingStartsAt: facts.startsAt,
				createdAt: input.now
			}))
		);
		await tx.insert(claimLines).values(
			chunk.map((r) => ({
				id: newId(),
				claimId: r.id,
				kind: 'flat' as const,
				amountCents: flatCents,
				createdAt: input.now,
				createdByPersonId: input.actorPersonId
			}))
		);
	}
	return { created: rows.map((r) => r.id), createdFor: rows.map((r) => r.personId), existing: [...had.values()] };
}
