// People written straight into a running server's database: the members a bench or a test across
// instances needs in a sitting, signed in and checked in, without a browser each.
import { createHash, randomBytes } from 'node:crypto';

/** Today's sitting of the demo conference (the others are months away): `{ id, conferenceId }`. */
export async function todaysSitting(data) {
	const sitting = await data.get('SELECT id, conference_id AS "conferenceId" FROM plenary_sessions ORDER BY abs(starts_at - ?) LIMIT 1', [Date.now()]);
	if (!sitting) throw new Error('todaysSitting: the database holds no sitting (is the demo seeded?)');
	return sitting;
}

/**
 * N voting members of the session's conference, each with a signed-in session the way sessions.ts
 * makes them (only the SHA-256 of the cookie token is stored), checked in to the session by code
 * (all, or those `checkedIn(i)` picks). Written straight into the running server's database
 * (`data`: openDatabase's handle, SQLite or PostgreSQL): nothing in the server caches people or
 * sessions, every request and upgrade reads them.
 */
export async function addMembers(data, session, n, { name = 'Mitglied', checkedIn = () => true } = {}) {
	const id = () => randomBytes(10).toString('hex');
	const now = Date.now();
	const members = [];
	await data.transaction(async () => {
		for (let i = 0; i < n; i++) {
			const personId = id();
			const displayName = `${name} ${String(i + 1).padStart(3, '0')}`;
			const token = randomBytes(20).toString('hex');
			await data.run('INSERT INTO people (id, display_name, preferred_locale, prefers_easy_language, created_at) VALUES (?, ?, ?, false, ?)', [
				personId,
				displayName,
				'de',
				now
			]);
			await data.run(
				"INSERT INTO conference_memberships (id, conference_id, person_id, role, member_status, created_at) VALUES (?, ?, ?, 'member', 'voting', ?)",
				[id(), session.conferenceId, personId, now]
			);
			if (checkedIn(i))
				await data.run("INSERT INTO attendance (id, session_id, person_id, checked_in_at, method) VALUES (?, ?, ?, ?, 'code')", [
					id(),
					session.id,
					personId,
					now - 60_000 + i
				]);
			await data.run('INSERT INTO sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
				createHash('sha256').update(token).digest('hex'),
				personId,
				now,
				now + 30 * 86_400_000
			]);
			members.push({ personId, name: displayName, cookie: `ratschlag_session=${token}`, checkedIn: checkedIn(i) });
		}
	});
	return members;
}
