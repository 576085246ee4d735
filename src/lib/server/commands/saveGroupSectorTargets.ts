import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceSectors, sectorGroupTargets } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';
import { requireGroup } from './support/guards';

/**
 * A group's target seats per sector, replacing the earlier ones: a sector left out or given
 * null has no target in this group (a missing seat is then not reported as a gap).
 */
export function saveGroupSectorTargets(
	db: Db,
	actor: Actor,
	input: { conferenceId: string; groupId: string; targets: Readonly<Record<string, number | null>> }
) {
	authorize(actor, 'member.configureSectors', input);
	return transact(db, (tx) => {
		requireGroup(tx, input.conferenceId, input.groupId);
		const sectors = new Set(
			tx
				.select({ id: conferenceSectors.id })
				.from(conferenceSectors)
				.where(eq(conferenceSectors.conferenceId, input.conferenceId))
				.all()
				.map((s) => s.id)
		);
		const set = Object.entries(input.targets).filter((e): e is [string, number] => e[1] !== null);
		for (const [sectorId] of set) if (!sectors.has(sectorId)) throw new CommandError('not_found', `target_${sectorId}`);
		const before = tx
			.select({ sectorId: sectorGroupTargets.sectorId, targetSeats: sectorGroupTargets.targetSeats })
			.from(sectorGroupTargets)
			.where(eq(sectorGroupTargets.groupId, input.groupId))
			.all();
		tx.delete(sectorGroupTargets).where(eq(sectorGroupTargets.groupId, input.groupId)).run();
		if (set.length > 0)
			tx.insert(sectorGroupTargets)
				.values(set.map(([sectorId, targetSeats]) => ({ groupId: input.groupId, sectorId, targetSeats })))
				.run();
		recordAudit(tx, actor, {
			action: 'member.groupTargetsSaved',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			before: { targets: Object.fromEntries(before.map((t) => [t.sectorId, t.targetSeats])) },
			after: { targets: Object.fromEntries(set) }
		});
	});
}
