// npm run bench:data
// What the asynchronous data layer (src/lib/server/db/client.ts) costs before the app's modules move
// onto it, and SQLite against PostgreSQL for a vote burst — the data layer alone, in this process:
// no HTTP, no sessions, no projector. It is not `bench:plenary`'s burst over HTTP, which needs the app
// itself on PostgreSQL. Prints numbers; asserts no times. Exits 1 only when a burst miscounted.
//
// 1. Per statement, one after another (each awaited before the next): a select of one row by its
//    primary key, an insert, an update — each on its own (its own transaction, so a write waits for
//    the disk: synchronous = FULL on SQLite, fsync on PostgreSQL), and the update again 100 to a
//    transaction, where the disk is paid once and what is left is the layer. On one SQLite file:
//      sync             the synchronous drizzle layer (`openDatabase`, `.get()` / `.run()`)
//      sync prepared    the same with `.prepare()` once (what `preparedFor` does for hot paths)
//      async            `sqliteData` on the same connection, awaited builders
//      async prepared   `sqliteData`, `.prepare()` once on `data.q`, then `await execute(params)`
//                       (a statement of the plain handle: the batch builds its own on each `tx`)
//      preparedOn       `preparedOn` (db/prepared.ts): built once per handle, run on its own or
//                       with a transaction's `tx` (on PostgreSQL a named statement)
//    and on a private PostgreSQL server (`openPostgresData`, a pool of 10): awaited and both prepared.
// 2. A vote burst: BENCH_VOTERS voters (500) cast one vote each, all at once, in one open poll. Each
//    vote is one transaction doing what `castVote` does — the poll row shared (`lockForShare`), the
//    session and the poll checked, no earlier ballot of the voter or for the seat, the ballot
//    inserted, the tally incremented — with the unique indexes on `poll_ballots` behind it (README,
//    "Rules that span rows, on PostgreSQL"). Setups: SQLite one transaction per vote; SQLite with the
//    votes of one turn committed together (one transaction, a savepoint per vote: what
//    `commitTogether` does for the synchronous layer, rebuilt here on `Data`); PostgreSQL with one
//    pool of 10; PostgreSQL over two handles of 10 each (two instances). Latency of a vote: from the
//    burst's start to its transaction's commit; "CPU here/vote": this process's CPU time over the
//    burst per vote (the app's share; the database server's is apart). Each setup has its own
//    session and poll; at the end, ballots and the tally's sum must both be BENCH_VOTERS (✔), else
//    ✘ and exit 1.
//
// Options: BENCH_VOTERS (500), BENCH_STATEMENTS (2000 reads; writes on their own a quarter of it),
// BENCH_PARTS=statements,burst.
import { and, eq, or, sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../lib/services.mjs';
import { importServerModules, percentile, table } from './lib.mjs';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 500);
const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 2000);
const PARTS = (process.env.BENCH_PARTS ?? 'statements,burst').split(',');
const T = 1_780_000_000_000;
/** As `MAX_GROUP` in effects/groupCommit.ts: how many votes one shared transaction takes at most. */
const MAX_GROUP = 256;

const s = await importServerModules('data', [
	'src/lib/server/db/index.ts',
	'src/lib/server/db/client.ts',
	'src/lib/server/db/locks.ts',
	'src/lib/server/db/prepared.ts'
]);
const { openDatabase, schema, sqliteData, openPostgresData, first, changedRows, lockForShare, preparedOn } = s;

