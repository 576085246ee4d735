import { and, eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { termReminderKey, termReminderRunAt } from '../jobs/kinds/membersTermReminder';
import { CommandError } from './support/errors';
import { requireConferencePersonOn } from './support/guards';
import { transactOn } from '../effects';
import { lockRow } from '../db/locks';
import { type Data, first } from '../db/client';

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
export async function updateMemberSeat(data: Data, actor: Actor, input: MemberSeatInput) {
	const { conferenceSectors, memberSeats } = data.t;
	authorize(actor, 'member.updateSeat', input);
	if (input.appointedFrom && input.appointedUntil && input.appointedFrom > input.appointedUntil)
		throw new CommandError('term_ends_before_start', 'appointedUntil');
	const now = input.now ?? new Date();
	return await transactOn(data, async (tx, effects) => {
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		if (input.sectorId !== null) {
			const sector = first(
				await tx
					.select({ id: conferenceSectors.id })
					.from(conferenceSectors)
					.where(and(eq(conferenceSectors.id, input.sectorId), eq(conferenceSectors.conferenceId, input.conferenceId)))
			);
			if (!sector) throw new CommandError('not_found', 'sectorId');
		}
		const where = and(eq(memberSeats.conferenceId, input.conferenceId), eq(memberSeats.personId, input.personId))!;
		// The seat's row, held until the commit on PostgreSQL, so `before` (the audit's, the reminder's) is
		// not what another change of the same seat replaces meanwhile.
		await lockRow(data, tx, memberSeats, where);
		const before = first(await tx.select().from(memberSeats).where(where));
		const endChanged = before?.appointedUntil?.getTime() !== input.appointedUntil?.getTime();
		const values = {
			sectorId: input.sectorId,
			appointedFrom: input.appointedFrom,
			appointedUntil: input.appointedUntil,
			// Reminded about the old end only: the new one is reminded of again.
			termRemindedAt: endChanged ? null : (before?.termRemindedAt ?? null),
			updatedAt: now
		};
		if (before) await tx.update(memberSeats).set(values).where(where);
		// No seat yet: nothing to lock, so two first seats at once meet at the key; the later one is the change.
		else
			await tx
				.insert(memberSeats)
				.values({ conferenceId: input.conferenceId, personId: input.personId, ...values })
				.onConflictDoUpdate({ target: [memberSeats.conferenceId, memberSeats.personId], set: values });
		if (endChanged && input.appointedUntil && input.appointedUntil > now) {
			const payload = { conferenceId: input.conferenceId, personId: input.personId, until: input.appointedUntil.getTime() };
			await effects.job('members.termReminder', payload, {
				key: termReminderKey(payload),
				runAt: termReminderRunAt(input.appointedUntil, now),
				conferenceId: input.conferenceId
			});
		}
		const view = (s: typeof before) =>
			s ? { sectorId: s.sectorId, appointedFrom: s.appointedFrom?.toISOString() ?? null, appointedUntil: s.appointedUntil?.toISOString() ?? null } : null;
		await recordAuditIn(data, tx, actor, {
			action: 'member.seatUpdated',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: view(before),
			after: view({ ...values, conferenceId: input.conferenceId, personId: input.personId })
		});
	});
}
