// npm run bench:invitations
// The invitation figures of issue 18 (part B), on a temp database in this process: a round to 2,000
// members of one conference.
//   (a) creating the round: `createInvitationRound` writes the campaign and 2,000 invitation rows
//       (one INSERT … SELECT). Shown for information.
//   (b) mails enqueued: `sendInvitations` for 2,000 (sets sent_at, one mail job per invitation in
//       one statement, the reminder job). Target ≤ 1 s.
//   (c) letters rendered for print: the print page's content for 2,000 (every letter with its QR
//       code of the answer link), the round sent on paper. Target ≤ 5 s.
// Prints a table and PASS/FAIL; exits with 1 when a figure misses its target.
//
// Options: BENCH_INVITED (2000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importServerModules, table } from './lib.mjs';

const INVITED = Number(process.env.BENCH_INVITED ?? 2000);
const TARGET = { enqueueMs: 1000, printMs: 5000 };
const DAY = 24 * 60 * 60 * 1000;

const s = await importServerModules('invitations', [
	'src/lib/server/db/index.ts',
	'src/lib/server/db/client.ts',
	'src/lib/server/db/schema/index.ts',
	'src/lib/server/policies/index.ts',
	'src/lib/server/commands/createInvitationRound.ts',
	'src/lib/server/commands/sendInvitations.ts',
	'src/lib/server/invitations/printLetters.ts',
	'src/lib/server/invitations/defaultLetters.ts'
]);

const dir = mkdtempSync(join(tmpdir(), 'ratschlag-bench-invitations-'));
try {
	const db = s.openDatabase(join(dir, 'bench.sqlite'));
	const now = Date.now();
	const sqlite = db.$client;
	const data = s.sqliteData(sqlite);
	sqlite
		.prepare(`INSERT INTO conferences (id, name, region, settings, created_at) VALUES ('conf', 'Gesundheitskonferenz Musterstadt', 'Musterstadt', ?, ?)`)
		.run(
			JSON.stringify({
				easySeparator: 'hyphen',
				contactEmail: 'gesundheit@musterstadt.example',
				contactPhone: '05555 123',
				invitationSigner: { name: 'Thomas Berger', title: 'Landrat' }
			}),
			now
		);
	sqlite.prepare(`INSERT INTO people (id, display_name, email, created_at) VALUES ('office', 'Geschäftsstelle', 'gs@musterstadt.example', ?)`).run(now);
	sqlite.prepare(`INSERT INTO conference_memberships (id, conference_id, person_id, role, created_at) VALUES ('om', 'conf', 'office', 'office', ?)`).run(now);
	sqlite
		.prepare(
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			 INSERT INTO people (id, display_name, email, organisation, prefers_easy_language, created_at)
			 SELECT 'p' || i, 'Mitglied ' || i, 'm' || i || '@bench.example', 'Verein ' || i, i % 8 = 0, ? FROM n`
		)
		.run(INVITED, now);
	sqlite
		.prepare(
			`INSERT INTO conference_memberships (id, conference_id, person_id, role, member_status, created_at) SELECT 'cm' || id, 'conf', id, 'member', 'voting', ? FROM people WHERE id GLOB 'p[0-9]*'`
		)
		.run(now);
	const session = (id) =>
		sqlite
			.prepare(
				`INSERT INTO plenary_sessions (id, conference_id, title, starts_at, place, check_in_code, created_at) VALUES (?, 'conf', 'Plenum', ?, 'Kreishaus, Saal 1', ?, ?)`
			)
			.run(id, now + 20 * DAY, `code${id}`, now);
	session('s1');
	session('s2');
	const office = s.loadActor(db, 'office');
	const round = (sessionId, channel) => ({
		conferenceId: 'conf',
		target: 'plenary',
		dateId: sessionId,
		recipients: { kind: 'all' },
		subject: s.DEFAULT_SUBJECT,
		letterStandard: s.DEFAULT_LETTER_STANDARD,
		letterEasy: s.DEFAULT_LETTER_EASY,
		capacity: 120,
		answerUntil: new Date(now + 10 * DAY),
		remindDaysBefore: 3,
		channel
	});

	let t = performance.now();
	const mailed = await s.createInvitationRound(data, office, round('s1', 'mail'));
	const createMs = performance.now() - t;
	t = performance.now();
	const sent = await s.sendInvitations(data, office, { conferenceId: 'conf', campaignId: mailed.campaignId, origin: 'https://ratschlag.example' });
	const enqueueMs = performance.now() - t;
	const jobs = sqlite.prepare(`SELECT count(*) AS n FROM jobs WHERE kind = 'mail.invitation'`).get().n;

	const printed = await s.createInvitationRound(data, office, round('s2', 'print'));
	t = performance.now();
	const letters = await s.printLetters(data, { conferenceId: 'conf', campaignId: printed.campaignId, origin: 'https://ratschlag.example', signatureUrl: null });
	const html = letters.letters.map((l) => l.html).join('\n');
	const printMs = performance.now() - t;

	const rows = [
		['round created (2,000 rows)', `${createMs.toFixed(0)} ms`, '—', '', `${mailed.invited} invitations`],
		[
			'mails enqueued (sendInvitations)',
			`${enqueueMs.toFixed(0)} ms`,
			`≤ ${TARGET.enqueueMs} ms`,
			enqueueMs <= TARGET.enqueueMs ? 'PASS' : 'FAIL',
			`${sent.mailed} mailed, ${jobs} jobs`
		],
		[
			'letters rendered for print',
			`${printMs.toFixed(0)} ms`,
			`≤ ${TARGET.printMs} ms`,
			printMs <= TARGET.printMs ? 'PASS' : 'FAIL',
			`${letters.letters.length} letters, ${(html.length / 1e6).toFixed(1)} MB HTML`
		]
	];
	const failed = enqueueMs > TARGET.enqueueMs || printMs > TARGET.printMs || sent.mailed !== INVITED || letters.letters.length !== INVITED;
	console.log(table(['measure', 'value', 'target', '', 'note'], rows));
	console.log(failed ? 'FAIL' : 'PASS');
	process.exitCode = failed ? 1 : 0;
	db.$client.close();
} finally {
	rmSync(dir, { recursive: true, force: true });
}
