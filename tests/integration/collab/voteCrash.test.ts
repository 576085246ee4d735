import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { sqliteData } from '../../../src/lib/server/db/client';
import { conferenceMemberships, people } from '../../../src/lib/server/db/schema';
import { loadActorOn } from '../../../src/lib/server/policies';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';
import { sessionCookie } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';

/**
 * Votes are committed in groups (one fsync for all that arrive together), yet a vote is answered
 * only once it is on disk. The production server is killed with SIGKILL in the middle of a burst
 * of votes: after a restart, every vote that was answered as counted is there, none twice, and
 * every member who sends again is told either that the vote is counted or that it was already.
 */
const storage = tempDatabase();
const db = storage.db;
let server: BuiltServer | undefined;
afterAll(async () => {
	await server?.stop();
	storage.cleanup();
});

const MEMBERS = 300;
const CHOICES = ['yes', 'no', 'abstain'] as const;
const alreadyVoted = JSON.parse(readFileSync('messages/de.json', 'utf8')).error_already_voted as string;

type Answer = { member: number; choice: string; status: number | string; body: string };

describe('a burst of votes and a crash', () => {
	it('kill -9 in the middle of a burst: every vote answered as counted is counted, none twice', async () => {
		const fixture = await buildFixture(db);
		const conferenceId = fixture.conferenceA.id;
		const session = await createPlenarySession(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.office), {
			conferenceId,
			title: 'Plenum',
			startsAt: new Date(),
			place: 'Saal',
			videoUrl: null
		});
		let itemId = '';
		await changeDocumentOn(sqliteData(db.$client), plenaryDoc(session.id), (doc) => {
			itemId = addAgendaItem(doc, { title: 'Haushalt 2027', description: '', presenter: '', durationMinutes: 20, type: 'decision' });
		});
		const members: { personId: string; cookie: string; choice: (typeof CHOICES)[number] }[] = [];
		for (let i = 0; i < MEMBERS; i++) {
			const personId = db
				.insert(people)
				.values({ displayName: `Mitglied ${i}` })
				.returning()
				.get().id;
			db.insert(conferenceMemberships).values({ conferenceId, personId, role: 'member', memberStatus: 'voting' }).run();
			await checkIn(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), personId), { code: session.checkInCode, method: 'code' });
			members.push({ personId, cookie: await sessionCookie(db, personId), choice: CHOICES[i % 3] });
		}
		const poll = await openPoll(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.moderator), {
			conferenceId,
			sessionId: session.id,
			agendaItemId: itemId,
			motion: null,
			kind: 'vote',
			secrecy: 'named',
			confirmNotQuorate: true
		});

		server = await startBuiltServer({ databaseFile: storage.file, env: { SEED_DEMO: 'false' } });
		const port = server.port;
		const vote = async (origin: string, member: number, choice: string): Promise<Answer> => {
			try {
				const response = await fetch(`${origin}/conferences/${conferenceId}/plenary/${session.id}?/vote`, {
					method: 'POST',
					redirect: 'manual',
					headers: { origin, cookie: members[member].cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ pollId: poll.id, choice }).toString()
				});
				return { member, choice, status: response.status, body: await response.text() };
			} catch (error) {
				// The server died with the request open: no answer.
				return { member, choice, status: String((error as { cause?: { code?: string } }).cause?.code ?? error), body: '' };
			}
		};

		// Members press within the same moments, every fourth twice with another choice (a
		// double click, a second device); the server is killed once some votes were answered.
		const origin = server.origin;
		const answers: Promise<Answer>[] = [];
		let counted = 0;
		const sending = (async () => {
			for (let i = 0; i < MEMBERS && server!.child.exitCode === null && server!.child.signalCode === null; i++) {
				answers.push(vote(origin, i, members[i].choice).then((a) => (a.status === 303 && counted++, a)));
				if (i % 4 === 0) answers.push(vote(origin, i, CHOICES[(i + 1) % 3]).then((a) => (a.status === 303 && counted++, a)));
				if (i % 10 === 9) await new Promise((r) => setTimeout(r, 2));
			}
		})();
		const start = Date.now();
		while (counted < 30 && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 1));
		await server.kill();
		await sending;
		const before = await Promise.all(answers);

		const accepted = before.filter((a) => a.status === 303);
		const unanswered = before.filter((a) => typeof a.status !== 'number');
		expect(accepted.length).toBeGreaterThanOrEqual(30);
		// The kill came in the middle: some votes never got an answer.
		expect(unanswered.length + (MEMBERS - new Set(before.map((a) => a.member)).size)).toBeGreaterThan(0);
		// Nothing but counted, refused as a second vote, or cut off.
		expect(before.filter((a) => a.status !== 303 && !(a.status === 400 && a.body.includes(alreadyVoted)) && typeof a.status === 'number')).toEqual([]);

		server = await startBuiltServer({ databaseFile: storage.file, port, env: { SEED_DEMO: 'false' } });
		const reader = new Database(storage.file, { readonly: true });
		const ballots = () =>
			new Map(
				(reader.prepare('SELECT voter_person_id AS voter, choice FROM poll_ballots WHERE poll_id = ?').all(poll.id) as { voter: string; choice: string }[]).map(
					(b) => [b.voter, b.choice]
				)
			);
		const tallied = () => reader.prepare('SELECT coalesce(sum(count), 0) FROM poll_tallies WHERE poll_id = ?').pluck().get(poll.id) as number;
		const afterCrash = ballots();
		// Every vote answered as counted is there, with the choice that was answered.
		expect(accepted.filter((a) => afterCrash.get(members[a.member].personId) !== a.choice)).toEqual([]);
		// Counted once: one ballot per member at most, and the tallies add up to the ballots.
		expect(reader.prepare('SELECT count(*) FROM poll_ballots WHERE poll_id = ?').pluck().get(poll.id)).toBe(afterCrash.size);
		expect(tallied()).toBe(afterCrash.size);

		// Everyone sends again: a member already counted is told so, anyone else is counted now.
		const again = await Promise.all(members.map((m, i) => vote(server!.origin, i, m.choice)));
		const countedBefore = new Set(accepted.map((a) => a.member));
		for (const a of again) {
			if (afterCrash.has(members[a.member].personId)) expect([a.member, a.status, a.body.includes(alreadyVoted)]).toEqual([a.member, 400, true]);
			else expect([a.member, a.status, countedBefore.has(a.member)]).toEqual([a.member, 303, false]);
		}
		const final = ballots();
		expect(final.size).toBe(MEMBERS);
		expect(tallied()).toBe(MEMBERS);
		reader.close();
	}, 120_000);
});
