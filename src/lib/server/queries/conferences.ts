import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { conferences } from '../db/schema';
import type { Actor } from '../policies';

// Every page of a conference reads it (its layout), every easy page lists them: compiled once.
const statements = preparedFor((db: Db) => ({
	byId: db
		.select()
		.from(conferences)
		.where(eq(conferences.id, sql.placeholder('id')))
		.prepare(),
	all: db.select().from(conferences).orderBy(asc(conferences.name)).prepare(),
	// The ids as one JSON array: one statement for any number of them.
	byIds: db
		.select()
		.from(conferences)
		.where(sql`${conferences.id} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
		.orderBy(asc(conferences.name))
		.prepare()
}));

export function getConference(db: Db, conferenceId: string) {
	return statements(db).byId.get({ id: conferenceId });
}

/** The conferences a person may open: the scope twin of the `conference.view` rule. */
export function conferencesVisibleTo(db: Db, actor: Actor) {
	if (actor.isPlatformAdmin) return statements(db).all.all();
	const ids = [...actor.conferences.keys()];
	if (ids.length === 0) return [];
	return statements(db).byIds.all({ ids: JSON.stringify(ids) });
}
