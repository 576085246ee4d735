import { and, eq, isNotNull } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
import { sendTermEndingMail } from '../../mail/termEndingMail';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * Tells the office that a member's term ends soon, so that they can reappoint or find a
 * successor. Due `REMIND_DAYS_BEFORE` days before the end; when it runs it re-reads the seat and
 * does nothing if the end was changed (the change scheduled its own reminder), the seat is gone,
 * or the office was reminded already.
 */
export interface TermReminderPayload {
	conferenceId: string;
	personId: string;
	/** The end of term it was scheduled for (ms since the epoch). */
	until: number;
}

export const REMIND_DAYS_BEFORE = 60;

export const termReminderKey = (p: Pick<TermReminderPayload, 'conferenceId' | 'personId' | 'until'>) =>
	`members.termReminder:${p.conferenceId}:${p.personId}:${p.until}`;

/** 60 days before the end, or at once when the end is nearer. */
export function termReminderRunAt(until: Date, now: Date): Date {
	const due = until.getTime() - REMIND_DAYS_BEFORE * 86_400_000;
	return new Date(Math.max(due, now.getTime()));
}

export const membersTermReminder: JobHandler<TermReminderPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		if (typeof o.until !== 'number' || !Number.isFinite(o.until)) throw new PermanentJobError('payload field until is not a number');
		return { conferenceId: stringField(o, 'conferenceId', 64), personId: stringField(o, 'personId', 64), until: o.until };
	},
	async run(payload, { data, signal }) {
		const { conferences, conferenceSectors, memberSeats, people } = data.t;
		const seat = first(
			await data.q
				.select({ until: memberSeats.appointedUntil, remindedAt: memberSeats.termRemindedAt, sectorName: conferenceSectors.name })
				.from(memberSeats)
				.leftJoin(conferenceSectors, eq(conferenceSectors.id, memberSeats.sectorId))
				.where(and(eq(memberSeats.conferenceId, payload.conferenceId), eq(memberSeats.personId, payload.personId)))
		);
		if (!seat || seat.until?.getTime() !== payload.until || seat.remindedAt) return;
		const member = first(
			await data.q.select({ name: people.displayName, organisation: people.organisation }).from(people).where(eq(people.id, payload.personId))
		);
		const conference = first(
			await data.q.select({ name: conferences.name, settings: conferences.settings }).from(conferences).where(eq(conferences.id, payload.conferenceId))
		);
		if (!member || !conference) return;
		const to = await officeAddresses(data, payload.conferenceId, conference.settings.contactEmail);
		if (to.length === 0) throw new PermanentJobError('no_office_address');
		if (signal.aborted) throw new Error('stopped before sending');
		const origin = process.env.ORIGIN ?? 'http://localhost:3000';
		const result = await sendTermEndingMail({
			to: to.join(', '),
			memberName: member.name,
			organisation: member.organisation,
			sectorName: seat.sectorName ?? null,
			until: seat.until!,
			conferenceName: conference.name,
			url: `${origin}/conferences/${payload.conferenceId}/people/${payload.personId}#seat`,
			messageId: `<term-${payload.conferenceId}.${payload.personId}.${payload.until}@ratschlag>`
		});
		if (!result.sent) {
			if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
			throw new Error(result.error);
		}
		await data.q
			.update(memberSeats)
			.set({ termRemindedAt: new Date() })
			.where(and(eq(memberSeats.conferenceId, payload.conferenceId), eq(memberSeats.personId, payload.personId)));
	}
};

/** The office's people who have an address; the conference's public contact when none has. */
async function officeAddresses(data: Data, conferenceId: string, contactEmail: string | null): Promise<string[]> {
	const { conferenceMemberships, people } = data.t;
	const rows = await data.q
		.selectDistinct({ email: people.email })
		.from(conferenceMemberships)
		.innerJoin(people, eq(people.id, conferenceMemberships.personId))
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.role, 'office'), isNotNull(people.email)));
	const addresses = [...new Set(rows.map((r) => r.email!.toLowerCase()))].sort();
	return addresses.length > 0 ? addresses : contactEmail ? [contactEmail] : [];
}
