import { asc, eq, sql } from 'drizzle-orm';
import type { Data } from '../db/client';
import { preparedOn } from '../db/prepared';
import type { Actor } from '../policies';

// Every page of a conference reads it (its layout), every easy page lists them: compiled once.
const byId = preparedOn((q, t) =>
	q
		.select()
		.from(t.conferences)
		.where(eq(t.conferences.id, sql.placeholder('id')))
);
const all = preparedOn((q, t) => q.select().from(t.conferences).orderBy(asc(t.conferences.name)));
// The ids as one JSON array: one statement for any number of them. SQLite reads it with
// `json_each`, PostgreSQL with `jsonb_array_elements_text`.
const byIdsSqlite = preparedOn((q, t) =>
	q
		.select()
		.from(t.conferences)
		.where(sql`${t.conferences.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
		.orderBy(asc(t.conferences.name))
);
const byIdsPostgres = preparedOn((q, t) =>
	q
		.select()
		.from(t.conferences)
		.where(sql`${t.conferences.id} IN (SELECT jsonb_array_elements_text(${sql.placeholder('ids')}::jsonb))`)
		.orderBy(asc(t.conferences.name))
);

/** One conference, or undefined. */
export async function getConferenceOn(data: Data, conferenceId: string) {
	return await byId(data).first({ id: conferenceId });
}

/** The conferences a person may open: the scope twin of the `conference.view` rule. */
export async function conferencesVisibleTo(data: Data, actor: Actor) {
	if (actor.isPlatformAdmin) return await all(data).all();
	const ids = [...actor.conferences.keys()];
	if (ids.length === 0) return [];
	return await (data.dialect === 'postgres' ? byIdsPostgres : byIdsSqlite)(data).all({ ids: JSON.stringify(ids) });
}
