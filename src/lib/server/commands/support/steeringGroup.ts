import { and, eq, ne } from 'drizzle-orm';
import type { GroupKind } from '../../../domain/roles';
import { first, type Data, type Query } from '../../db/client';
import { violatesUniqueIndex } from '../../db/uniqueViolation';
import { CommandError } from './errors';

/**
 * A conference has one steering group at most (the partial unique index
 * `working_groups_one_steering` holds it in the database); refused here first so the office reads
 * why next to the kind field instead of meeting a constraint failure.
 */
export async function requireSteeringGroupFree(data: Data, tx: Query, conferenceId: string, kind: GroupKind, exceptGroupId?: string) {
	if (kind !== 'steering') return;
	const { workingGroups } = data.t;
	const other = first(
		await tx
			.select({ id: workingGroups.id })
			.from(workingGroups)
			.where(
				and(eq(workingGroups.conferenceId, conferenceId), eq(workingGroups.kind, 'steering'), exceptGroupId ? ne(workingGroups.id, exceptGroupId) : undefined)
			)
	);
	if (other) throw new CommandError('steering_group_exists', 'kind');
}

/**
 * The write of a group's kind, answered as the check above answers: on PostgreSQL two writers may
 * both find no steering group; the index refuses the second (README, "Rules that span rows": one
 * steering group is a key), and it is told `steering_group_exists`, not a server error.
 */
export function refuseSecondSteeringGroup(data: Data) {
	const { workingGroups } = data.t;
	return (error: unknown): never => {
		if (violatesUniqueIndex(error, { name: 'working_groups_one_steering', columns: [workingGroups.conferenceId] }))
			throw new CommandError('steering_group_exists', 'kind');
		throw error;
	};
}
