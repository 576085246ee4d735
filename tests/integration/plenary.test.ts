import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CHECK_IN_ALPHABET, formatCheckInCode } from '../../src/lib/domain/checkIn';
import { checkIn } from '../../src/lib/server/commands/checkIn';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { checkInUnderLimits } from '../../src/lib/server/limits/checkIn';
import { forget, LimitReached } from '../../src/lib/server/limits/limiter';
import { addressKey } from '../../src/lib/server/limits/clientAddress';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { markPresent } from '../../src/lib/server/commands/markPresent';
import { removeAttendance } from '../../src/lib/server/commands/removeAttendance';
import { updatePlenarySession } from '../../src/lib/server/commands/updatePlenarySession';
import { first } from '../../src/lib/server/db/client';
import { loadActorOn } from '../../src/lib/server/policies';
import { attendanceList, listPlenarySessions } from '../../src/lib/server/queries/plenary';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn } from './support/fixtureOn';
import { refusalOf } from './support/errors';

describe.each(DIALECTS)('the plenary on %s', (dialect) => {
	const on = fixtureOn(dialect);
	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(on.data, on.fixture.ids[name]);
	// Sessions of today: check-in is open on the day of a session only.
	const newSession = async (title = '3. Sitzung', startsAt = new Date()) =>
		await createPlenarySession(on.data, await actor('office'), {
			conferenceId: on.fixture.conferenceA.id,
			title,
			startsAt,
			place: 'Landratsamt, großer Sitzungssaal',
			videoUrl: null
		});
	const attendanceOf = (sessionId: string) => on.data.q.select().from(on.data.t.attendance).where(eq(on.data.t.attendance.sessionId, sessionId));

	describe('plenary sessions', () => {
		it('get a six-character check-in code without look-alike characters, and an audit entry', async () => {
			const session = await newSession();
			expect(session.checkInCode).toMatch(new RegExp(`^[${CHECK_IN_ALPHABET}]{6}$`));
			expect(session.checkInCode).not.toMatch(/[01OIL]/);
			const entry = first(await on.data.q.select().from(on.data.t.auditLog).where(eq(on.data.t.auditLog.subjectId, session.id)));
			expect(entry?.action).toBe('plenary.create');
		});

		it('are created and changed by the office only', async () => {
			await expect(
				createPlenarySession(on.data, await actor('moderator'), {
					conferenceId: on.fixture.conferenceA.id,
					title: 'x',
					startsAt: new Date(),
					place: 'y',
					videoUrl: null
				})
			).rejects.toThrow();
			const session = await newSession();
			const changed = await updatePlenarySession(on.data, await actor('office'), {
				conferenceId: on.fixture.conferenceA.id,
				sessionId: session.id,
				title: '3. Sitzung (verlegt)',
				startsAt: new Date('2026-12-10T16:00:00Z'),
				place: 'Online',
				videoUrl: 'https://meet.example/plenum'
			});
			expect(changed).toMatchObject({ title: '3. Sitzung (verlegt)', place: 'Online', checkInCode: session.checkInCode });
			await expect(
				updatePlenarySession(on.data, await actor('otherOffice'), {
					conferenceId: on.fixture.conferenceA.id,
					sessionId: session.id,
					title: 'x',
					startsAt: new Date(),
					place: 'y',
					videoUrl: null
				})
			).rejects.toThrow();
		});
	});

	describe('check-in', () => {
		it('counts a member present with the typed code, however it is spaced or cased; twice changes nothing', async () => {
			const session = await newSession('3. Sitzung', new Date('2026-12-03T16:00:00Z'));
			const typed = formatCheckInCode(session.checkInCode).toLowerCase().replace('-', ' ');
			const at = new Date('2026-12-03T15:58:00Z');
			const first = await checkIn(on.data, await actor('votingMember'), { code: typed, method: 'code', now: at });
			expect(first).toMatchObject({ alreadyPresent: false, attendance: { method: 'code', checkedInAt: at } });
			const second = await checkIn(on.data, await actor('votingMember'), {
				code: session.checkInCode,
				method: 'qr',
				now: new Date('2026-12-03T18:30:00Z')
			});
			expect(second).toMatchObject({ alreadyPresent: true, attendance: { method: 'code', checkedInAt: at } });
			expect(await attendanceOf(session.id)).toHaveLength(1);
		});

		it('refuses unknown codes, a code of another session on a session page, and people of other conferences alike', async () => {
			const session = await newSession();
			const other = await newSession('Sondersitzung');
			expect(await refusalOf(checkIn(on.data, await actor('votingMember'), { code: 'ZZZ-ZZZ', method: 'code' }))).toBe('check_in_code_unknown');
			expect(await refusalOf(checkIn(on.data, await actor('votingMember'), { code: 'short', method: 'code' }))).toBe('check_in_code_unknown');
			expect(await refusalOf(checkIn(on.data, await actor('votingMember'), { code: other.checkInCode, method: 'code', sessionId: session.id }))).toBe(
				'check_in_code_unknown'
			);
			// To someone of another conference, a code in use answers as if it did not exist, on the day and on any other.
			expect(await refusalOf(checkIn(on.data, await actor('otherOffice'), { code: session.checkInCode, method: 'code' }))).toBe('check_in_code_unknown');
			const past = await newSession('Frühjahrssitzung', new Date('2026-03-03T16:00:00Z'));
			expect(await refusalOf(checkIn(on.data, await actor('otherOffice'), { code: past.checkInCode, method: 'code' }))).toBe('check_in_code_unknown');
			expect(await attendanceOf(session.id)).toHaveLength(0);
		});

		it('pauses an address after 50 wrong codes, whoever typed them; right codes do not count, and other addresses go on', async () => {
			const session = await newSession('Sitzung mit vollem Saal');
			/** What a person typing `code` at `address` meets: in, the refusal's code, or the limit that paused them. */
			const attemptFrom = async (address: string, who: Exclude<ActorName, 'anonymous'>, code: string) => {
				const request = {
					request: new Request('http://localhost/check-in', { method: 'POST' }),
					getClientAddress: () => address,
					locals: { actor: await actor(who) }
				};
				try {
					await checkInUnderLimits(on.data, request, on.fixture.ids[who], { code, method: 'code' });
					return 'in';
				} catch (error) {
					if (error instanceof LimitReached) return error.refusal.limit;
					if (error instanceof CommandError) return error.code;
					throw error;
				}
			};
			const typists = ['votingMember', 'advisoryMember', 'deputy', 'easyChecker', 'groupCoordinator'] as const;
			const room = '192.0.2.99';
			// The limits are the process's, not the database's, and the suite on the other database typed
			// with the same people (the copy keeps their ids) from the same addresses: start uncounted.
			for (const who of [...typists, 'minuteTaker', 'groupModerator'] as const) await forget('checkIn.person', on.fixture.ids[who]);
			for (const address of [room, '192.0.2.100']) await forget('checkIn.address', addressKey(address));
			for (const who of typists) {
				for (let i = 0; i < 9; i++) expect(await attemptFrom(room, who, `ZZZ-${222 + i}`)).toBe('check_in_code_unknown');
				// Each gets in with the right code after their typos, and that never counts.
				expect(await attemptFrom(room, who, session.checkInCode)).toBe('in');
			}
			for (let i = 0; i < 5; i++) expect(await attemptFrom(room, 'minuteTaker', `ZZZ-${222 + i}`)).toBe('check_in_code_unknown');
			// 50 wrong codes from the room: the next person there waits, with any code; elsewhere they get in.
			expect(await attemptFrom(room, 'groupModerator', 'ZZZ-999')).toBe('checkIn.address');
			expect(await attemptFrom(room, 'groupModerator', session.checkInCode)).toBe('checkIn.address');
			expect(await attemptFrom('192.0.2.100', 'groupModerator', session.checkInCode)).toBe('in');
		});

		it('is open on the day of the session only (Berlin time)', async () => {
			const session = await newSession('Wintersitzung', new Date('2026-12-03T16:00:00Z'));
			const tryAt = async (iso: string) =>
				await refusalOf(checkIn(on.data, await actor('deputy'), { code: session.checkInCode, method: 'code', now: new Date(iso) }));
			expect(await tryAt('2026-12-02T22:59:00Z')).toBe('check_in_closed'); // 23:59 the evening before
			expect(await tryAt('2026-12-03T23:00:00Z')).toBe('check_in_closed'); // 00:00 the day after
			expect(await tryAt('2026-12-02T23:00:00Z')).toBeUndefined(); // 00:00 on the day
		});

		it('lets the office mark people present and take a mistaken check-in back; a moderator cannot', async () => {
			const session = await newSession();
			const subject = { conferenceId: on.fixture.conferenceA.id, sessionId: session.id };
			const row = await markPresent(on.data, await actor('office'), { ...subject, personId: on.fixture.ids.deputy });
			expect(row).toMatchObject({ method: 'office', recordedByPersonId: on.fixture.ids.office });
			expect(await refusalOf(markPresent(on.data, await actor('office'), { ...subject, personId: on.fixture.ids.deputy }))).toBe('already_present');
			await expect(markPresent(on.data, await actor('moderator'), { ...subject, personId: on.fixture.ids.advisoryMember })).rejects.toThrow();
			expect(await refusalOf(markPresent(on.data, await actor('office'), { ...subject, personId: on.fixture.ids.otherOffice }))).toBe(
				'person_not_in_conference'
			);
			await removeAttendance(on.data, await actor('office'), { ...subject, personId: on.fixture.ids.deputy });
			expect(await refusalOf(removeAttendance(on.data, await actor('office'), { ...subject, personId: on.fixture.ids.deputy }))).toBe('not_present');
			const { auditLog } = on.data.t;
			// PostgreSQL keeps no order without ORDER BY: the log's own sequence is the order of the steps.
			const actions = (await on.data.q.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, session.id)).orderBy(auditLog.seq)).map(
				(r) => r.action
			);
			expect(actions).toEqual(['plenary.create', 'attendance.record', 'attendance.remove']);
		});

		it('lists everyone who may attend, present people first, without the office unless it checked in', async () => {
			const session = await newSession();
			await checkIn(on.data, await actor('advisoryMember'), { code: session.checkInCode, method: 'qr' });
			const list = await attendanceList(on.data, on.fixture.conferenceA.id, session.id);
			expect(list[0]).toMatchObject({ personId: on.fixture.ids.advisoryMember, memberStatus: 'advisory', method: 'qr' });
			expect(list.slice(1).every((row) => row.checkedInAt === null)).toBe(true);
			expect(list.some((row) => row.personId === on.fixture.ids.office)).toBe(false);
			expect(list.some((row) => row.personId === on.fixture.ids.votingMember)).toBe(true);
		});

		it('counts who was present per session in the list of sessions', async () => {
			const session = await newSession('Zählsitzung');
			for (const who of ['votingMember', 'deputy'] as const) await checkIn(on.data, await actor(who), { code: session.checkInCode, method: 'code' });
			const listed = (await listPlenarySessions(on.data, on.fixture.conferenceA.id)).find((s) => s.id === session.id);
			expect(listed?.present).toBe(2);
		});
	});
});
