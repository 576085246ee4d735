import { and, eq, ne } from 'drizzle-orm';
import type { GroupKind } from '../../../domain/roles';
import type { Db } from '../../db';
import { workingGroups } from '../../db/schema';
import { CommandError } from './errors';

type Reader = Pick<Db, 'select'>;

/**
 * A conference has one steering group at most (the partial unique index
 * `working_groups_one_steering` holds it in the database); refused here first so the office reads
 * why next to the kind field instead of meeting a constraint failure.
 */
export function requireSteeringGroupFree(tx: Reader, conferenceId: string, kind: GroupKind, exceptGroupId?: string) {
	if (kind !== 'steering') return;
	const other = tx
		.select({ id: workingGroups.id })
		.from(workingGroups)
		.where(
			and(eq(workingGroups.conferenceId, conferenceId), eq(workingGroups.kind, 'steering'), exceptGroupId ? ne(workingGroups.id, exceptGroupId) : undefined)
		)
		.get();
	if (other) throw new CommandError('steering_group_exists', 'kind');
}
