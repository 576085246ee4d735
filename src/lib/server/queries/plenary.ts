import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import { preparedOn } from '../db/prepared';

export async function listPlenarySessions(data: Data, conferenceId: string) {
	const { plenarySessions } = data.t;
	const rows = await data.q
		.select({
			id: plenarySessions.id,
			title: plenarySessions.title,
			startsAt: plenarySessions.startsAt,
			place: plenarySessions.place,
			// Spelled out: drizzle writes a bare "id" here, which would bind to a.id inside the subquery.
			present: sql<number>`(select count(*) from attendance a where a.session_id = plenary_sessions.id)`
		})
		.from(plenarySessions)
		.where(eq(plenarySessions.conferenceId, conferenceId))
		.orderBy(desc(plenarySessions.startsAt), asc(plenarySessions.id));
	// PostgreSQL's count is a bigint, which pg hands over as a string.
	return rows.map((row) => ({ ...row, present: Number(row.present) }));
}

// What every view of a session page asks first, when hundreds of phones open it at once: prepared
// once (a named statement per connection on PostgreSQL).
const sessionOn = preparedOn((q, t) =>
	q
		.select()
		.from(t.plenarySessions)
		.where(and(eq(t.plenarySessions.id, sql.placeholder('sessionId')), eq(t.plenarySessions.conferenceId, sql.placeholder('conferenceId'))))
);
const sessionByIdOn = preparedOn((q, t) =>
	q
		.select()
		.from(t.plenarySessions)
		.where(eq(t.plenarySessions.id, sql.placeholder('sessionId')))
);
const attendanceOn = preparedOn((q, t) =>
	q
		.select()
		.from(t.attendance)
		.where(and(eq(t.attendance.sessionId, sql.placeholder('sessionId')), eq(t.attendance.personId, sql.placeholder('personId'))))
);

/** A conference's session, or undefined (a session of another conference is not found). */
export function getPlenarySessionOn(data: Data, conferenceId: string, sessionId: string) {
	return sessionOn(data).first({ sessionId, conferenceId });
}

/** A session by its id alone, for screens that are not under a conference (the projector). */
export function findPlenarySessionOn(data: Data, sessionId: string) {
	return sessionByIdOn(data).first({ sessionId });
}

/** The check-in code's session, for the page a scanned QR code opens. */
export async function findSessionByCheckInCodeOn(data: Data, code: string) {
	const { plenarySessions } = data.t;
	return first(await data.q.select().from(plenarySessions).where(eq(plenarySessions.checkInCode, code)));
}

/** A person's attendance at a session, if they are recorded present (`tx`: inside a command's transaction). */
export async function findAttendanceOn(data: Data, sessionId: string, personId: string, tx?: Query) {
	return attendanceOn(data).first({ sessionId, personId }, tx);
}

export interface AttendanceRow {
	personId: string;
	displayName: string;
	organisation: string | null;
	memberStatus: 'voting' | 'advisory' | 'deputy' | null;
	checkedInAt: Date | null;
	method: 'qr' | 'code' | 'office' | null;
}

/**
 * Everyone who may attend (people with a role in the conference other than the office), with
 * their check-in if any: the office's list in the room, present people first.
 */
export async function attendanceList(data: Data, conferenceId: string, sessionId: string): Promise<AttendanceRow[]> {
	const { people, conferenceMemberships, attendance } = data.t;
	const rows = await data.q
		.select({
			personId: people.id,
			displayName: people.displayName,
			organisation: people.organisation,
			role: conferenceMemberships.role,
			memberStatus: conferenceMemberships.memberStatus,
			checkedInAt: attendance.checkedInAt,
			method: attendance.method
		})
		.from(conferenceMemberships)
		.innerJoin(people, eq(people.id, conferenceMemberships.personId))
		.leftJoin(attendance, and(eq(attendance.personId, people.id), eq(attendance.sessionId, sessionId)))
		.where(eq(conferenceMemberships.conferenceId, conferenceId))
		.orderBy(asc(people.displayName), asc(people.id));
	const byPerson = new Map<string, AttendanceRow & { onlyOffice: boolean }>();
	for (const row of rows) {
		const entry = byPerson.get(row.personId) ?? { ...row, memberStatus: null, onlyOffice: true };
		if (row.memberStatus) entry.memberStatus = row.memberStatus;
		if (row.role !== 'office') entry.onlyOffice = false;
		byPerson.set(row.personId, entry);
	}
	return [...byPerson.values()]
		.filter((entry) => !entry.onlyOffice || entry.checkedInAt)
		.map(({ personId, displayName, organisation, memberStatus, checkedInAt, method }) => ({
			personId,
			displayName,
			organisation,
			memberStatus,
			checkedInAt,
			method
		}))
		.sort((a, b) => Number(!!b.checkedInAt) - Number(!!a.checkedInAt) || a.displayName.localeCompare(b.displayName, 'de'));
}
