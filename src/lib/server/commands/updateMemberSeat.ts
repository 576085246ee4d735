import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceSectors, memberSeats } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { termReminderKey, termReminderRunAt } from '../jobs/kinds/membersTermReminder';
import { CommandError } from './support/errors';
import { requireConferencePerson } from './support/guards';

export interface MemberSeatInput {
	conferenceId: string;
	personId: string;
	sectorId: string | null;
	appointedFrom: Date | null;
	appointedUntil: Date | null;
	now?: Date;
}

/**
 * A member's seat: the sector they sit for and their term. A term with an end gets a reminder
 * to the office before it ends (a job due then); a changed end is a new reminder, and the old
 * job, finding another end when it runs, does nothing.
 */
export function updateMemberSeat(db: Db, actor: Actor, input: MemberSeatInput) {
	authorize(actor, 'member.updateSeat', input);
	if (input.appointedFrom && input.appointedUntil && input.appointedFrom > input.appointedUntil)
		throw new CommandError('term_ends_before_start', 'appointedUntil');
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		if (input.sectorId !== null) {
			const sector = tx
				.select({ id: conferenceSectors.id })
				.from(conferenceSectors)
				.where(and(eq(conferenceSectors.id, input.sectorId), eq(conferenceSectors.conferenceId, input.conferenceId)))
				.get();
			if (!sector) throw new CommandError('not_found', 'sectorId');
		}
		const where = and(eq(memberSeats.conferenceId, input.conferenceId), eq(memberSeats.personId, input.personId));
		const before = tx.select().from(memberSeats).where(where).get();
		const endChanged = before?.appointedUntil?.getTime() !== input.appointedUntil?.getTime();
		const values = {
			sectorId: input.sectorId,
			appointedFrom: input.appointedFrom,
			appointedUntil: input.appointedUntil,
			// Reminded about the old end only: the new one is reminded of again.
			termRemindedAt: endChanged ? null : (before?.termRemindedAt ?? null),
			updatedAt: now
		};
		if (before) tx.update(memberSeats).set(values).where(where).run();
		else
			tx.insert(memberSeats)
				.values({ conferenceId: input.conferenceId, personId: input.personId, ...values })
				.run();
		if (endChanged && input.appointedUntil && input.appointedUntil > now) {
			const payload = { conferenceId: input.conferenceId, personId: input.personId, until: input.appointedUntil.getTime() };
			effects.job('members.termReminder', payload, {
				key: termReminderKey(payload),
				runAt: termReminderRunAt(input.appointedUntil, now),
				conferenceId: input.conferenceId
			});
		}
		const view = (s: typeof before) =>
			s ? { sectorId: s.sectorId, appointedFrom: s.appointedFrom?.toISOString() ?? null, appointedUntil: s.appointedUntil?.toISOString() ?? null } : null;
		recordAudit(tx, actor, {
			action: 'member.seatUpdated',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: view(before),
			after: view({ ...values, conferenceId: input.conferenceId, personId: input.personId })
		});
	});
}
