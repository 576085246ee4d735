import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';
import { requireGroupOn } from './support/guards';

/**
 * A group's target seats per sector, replacing the earlier ones: a sector left out or given
 * null has no target in this group (a missing seat is then not reported as a gap).
 */
export async function saveGroupSectorTargets(
	data: Data,
	actor: Actor,
	input: { conferenceId: string; groupId: string; targets: Readonly<Record<string, number | null>> }
) {
	authorize(actor, 'member.configureSectors', input);
	const { conferenceSectors, sectorGroupTargets, workingGroups } = data.t;
	return transactOn(data, async (tx) => {
		// The group's row held: two saves at once on PostgreSQL take turns, so the second's delete
		// sees the first's targets instead of both inserting over the same (group, sector) key.
		await lockForUpdate(data, tx, workingGroups, input.groupId);
		await requireGroupOn(data, input.conferenceId, input.groupId, tx);
		const sectors = new Set(
			(await tx.select({ id: conferenceSectors.id }).from(conferenceSectors).where(eq(conferenceSectors.conferenceId, input.conferenceId))).map((s) => s.id)
		);
		const set = Object.entries(input.targets).filter((e): e is [string, number] => e[1] !== null);
		for (const [sectorId] of set) if (!sectors.has(sectorId)) throw new CommandError('not_found', `target_${sectorId}`);
		const before = await tx
			.select({ sectorId: sectorGroupTargets.sectorId, targetSeats: sectorGroupTargets.targetSeats })
			.from(sectorGroupTargets)
			.where(eq(sectorGroupTargets.groupId, input.groupId));
		await tx.delete(sectorGroupTargets).where(eq(sectorGroupTargets.groupId, input.groupId));
		if (set.length > 0) await tx.insert(sectorGroupTargets).values(set.map(([sectorId, targetSeats]) => ({ groupId: input.groupId, sectorId, targetSeats })));
		await recordAuditIn(data, tx, actor, {
			action: 'member.groupTargetsSaved',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			before: { targets: Object.fromEntries(before.map((t) => [t.sectorId, t.targetSeats])) },
			after: { targets: Object.fromEntries(set) }
		});
	});
}