const dir = mkdtempSync(join(tmpdir(), 'ratschlag-bench-data-'));
let postgres;
const handles = [];
let failed = false;
try {
	const db = openDatabase(join(dir, 'bench.sqlite'));
	const lite = sqliteData(db.$client);
	console.log('Starting a private PostgreSQL …');
	postgres = await startPostgres();
	const openPg = async (max) => {
		const data = await openPostgresData(postgres.url, { max });
		handles.push(data);
		return data;
	};
	const pg = await openPg(10);
	console.log(
		`Node ${process.version}; load average ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}\n`
	);

	if (PARTS.includes('statements')) await statements(db, lite, pg);
	if (PARTS.includes('burst')) failed = !(await bursts(lite, pg, [pg, await openPg(10)]));
	console.log(
		`\nload average ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
} finally {
	for (const handle of handles) await handle.close().catch(() => {});
	await postgres?.stop();
	rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// --- 1. Per statement -----------------------------------------------------------------------------

/** µs per call of `fn` (awaited when it returns a promise), over `n` calls after a few warming ones. */
async function timed(n, fn) {
	for (let i = 0; i < Math.min(200, n); i++) await fn(-1 - i);
	const start = process.hrtime.bigint();
	for (let i = 0; i < n; i++) {
		const result = fn(i);
		if (result && typeof result.then === 'function') await result;
	}
	return Number(process.hrtime.bigint() - start) / 1e3 / n;
}

async function statements(db, lite, pg) {
	const reads = STATEMENTS;
	const writes = Math.max(1, Math.round(STATEMENTS / 4));
	const inTx = 100;
	const transactions = Math.max(1, Math.round(STATEMENTS / inTx));
	const person = (prefix, i) => ({ id: `${prefix}${i}`, displayName: `Person ${i}`, createdAt: new Date(T) });
	const ids = Array.from({ length: 1000 }, (_, i) => `p${i}`);
	const pick = (i) => ids[((i % ids.length) + ids.length) % ids.length];

	// The same 1,000 people in both databases: the select and the update find one of them by id.
	db.insert(schema.people)
		.values(ids.map((_, i) => person('p', i)))
		.run();
	await pg.q.insert(pg.t.people).values(ids.map((_, i) => person('p', i)));

	/** Each way of writing the statements, on one database handle; `id(i)` names fresh ids for inserts. */
	const sync = (prefix) => {
		const { people } = schema;
		return {
			select: (i) =>
				db
					.select()
					.from(people)
					.where(eq(people.id, pick(i)))
					.get(),
			insert: (i) => db.insert(people).values(person(prefix, i)).run(),
			update: (i) =>
				db
					.update(people)
					.set({ displayName: `U ${i}` })
					.where(eq(people.id, pick(i)))
					.run(),
			updates: (t) =>
				db.transaction(() => {
					for (let j = 0; j < inTx; j++)
						db.update(people)
							.set({ displayName: `T ${t}` })
							.where(eq(people.id, pick(t * inTx + j)))
							.run();
				})
		};
	};
	const syncPrepared = (prefix) => {
		const { people } = schema;
		const select = db
			.select()
			.from(people)
			.where(eq(people.id, sql.placeholder('id')))
			.prepare();
		const insert = db
			.insert(people)
			.values({ id: sql.placeholder('id'), displayName: sql.placeholder('name'), createdAt: sql.placeholder('at') })
			.prepare();
		const update = db
			.update(people)
			.set({ displayName: sql.placeholder('name') })
			.where(eq(people.id, sql.placeholder('id')))
			.prepare();
		return {
			select: (i) => select.get({ id: pick(i) }),
			insert: (i) => insert.run({ id: `${prefix}${i}`, name: `Person ${i}`, at: new Date(T) }),
			update: (i) => update.run({ id: pick(i), name: `U ${i}` }),
			updates: (t) =>
				db.transaction(() => {
					for (let j = 0; j < inTx; j++) update.run({ id: pick(t * inTx + j), name: `T ${t}` });
				})
		};
	};
	const awaited = (data, prefix) => {
		const { people } = data.t;
		return {
			select: async (i) =>
				first(
					await data.q
						.select()
						.from(people)
						.where(eq(people.id, pick(i)))
				),
			insert: async (i) => changedRows(await data.q.insert(people).values(person(prefix, i))),
			update: async (i) =>
				changedRows(
					await data.q
						.update(people)
						.set({ displayName: `U ${i}` })
						.where(eq(people.id, pick(i)))
				),
			updates: (t) =>
				data.transaction(async (tx) => {
					for (let j = 0; j < inTx; j++)
						await tx
							.update(people)
							.set({ displayName: `T ${t}` })
							.where(eq(people.id, pick(t * inTx + j)));
				})
		};
	};
	// A prepared statement belongs to the handle it was built on: `data.q`'s refuse to run inside a
	// transaction, so the one for the batch is built on the transaction's `tx`, once per transaction.
	const prepared = (data, prefix) => {
		const { people } = data.t;
		const updateOn = (q, name) =>
			q
				.update(people)
				.set({ displayName: sql.placeholder('name') })
				.where(eq(people.id, sql.placeholder('id')))
				.prepare(name);
		const select = data.q
			.select()
			.from(people)
			.where(eq(people.id, sql.placeholder('id')))
			.prepare(`bench_select_${prefix}`);
		const insert = data.q
			.insert(people)
			.values({ id: sql.placeholder('id'), displayName: sql.placeholder('name'), createdAt: sql.placeholder('at') })
			.prepare(`bench_insert_${prefix}`);
		const update = updateOn(data.q, `bench_update_${prefix}`);
		return {
			select: async (i) => first(await select.execute({ id: pick(i) })),
			insert: (i) => insert.execute({ id: `${prefix}${i}`, name: `Person ${i}`, at: new Date(T) }),
			update: (i) => update.execute({ id: pick(i), name: `U ${i}` }),
			updates: (t) =>
				data.transaction(async (tx) => {
					const inside = updateOn(tx, `bench_update_tx_${prefix}`);
					for (let j = 0; j < inTx; j++) await inside.execute({ id: pick(t * inTx + j), name: `T ${t}` });
				})
		};
	};

	// Defined once, as a module does; each handle builds its own on first use.
	const byId = preparedOn((q, t) =>
		q
			.select()
			.from(t.people)
			.where(eq(t.people.id, sql.placeholder('id')))
	);
	const insertPerson = preparedOn((q, t) =>
		q.insert(t.people).values({ id: sql.placeholder('id'), displayName: sql.placeholder('name'), createdAt: sql.placeholder('at') })
	);
	const rename = preparedOn((q, t) =>
		q
			.update(t.people)
			.set({ displayName: sql.placeholder('name') })
			.where(eq(t.people.id, sql.placeholder('id')))
	);
	const preparedOnce = (data, prefix) => ({
		select: (i) => byId(data).first({ id: pick(i) }),
		insert: (i) => insertPerson(data).run({ id: `${prefix}${i}`, name: `Person ${i}`, at: new Date(T) }),
		update: (i) => rename(data).run({ id: pick(i), name: `U ${i}` }),
		updates: (t) =>
			data.transaction(async (tx) => {
				for (let j = 0; j < inTx; j++) await rename(data).run({ id: pick(t * inTx + j), name: `T ${t}` }, tx);
			})
	});

	const setups = [
		['SQLite', 'sync', sync('a')],
		['SQLite', 'sync prepared', syncPrepared('b')],
		['SQLite', 'async (sqliteData)', awaited(lite, 'c')],
		['SQLite', 'async prepared', prepared(lite, 'd')],
		['SQLite', 'preparedOn', preparedOnce(lite, 'g')],
		['PostgreSQL', 'async (pool of 10)', awaited(pg, 'e')],
		['PostgreSQL', 'async prepared', prepared(pg, 'f')],
		['PostgreSQL', 'preparedOn', preparedOnce(pg, 'h')]
	];
	const cell = (us) => `${us < 100 ? us.toFixed(1) : Math.round(us)} µs · ${Math.round(1e6 / us).toLocaleString('en')}/s`;
	const rows = [];
	for (const [database, layer, way] of setups) {
		// Fresh ids for every insert, the warming ones included (negative i).
		const select = await timed(reads, way.select);
		const insert = await timed(writes, way.insert);
		const update = await timed(writes, way.update);
		const batched = (await timed(transactions, way.updates)) / inTx;
		rows.push([database, layer, cell(select), cell(insert), cell(update), cell(batched)]);
	}
	console.log(`Per statement, one at a time (${reads} selects; ${writes} inserts and updates on their own; ${transactions} transactions of ${inTx} updates)`);
	console.log(table(['database', 'layer', 'select by id', 'insert (own tx)', 'update (own tx)', 'update (100 per tx)'], rows));
}

// --- 2. The vote burst ----------------------------------------------------------------------------

class Refused extends Error {}

/** One vote as `castVote` makes it, inside the transaction `tx` of `data`. */
async function vote(data, tx, { session, poll, voter }) {
	const { plenarySessions, polls, pollBallots, pollTallies } = data.t;
	// Shared with the other votes; a close (lockForUpdate) waits for the votes under way.
	await lockForShare(data, tx, polls, poll);
	if (
		!first(
			await tx
				.select({ id: plenarySessions.id })
				.from(plenarySessions)
				.where(and(eq(plenarySessions.id, session), eq(plenarySessions.conferenceId, 'c1')))
		)
	)
		throw new Refused('not_found');
	const open = first(
		await tx
			.select({ status: polls.status })
			.from(polls)
			.where(and(eq(polls.id, poll), eq(polls.sessionId, session)))
	);
	if (open?.status !== 'open') throw new Refused('poll_closed');
	const earlier = first(
		await tx
			.select({ voter: pollBallots.voterPersonId })
			.from(pollBallots)
			.where(and(eq(pollBallots.pollId, poll), or(eq(pollBallots.voterPersonId, voter), eq(pollBallots.seatPersonId, voter))))
	);
	if (earlier) throw new Refused('already_voted');
	const choice = ['yes', 'no', 'abstain'][Number(voter.slice(1)) % 3];
	await tx.insert(pollBallots).values({ id: `${poll}-${voter}`, pollId: poll, seatPersonId: voter, voterPersonId: voter, choice: null, castAt: new Date(T) });
	const counted = changedRows(
		await tx
			.update(pollTallies)
			.set({ count: sql`${pollTallies.count} + 1` })
			.where(and(eq(pollTallies.pollId, poll), eq(pollTallies.choice, choice)))
	);
	if (counted !== 1) throw new Error(`the tally of ${poll} for ${choice} was not found`);
}

/**
 * `commitTogether` on the asynchronous layer: the votes that arrive in one turn of the event loop
 * share one transaction (one commit, one fsync), each in a savepoint of its own, so one that fails
 * rolls back alone. Each promise settles after the shared commit. If the commit fails, each vote
 * runs again alone and gets its own answer.
 */
function groupCommitter(data) {
	let queue = [];
	let running = false;
	// In the group's transaction a savepoint of its own; outside it, a transaction of its own.
	const settle = async (item) => {
		try {
			return { ok: true, value: await data.transaction((tx) => item.work(tx)) };
		} catch (error) {
			return { ok: false, error };
		}
	};
	// One group at a time, as the synchronous flush is: two groups open side by side (on a pool)
	// would take the tally rows in different orders and deadlock.
	const flush = async () => {
		running = true;
		const group = queue.splice(0, MAX_GROUP);
		let outcomes;
		try {
			outcomes = await data.transaction(async () => {
				const done = [];
				for (const item of group) done.push(await settle(item));
				return done;
			});
		} catch {
			outcomes = [];
			for (const item of group) outcomes.push(await settle(item));
		}
		group.forEach((item, i) => (outcomes[i].ok ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].error)));
		running = false;
		if (queue.length) setImmediate(flush);
	};
	return (work) =>
		new Promise((resolve, reject) => {
			if (queue.length === 0 && !running) setImmediate(flush);
			queue.push({ work, resolve, reject });
		});
}

async function seedBurst(data, setups) {
	const { people, conferences, plenarySessions, polls, pollTallies } = data.t;
	const voters = Array.from({ length: VOTERS }, (_, i) => `v${i}`);
	await data.q.insert(conferences).values({ id: 'c1', name: 'Gesundheitskonferenz', region: 'Kreis', createdAt: new Date(T) });
	for (let i = 0; i < voters.length; i += 500)
		await data.q.insert(people).values(voters.slice(i, i + 500).map((id) => ({ id, displayName: id, createdAt: new Date(T) })));
	for (const name of setups) {
		const session = `s-${name}`;
		const poll = `poll-${name}`;
		await data.q.insert(plenarySessions).values({
			id: session,
			conferenceId: 'c1',
			title: 'Plenum',
			startsAt: new Date(T),
			place: 'Rathaus',
			checkInCode: name.slice(0, 12),
			createdAt: new Date(T)
		});
		await data.q.insert(polls).values({
			id: poll,
			sessionId: session,
			agendaItemId: `item-${name}`,
			itemTitle: 'TOP 1',
			motion: 'Antrag',
			kind: 'vote',
			secrecy: 'secret',
			status: 'open',
			majority: 'simple',
			quorumPercent: 50,
			openedAt: new Date(T)
		});
		await data.q.insert(pollTallies).values(['yes', 'no', 'abstain'].map((choice) => ({ pollId: poll, choice, count: 0 })));
	}
	return voters;
}

/** All voters at once through `cast(i, votes)`; latencies from the start to each vote's commit. */
async function burst(voters, cast) {
	const start = performance.now();
	const cpu = process.cpuUsage();
	const latencies = [];
	const refused = [];
	await Promise.all(
		voters.map((voter, i) =>
			cast(i, voter).then(
				() => latencies.push(performance.now() - start),
				(error) => refused.push(error)
			)
		)
	);
	const seconds = (performance.now() - start) / 1000;
	const used = process.cpuUsage(cpu);
	latencies.sort((a, b) => a - b);
	return { seconds, latencies, refused, cpuMs: (used.user + used.system) / 1000 };
}

async function counted(data, poll) {
	const ballots = await data.rows(sql`SELECT count(*) AS n FROM poll_ballots WHERE poll_id = ${poll}`);
	const tally = await data.rows(sql`SELECT sum(count) AS n FROM poll_tallies WHERE poll_id = ${poll}`);
	return { ballots: Number(ballots[0].n), tally: Number(tally[0].n) };
}

async function bursts(lite, pg, pgInstances) {
	const setups = [
		{ name: 'sqlite-each', what: 'SQLite, one transaction per vote', data: lite },
		{ name: 'sqlite-group', what: 'SQLite, one turn committed together', data: lite, together: true },
		{ name: 'pg-pool', what: 'PostgreSQL, 1 instance, pool of 10', data: pg },
		{ name: 'pg-two', what: 'PostgreSQL, 2 instances, pool of 10 each', data: pg, instances: pgInstances }
	];
	const voters = await seedBurst(
		lite,
		setups.filter((x) => x.data === lite).map((x) => x.name)
	);
	await seedBurst(
		pg,
		setups.filter((x) => x.data === pg).map((x) => x.name)
	);

	const rows = [];
	let allCounted = true;
	for (const setup of setups) {
		const session = `s-${setup.name}`;
		const poll = `poll-${setup.name}`;
		const instances = setup.instances ?? [setup.data];
		const together = setup.together ? groupCommitter(setup.data) : null;
		const result = await burst(voters, (i, voter) => {
			const data = instances[i % instances.length];
			const work = (tx) => vote(data, tx, { session, poll, voter });
			return together ? together(work) : data.transaction(work);
		});
		const { ballots, tally } = await counted(setup.data, poll);
		const ok = ballots === VOTERS && tally === VOTERS && result.refused.length === 0;
		allCounted &&= ok;
		for (const error of result.refused.slice(0, 3)) console.error(`${setup.what}: ${error instanceof Error ? error.message : error}`);
		rows.push([
			setup.what,
			Math.round(VOTERS / result.seconds).toLocaleString('en'),
			`${percentile(result.latencies, 50).toFixed(0)} ms`,
			`${percentile(result.latencies, 99).toFixed(0)} ms`,
			`${(result.cpuMs / VOTERS).toFixed(2)} ms`,
			`${ballots} ballots, tally ${tally}${result.refused.length ? `, ${result.refused.length} failed` : ''} ${ok ? '✔' : '✘'}`
		]);
	}
	console.log(`\nVote burst at the data layer: ${VOTERS} voters at once, one open poll (not bench:plenary's HTTP burst)`);
	console.log(table(['setup', 'votes/s', 'p50', 'p99', 'CPU here/vote', 'counted'], rows));
	return allCounted;
}
