import { and, eq, notInArray } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import type { Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { isUniqueViolation } from '../db/uniqueViolation';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
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
export async function saveSectors(data: Data, actor: Actor, input: { conferenceId: string; sectors: readonly SectorInput[] }) {
	authorize(actor, 'member.configureSectors', input);
	const seen = new Set<string>();
	for (const s of input.sectors) {
		const key = s.name.trim().toLocaleLowerCase('de');
		if (seen.has(key)) throw new CommandError('sector_name_taken', s.field);
		seen.add(key);
	}
	const { conferenceSectors, conferences } = data.t;
	await transactOn(data, async (tx) => {
		// The list is replaced whole: the conference's row is held, so two saves at once (on
		// PostgreSQL) replace it one after the other instead of mixing; names stay a key (the index).
		await lockForUpdate(data, tx, conferences, input.conferenceId);
		const before = await tx
			.select({ id: conferenceSectors.id, name: conferenceSectors.name, targetSeats: conferenceSectors.targetSeats })
			.from(conferenceSectors)
			.where(eq(conferenceSectors.conferenceId, input.conferenceId))
			.orderBy(conferenceSectors.position);
		const existing = new Set(before.map((s) => s.id));
		for (const s of input.sectors) if (s.id !== null && !existing.has(s.id)) throw new CommandError('not_found', s.field);
		const kept = input.sectors.flatMap((s) => (s.id === null ? [] : [s.id]));
		await tx
			.delete(conferenceSectors)
			.where(and(eq(conferenceSectors.conferenceId, input.conferenceId), notInArray(conferenceSectors.id, kept.length ? kept : [''])));
		// Renames may swap two names: clear the kept ones first, so the unique index never sees a
		// transient clash. The placeholder starts with U+0001, not U+0000: PostgreSQL's text holds no NUL.
		for (const id of kept)
			await tx
				.update(conferenceSectors)
				.set({ name: `\u0001${id}` })
				.where(eq(conferenceSectors.id, id));
		for (const [position, s] of input.sectors.entries()) {
			const values = { name: s.name.trim(), targetSeats: s.targetSeats, position };
			const write =
				s.id === null
					? tx.insert(conferenceSectors).values({ conferenceId: input.conferenceId, ...values })
					: tx.update(conferenceSectors).set(values).where(eq(conferenceSectors.id, s.id));
			await write.catch((error: unknown) => {
				if (isUniqueViolation(error)) throw new CommandError('sector_name_taken', s.field);
				throw error;
			});
		}
		await recordAuditIn(data, tx, actor, {
			action: 'member.sectorsSaved',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			before: { sectors: before.map(({ name, targetSeats }) => ({ name, targetSeats })) },
			after: { sectors: input.sectors.map(({ name, targetSeats }) => ({ name: name.trim(), targetSeats })) }
		});
	});
}
