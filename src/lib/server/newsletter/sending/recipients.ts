import { sql, type SQL } from 'drizzle-orm';
import type { DataEffects } from '../../effects/transactOn';
import type { Data, Query } from '../../db/client';
import { newId } from '../../ids';
import { sendJobKey } from './jobKey';

/**
 * Who gets a digest: every active, not bouncing subscriber of the conference, or those of them
 * who are members of one working group (by their person: anyone with a role row in the group).
 */
export interface RecipientCount {
	standard: number;
	easy: number;
}

/** The recipients as a row source (`id`, `edition`), the one definition counting and sending read. */
function recipients(conferenceId: string, audienceGroupId: string | null): SQL {
	const inGroup = audienceGroupId === null ? sql`` : sql`AND s.person_id IN (SELECT person_id FROM group_memberships WHERE group_id = ${audienceGroupId})`;
	return sql`SELECT s.id, s.edition FROM newsletter_subscribers s
		WHERE s.conference_id = ${conferenceId} AND s.state = 'active' AND s.bouncing_since IS NULL ${inGroup}`;
}

export interface StartedSend {
	sendId: string;
	total: number;
	perEdition: RecipientCount;
}

/** `<delivery id>.digest@<host>`: the same on every attempt, so a copy sent again after a crash is recognisable. */
export const deliveryMessageIdSql = (idColumn: SQL, host: string | SQL) => sql`'<' || ${idColumn} || '.digest@' || ${host} || '>'`;

/** How many get a digest, per edition (`tx`: inside the publishing transaction). PostgreSQL's `count` comes back as text. */
export async function countRecipientsOn(data: Data, conferenceId: string, audienceGroupId: string | null, tx: Query = data.q): Promise<RecipientCount> {
	const rows = await data.rows<{ edition: 'standard' | 'easy'; n: number | string }>(
		sql`SELECT r.edition, count(*) AS n FROM (${recipients(conferenceId, audienceGroupId)}) r GROUP BY r.edition`,
		tx === data.q ? undefined : tx
	);
	const count: RecipientCount = { standard: 0, easy: 0 };
	for (const row of rows) count[row.edition] = Number(row.n);
	return count;
}

/**
 * Fixes the recipients of a just-published digest and declares the send job, inside the
 * publishing transaction: a publish that rolls back sends nothing. The delivery rows are written
 * by one INSERT … SELECT (10,000 recipients in a few milliseconds); their ids are made here, in
 * the project's shape, and handed over as one JSON array matched to the recipients by position.
 * A digest without recipients gets a send that is done at once, so its page says "0 of 0".
 *
 * On both databases: the ids are matched to the recipients by position (`json_each`'s key on
 * SQLite, `WITH ORDINALITY` on PostgreSQL, whose parameters in a SELECT list are cast to the
 * columns' types).
 */
export async function startSendInOn(
	data: Data,
	tx: Query,
	effects: DataEffects,
	input: { digestId: string; conferenceId: string; audienceGroupId: string | null; actorPersonId: string | null; origin: string; now: Date }
): Promise<StartedSend> {
	const perEdition = await countRecipientsOn(data, input.conferenceId, input.audienceGroupId, tx);
	const total = perEdition.standard + perEdition.easy;
	const sendId = newId();
	await tx.insert(data.t.digestSends).values({
		id: sendId,
		digestId: input.digestId,
		conferenceId: input.conferenceId,
		state: total > 0 ? 'sending' : 'done',
		total,
		startedAt: input.now,
		startedByPersonId: input.actorPersonId,
		finishedAt: total > 0 ? null : input.now
	});
	if (total === 0) return { sendId, total, perEdition };

	const ids = JSON.stringify(Array.from({ length: total }, newId));
	const host = new URL(input.origin).hostname;
	const who = recipients(input.conferenceId, input.audienceGroupId);
	const statement =
		data.dialect === 'postgres'
			? sql`
		WITH r AS MATERIALIZED (
			SELECT id, edition, row_number() OVER (ORDER BY id) - 1 AS position FROM (${who}) s),
		ids AS MATERIALIZED (SELECT n - 1 AS key, value FROM jsonb_array_elements_text(${ids}::jsonb) WITH ORDINALITY AS a(value, n))
		INSERT INTO digest_deliveries (id, send_id, subscriber_id, edition, state, attempts, next_attempt_at, message_id)
		SELECT ids.value, ${sendId}::text, r.id, r.edition, 'queued', 0, ${input.now.getTime()}::bigint, ${deliveryMessageIdSql(sql`ids.value`, sql`${host}::text`)}
		FROM ids JOIN r ON r.position = ids.key`
			: // Both sides materialized, so SQLite indexes one for the join instead of rescanning the array per row.
				sql`
		WITH r AS MATERIALIZED (
			SELECT id, edition, row_number() OVER (ORDER BY id) - 1 AS position FROM (${who})),
		ids AS MATERIALIZED (SELECT key, value FROM json_each(${ids}))
		INSERT INTO digest_deliveries (id, send_id, subscriber_id, edition, state, attempts, next_attempt_at, message_id)
		SELECT ids.value, ${sendId}, r.id, r.edition, 'queued', 0, ${input.now.getTime()}, ${deliveryMessageIdSql(sql`ids.value`, host)}
		FROM ids JOIN r ON r.position = ids.key`;
	const written = await data.execute(statement, tx);
	// Counted and written in one transaction: a difference is a bug, never a race.
	if (written !== total) throw new Error(`startSendInOn: wrote ${written} deliveries for ${total} recipients`);

	await effects.job('newsletter.send', { sendId, origin: input.origin }, { key: sendJobKey(sendId), conferenceId: input.conferenceId });
	return { sendId, total, perEdition };
}
