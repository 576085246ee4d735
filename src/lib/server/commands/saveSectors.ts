import { and, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceSectors } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';

export interface SectorInput {
	/** null: a new sector. */
	id: string | null;
	name: string;
	targetSeats: number;
	/** The form's name for this row, where a refusal about it is shown (`name_<id>` or `name_new`). */
	field: string;
}

/**
 * Replaces the conference's list of sectors with the one given, in its order: sectors kept by
 * id (renamed, retargeted, moved), new ones added, the rest removed (their seats then have no
 * sector and count as "ohne Sektor"; their group targets go with them). Names are unique per
 * conference, compared without case and surrounding spaces.
 */
export function saveSectors(db: Db, actor: Actor, input: { conferenceId: string; sectors: readonly SectorInput[] }) {
	authorize(actor, 'member.configureSectors', input);
	const seen = new Set<string>();
	for (const s of input.sectors) {
		const key = s.name.trim().toLocaleLowerCase('de');
		if (seen.has(key)) throw new CommandError('sector_name_taken', s.field);
		seen.add(key);
	}
	return transact(db, (tx) => {
		const before = tx
			.select({ id: conferenceSectors.id, name: conferenceSectors.name, targetSeats: conferenceSectors.targetSeats })
			.from(conferenceSectors)
			.where(eq(conferenceSectors.conferenceId, input.conferenceId))
			.orderBy(conferenceSectors.position)
			.all();
		const existing = new Set(before.map((s) => s.id));
		for (const s of input.sectors) if (s.id !== null && !existing.has(s.id)) throw new CommandError('not_found', s.field);
		const kept = input.sectors.flatMap((s) => (s.id === null ? [] : [s.id]));
		tx.delete(conferenceSectors)
			.where(and(eq(conferenceSectors.conferenceId, input.conferenceId), notInArray(conferenceSectors.id, kept.length ? kept : [''])))
			.run();
		// Renames may swap two names: clear the kept ones first, so the unique index never sees a transient clash.
		for (const id of kept)
			tx.update(conferenceSectors)
				.set({ name: `\u0000${id}` })
				.where(eq(conferenceSectors.id, id))
				.run();
		input.sectors.forEach((s, position) => {
			const values = { name: s.name.trim(), targetSeats: s.targetSeats, position };
			if (s.id === null)
				tx.insert(conferenceSectors)
					.values({ conferenceId: input.conferenceId, ...values })
					.run();
			else tx.update(conferenceSectors).set(values).where(eq(conferenceSectors.id, s.id)).run();
		});
		recordAudit(tx, actor, {
			action: 'member.sectorsSaved',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			before: { sectors: before.map(({ name, targetSeats }) => ({ name, targetSeats })) },
			after: { sectors: input.sectors.map(({ name, targetSeats }) => ({ name: name.trim(), targetSeats })) }
		});
	});
}
