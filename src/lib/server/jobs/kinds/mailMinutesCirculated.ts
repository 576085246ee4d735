import { eq } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
import { sendMinutesCirculatedMail } from '../../mail/minutesCirculatedMail';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * The mail telling one person that minutes went round for corrections: a meeting's (of a working
 * group) or a sitting's (of the plenary). Only ids travel in the payload; the address, name,
 * language, the easy-language wish and the deadline are read when the mail goes out, so a
 * corrected address counts and a retry says what holds then.
 */
export interface MinutesMailPayload {
	minutes: 'meeting' | 'sitting';
	/** The meeting's or the sitting's id. */
	id: string;
	/** The version taken when they were circulated: a second round is another mail. */
	version: number;
	personId: string;
	origin: string;
}

export const minutesMailKey = (p: Pick<MinutesMailPayload, 'minutes' | 'id' | 'version' | 'personId'>) =>
	`mail.minutesCirculated:${p.minutes}:${p.id}:${p.version}:${p.personId}`;

/** The same for every attempt and every process: a rare second copy after a crash is recognisable. */
export const minutesMailMessageId = (p: Pick<MinutesMailPayload, 'minutes' | 'id' | 'version' | 'personId'>) =>
	`<minutes-${p.minutes}.${p.id}.v${p.version}.${p.personId}@ratschlag>`;

interface Circulated {
	status: 'draft' | 'circulated' | 'approved';
	title: string;
	conferenceName: string;
	startsAt: Date;
	correctionsUntil: Date | null;
	path: string;
}

async function findMeeting(data: Data, meetingId: string): Promise<Circulated | null> {
	const { conferences, groupMeetings, meetingMinutes, workingGroups } = data.t;
	const row = first(
		await data.q
			.select({
				title: groupMeetings.title,
				startsAt: groupMeetings.startsAt,
				groupId: workingGroups.id,
				groupName: workingGroups.name,
				conferenceId: conferences.id,
				conferenceName: conferences.name,
				status: meetingMinutes.status,
				correctionsUntil: meetingMinutes.correctionsUntil
			})
			.from(groupMeetings)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.innerJoin(conferences, eq(conferences.id, workingGroups.conferenceId))
			.leftJoin(meetingMinutes, eq(meetingMinutes.meetingId, groupMeetings.id))
			.where(eq(groupMeetings.id, meetingId))
	);
	if (!row) return null;
	return {
		status: row.status ?? 'draft',
		title: `${row.title} (${row.groupName})`,
		conferenceName: row.conferenceName,
		startsAt: row.startsAt,
		correctionsUntil: row.correctionsUntil ?? null,
		path: `/conferences/${row.conferenceId}/groups/${row.groupId}/meetings/${meetingId}#minutes`
	};
}

async function findSitting(data: Data, sessionId: string): Promise<Circulated | null> {
	const { conferences, plenarySessions, sittingMinutes } = data.t;
	const row = first(
		await data.q
			.select({
				title: plenarySessions.title,
				startsAt: plenarySessions.startsAt,
				conferenceId: conferences.id,
				conferenceName: conferences.name,
				status: sittingMinutes.status,
				correctionsUntil: sittingMinutes.correctionsUntil
			})
			.from(plenarySessions)
			.innerJoin(conferences, eq(conferences.id, plenarySessions.conferenceId))
			.leftJoin(sittingMinutes, eq(sittingMinutes.sessionId, plenarySessions.id))
			.where(eq(plenarySessions.id, sessionId))
	);
	if (!row) return null;
	return {
		status: row.status ?? 'draft',
		title: row.title,
		conferenceName: row.conferenceName,
		startsAt: row.startsAt,
		correctionsUntil: row.correctionsUntil ?? null,
		path: `/conferences/${row.conferenceId}/plenary/${sessionId}/minutes`
	};
}

export const mailMinutesCirculated: JobHandler<MinutesMailPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		if (o.minutes !== 'meeting' && o.minutes !== 'sitting') throw new PermanentJobError('payload field minutes is unknown');
		if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) throw new PermanentJobError('payload field version is not a number');
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		return { minutes: o.minutes, id: stringField(o, 'id', 64), version: o.version, personId: stringField(o, 'personId', 64), origin };
	},
	async run(payload, { data, signal }) {
		const found = payload.minutes === 'meeting' ? await findMeeting(data, payload.id) : await findSitting(data, payload.id);
		if (!found) throw new PermanentJobError('minutes_gone');
		// Returned to draft or approved while the mail waited: there is nothing to correct any more.
		if (found.status !== 'circulated') return;
		const { people } = data.t;
		const person = first(await data.q.select().from(people).where(eq(people.id, payload.personId)));
		if (!person?.email) throw new PermanentJobError('no_email');
		if (signal.aborted) throw new Error('stopped before sending');
		const result = await sendMinutesCirculatedMail({
			to: person.email,
			name: person.displayName,
			title: found.title,
			conferenceName: found.conferenceName,
			heldAt: found.startsAt,
			correctionsUntil: found.correctionsUntil,
			url: `${payload.origin}${found.path}`,
			locale: person.preferredLocale,
			easy: person.prefersEasyLanguage,
			messageId: minutesMailMessageId(payload)
		});
		if (result.sent) return;
		if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
		throw new Error(result.error);
	}
};
