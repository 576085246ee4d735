import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { conferences } from '../db/schema';
import type { Actor } from '../policies';

export function getConference(db: Db, conferenceId: string) {
	return db.select().from(conferences).where(eq(conferences.id, conferenceId)).get();
}

/** The conferences a person may open: the scope twin of the `conference.view` rule. */
export function conferencesVisibleTo(db: Db, actor: Actor) {
	if (actor.isPlatformAdmin) return db.select().from(conferences).orderBy(asc(conferences.name)).all();
	const ids = [...actor.conferences.keys()];
	if (ids.length === 0) return [];
	return db.select().from(conferences).where(inArray(conferences.id, ids)).orderBy(asc(conferences.name)).all();
}
