// npm run bench:invitations-views
// The members views of issue 18 for a conference of 2,000 members: the queries the composition
// page (/conferences/[id]/members) and the diversity page (/conferences/[id]/members/diversity)
// load, each run 200 times on a temp database seeded through the schema: 8 sectors with targets,
// 2,000 members (1,800 voting or advisory, 200 deputies), their seats and terms, 6 groups of
// 40–400 members (overlapping), 1,500 self-descriptions. Target p95 ≤ 100 ms each. Prints a table
// and PASS/FAIL; exits with 1 when a figure misses its target.
//
// Options: BENCH_MEMBERS (2000), BENCH_PROFILES (1500), BENCH_RUNS (200).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importServerModules, percentile, table } from './lib.mjs';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2000);
const PROFILES = Number(process.env.BENCH_PROFILES ?? 1500);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_P95_MS = 100;

const s = await importServerModules('invitations-views', [
	'src/lib/server/db/index.ts',
	'src/lib/server/db/schema/index.ts',
	'src/lib/server/queries/members.ts'
]);

// A small deterministic generator: the same conference every run.
let seed = 18;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (values, weights) => {
	let r = rand() * weights.reduce((a, b) => a + b, 0);
	for (let i = 0; i < values.length; i++) if ((r -= weights[i]) < 0) return values[i];
	return values.at(-1);
};

function seedConference(db) {
	const now = Date.now();
	const conference = db.insert(s.conferences).values({ name: 'Bench-Konferenz', region: 'Bench' }).returning().get();
	const sectorNames = [
		'Krankenkassen',
		'Ärzteschaft',
		'Krankenhäuser',
		'Pflege',
		'Wohlfahrtsverbände',
		'Selbsthilfe und Selbstvertretung',
		'Verwaltung',
		'Politik'
	];
	const sectors = db
		.insert(s.conferenceSectors)
		.values(sectorNames.map((name, position) => ({ conferenceId: conference.id, name, position, targetSeats: 150 + position * 30 })))
		.returning()
		.all();
	const people = [];
	for (let i = 0; i < MEMBERS; i += 500)
		people.push(
			...db
				.insert(s.people)
				.values(
					Array.from({ length: Math.min(500, MEMBERS - i) }, (_, j) => ({ displayName: `Mitglied ${i + j}`, organisation: `Organisation ${(i + j) % 97}` }))
				)
				.returning({ id: s.people.id })
				.all()
		);
	const deputies = Math.round(MEMBERS / 10);
	const rows = people.map((p, i) => ({
		conferenceId: conference.id,
		personId: p.id,
		role: 'member',
		memberStatus: i < deputies ? 'deputy' : i % 7 === 0 ? 'advisory' : 'voting',
		deputyForPersonId: i < deputies ? people[deputies + i].id : null
	}));
	for (let i = 0; i < rows.length; i += 500)
		db.insert(s.conferenceMemberships)
			.values(rows.slice(i, i + 500))
			.run();
	const seats = people.map((p, i) => ({
		conferenceId: conference.id,
		personId: p.id,
		// One in twenty without a sector ("ohne Sektor").
		sectorId: i % 20 === 0 ? null : sectors[Math.floor(rand() * sectors.length)].id,
		appointedFrom: new Date(now - 400 * 86_400_000),
		appointedUntil: new Date(now + Math.floor(rand() * 1500) * 86_400_000)
	}));
	for (let i = 0; i < seats.length; i += 500)
		db.insert(s.memberSeats)
			.values(seats.slice(i, i + 500))
			.run();
	const sizes = [400, 300, 200, 120, 80, 40];
	sizes.forEach((size, g) => {
		const group = db
			.insert(s.workingGroups)
			.values({ conferenceId: conference.id, name: `AG ${g + 1}`, kind: g === 0 ? 'steering' : 'working' })
			.returning()
			.get();
		const start = Math.floor(rand() * (MEMBERS - size));
		db.insert(s.groupMemberships)
			.values(people.slice(start, start + size).map((p, i) => ({ groupId: group.id, personId: p.id, role: i === 0 ? 'coordinator' : 'member' })))
			.run();
		db.insert(s.sectorGroupTargets)
			.values(sectors.slice(0, 5).map((sector) => ({ groupId: group.id, sectorId: sector.id, targetSeats: Math.ceil(size / 10) })))
			.run();
	});
	const yn = ['yes', 'no', 'no_answer'];
	const profiles = people.slice(0, PROFILES).map((p) => ({
		conferenceId: conference.id,
		personId: p.id,
		ageBand: pick(['under_30', '30_to_49', '50_to_64', '65_plus', 'no_answer'], [8, 35, 40, 12, 5]),
		gender: pick(['woman', 'man', 'diverse', 'no_answer'], [52, 44, 1, 3]),
		disability: pick(yn, [12, 84, 4]),
		chronicIllness: pick(yn, [25, 70, 5]),
		psychiatric: pick(yn, [6, 88, 6]),
		migration: pick(yn, [20, 77, 3]),
		caringRelative: pick(yn, [15, 83, 2]),
		consentRecordedAt: new Date(now)
	}));
	for (let i = 0; i < profiles.length; i += 500)
		db.insert(s.diversityProfiles)
			.values(profiles.slice(i, i + 500))
			.run();
	return conference.id;
}

function time(fn) {
	const samples = [];
	for (let i = 0; i < RUNS; i++) {
		const t = process.hrtime.bigint();
		fn();
		samples.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	return samples.sort((a, b) => a - b);
}

const dir = mkdtempSync(join(tmpdir(), 'ratschlag-bench-members-'));
const results = [];
let failed = false;
try {
	const db = s.openDatabase(join(dir, 'bench.sqlite'));
	const conferenceId = seedConference(db);
	// What the pages show, once, so the figures are of real work.
	const composition = s.memberComposition(db, conferenceId);
	const aggregates = s.diversityAggregates(db, conferenceId);
	const seatsHeld = composition.plenary.reduce((n, r) => n + r.actual, 0);
	const cells = aggregates.tables.flatMap((t) => Object.values(t.counts).flatMap((a) => Object.values(a)));
	const suppressed = cells.filter((c) => 'suppressed' in c).length;
	for (const [name, fn, note] of [
		['composition view (memberComposition)', () => s.memberComposition(db, conferenceId), `${seatsHeld} plenary seats, ${composition.groups.length} groups`],
		[
			'diversity view (diversityAggregates)',
			() => s.diversityAggregates(db, conferenceId),
			`${PROFILES} self-descriptions, ${aggregates.tables.length} bodies, ${suppressed}/${cells.length} cells suppressed`
		]
	]) {
		const samples = time(fn);
		const p50 = percentile(samples, 50);
		const p95 = percentile(samples, 95);
		const pass = p95 <= TARGET_P95_MS;
		failed ||= !pass;
		results.push([name, `${p50.toFixed(1)} ms`, `${p95.toFixed(1)} ms`, `≤ ${TARGET_P95_MS} ms`, pass ? 'PASS' : 'FAIL', note]);
	}
	db.$client.close();
} finally {
	rmSync(dir, { recursive: true, force: true });
}
console.log(`Members views, ${MEMBERS} members, ${RUNS} runs each`);
console.log(table(['query', 'p50', 'p95', 'target p95', '', 'note'], results));
console.log(failed ? 'FAIL' : 'PASS');
if (failed) process.exitCode = 1;
