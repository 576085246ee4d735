import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionOn, generateSessionToken, invalidateAllSessionsOn, invalidateSessionOn } from '../../../src/lib/server/auth/sessions';
import { assignConferenceRole } from '../../../src/lib/server/commands/assignConferenceRole';
import { assignGroupRole } from '../../../src/lib/server/commands/assignGroupRole';
import { removeGroupRole } from '../../../src/lib/server/commands/removeGroupRole';
import { createConference } from '../../../src/lib/server/commands/createConference';
import { invitePerson } from '../../../src/lib/server/commands/invitePerson';
import { issueAccessLink } from '../../../src/lib/server/commands/issueAccessLink';
import { removeConferenceRole } from '../../../src/lib/server/commands/removeConferenceRole';
import { revokeAccessLink } from '../../../src/lib/server/commands/revokeAccessLink';
import { onEffect, type DeclaredEffect } from '../../../src/lib/server/effects';
import { ANONYMOUS, loadActorOn, type Actor } from '../../../src/lib/server/policies';
import type { Data } from '../../../src/lib/server/db/client';
import { DIALECTS } from '../support/data';
import type { ActorName } from '../support/fixture';
import { fixtureOn, type Fixture, type FixtureOn } from '../support/fixtureOn';

/**
 * Every change of roles, access links or sessions must re-decide the rights of the person's open
 * connections, or an editor keeps write access they lost. The list of such code is found, not
 * kept by hand: every module under src/lib/server that writes one of these tables, and every
 * command that calls into one. Each of their functions is classified below; a new one fails
 * this test until it is, and each that must declare the effect is run against a real database
 * (SQLite and PostgreSQL).
 */
const RIGHTS_TABLES = ['conferenceMemberships', 'groupMemberships', 'accessLinks', 'sessions', 'accounts'];
const SQL_TABLES = ['conference_memberships', 'group_memberships', 'access_links', 'sessions', 'accounts'];

const ROOT = resolve(__dirname, '../../..');
const SERVER = join(ROOT, 'src/lib/server');
const COMMANDS = join(SERVER, 'commands');

/** `declares`: runs below and must declare `rightsChanged`; a string: why it need not. */
const CLASSIFIED: Record<string, 'declares' | string> = {
	'commands/assignConferenceRole.ts#assignConferenceRole': 'declares',
	'commands/removeConferenceRole.ts#removeConferenceRole': 'declares',
	'commands/assignGroupRole.ts#assignGroupRole': 'declares',
	'commands/removeGroupRole.ts#removeGroupRole': 'declares',
	'commands/revokeAccessLink.ts#revokeAccessLink': 'declares',
	'commands/createConference.ts#createConference': 'declares',
	'commands/invitePerson.ts#invitePerson': 'declares',
	'commands/issueAccessLinkIn.ts#issueAccessLinkIn': 'runs inside the transaction of its caller (issueAccessLink, invitePerson), which is classified',
	'auth/sessions.ts#invalidateSessionOn': 'declares',
	'auth/sessions.ts#invalidateAllSessionsOn': 'declares',
	'commands/issueAccessLink.ts#issueAccessLink': 'a new link has opened no session yet: no open connection depends on it',
	'commands/issueRoundAccessCards.ts#issueRoundAccessCards': 'new links have opened no session yet: no open connection depends on them',
	'commands/createStaffAccount.ts#createStaffAccount': 'a new account has no session yet: its rights arrive with its first sign-in',
	'commands/signInWithPassword.ts#signInWithPassword': 'a new session is used only by connections opened after it',
	'commands/signInWithAccessLink.ts#signInWithAccessLink':
		'a new session is used only by connections opened after it (and the link only notes when it was used)',
	'auth/sessions.ts#createSessionOn': 'a new session is used only by connections opened after it (the sign-in commands call it)',
	'auth/sessions.ts#validateSessionToken':
		'reads a session on a request; an expired one it deletes has no connection left to serve: the document server refuses it on its next re-check',
	'auth/sessions.ts#validateSessionTokenOn': 'the same as validateSessionToken, on the data layer (hooks.server.ts calls this one)',
	'auth/sessions.ts#sessionAliveOn': 'reads whether a session is still there (the document server’s recheck); changes nothing',
	'commands/subscribeToNewsletter.ts#subscribeToNewsletter': 'hashes its confirmation token with the sessions’ hash; writes no role, link or session',
	'commands/confirmSubscription.ts#confirmSubscription': 'hashes the confirmation token it is given; writes no role, link or session',
	// Helpers of these modules that write nothing themselves.
	'auth/sessions.ts#hashToken': 'computes a hash',
	'auth/sessions.ts#generateSessionToken': 'draws a token'
};

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
	});
}

const WRITE = new RegExp(`\\.(insert|update|delete)\\(\\s*(${RIGHTS_TABLES.join('|')})\\s*\\)`);

/** Modules that write a rights table, and commands that import one of them. */
function modulesTouchingRights(): string[] {
	const files = sourceFiles(SERVER);
	const writers = new Set(files.filter((file) => WRITE.test(readFileSync(file, 'utf8'))));
	const callers = sourceFiles(COMMANDS).filter((file) =>
		[...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*from '(\.[^']+)'/gm)].some(([, spec]) => writers.has(resolve(dirname(file), spec) + '.ts'))
	);
	return [...new Set([...writers, ...callers])].map((file) => relative(SERVER, file)).sort();
}

async function functionsOf(module: string): Promise<string[]> {
	const exports = (await import(/* @vite-ignore */ join(SERVER, module))) as Record<string, unknown>;
	return Object.entries(exports)
		.filter(([, value]) => typeof value === 'function')
		.map(([name]) => `${module}#${name}`);
}

// Reads the source and the modules' exports: no database plays a part, so once, outside the dialects.
describe('which code changes roles, access links or sessions', () => {
	it('is found by scanning, and every function of it is classified', async () => {
		const modules = modulesTouchingRights();
		expect(modules).toContain('commands/revokeAccessLink.ts');
		const found = (await Promise.all(modules.map(functionsOf))).flat().sort();
		expect(found).toEqual(Object.keys(CLASSIFIED).sort());
	});
});

/** Counts every write to the rights tables in `rights_writes`, so each run below is seen to change one. */
async function countRightsWrites(data: Data): Promise<void> {
	if (data.dialect === 'sqlite') {
		await data.execute(sql.raw('create temp table rights_writes (tbl text)'));
		for (const table of SQL_TABLES) {
			for (const op of ['insert', 'update', 'delete']) {
				await data.execute(
					sql.raw(`create temp trigger rights_${table}_${op} after ${op} on main.${table} begin insert into rights_writes values ('${table}'); end`)
				);
			}
		}
		return;
	}
	// A plain table: a temporary one would be seen by one pooled connection only.
	await data.execute(sql.raw('create table rights_writes (tbl text)'));
	await data.execute(
		sql.raw(
			`create function count_rights_write() returns trigger language plpgsql as $$ begin insert into rights_writes values (tg_table_name); return null; end $$`
		)
	);
	for (const table of SQL_TABLES) {
		await data.execute(
			sql.raw(`create trigger rights_${table}_written after insert or update or delete on ${table} for each row execute function count_rights_write()`)
		);
	}
}

/**
 * Whether the database connection is inside a transaction right now. SQLite's connection says so
 * itself; on PostgreSQL the pool's connections are watched between the BEGIN and the COMMIT or
 * ROLLBACK they are sent (savepoints leave the transaction open).
 */
function watchTransactions(on: FixtureOn): { open(): boolean; stop(): void } {
	if (on.dialect === 'sqlite') return { open: () => on.db.$client.inTransaction, stop: () => {} };
	const inTransaction = new Set<pg.Client>();
	const query = pg.Client.prototype.query;
	pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
		const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown } | undefined)?.text ?? '');
		if (/^\s*BEGIN\b/i.test(text)) inTransaction.add(this);
		else if (/^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(text)) inTransaction.delete(this);
		return (query as (...a: unknown[]) => unknown).apply(this, args);
	} as typeof query;
	return {
		open: () => inTransaction.size > 0,
		stop: () => {
			pg.Client.prototype.query = query;
		}
	};
}

describe.each(DIALECTS)('each change of roles, access links or sessions on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	const actor = async (who: ActorName): Promise<Actor> => (who === 'anonymous' ? ANONYMOUS : await loadActorOn(data, fixture.ids[who]));

	beforeAll(async () => {
		({ data, fixture } = on);
		await countRightsWrites(data);
	});

	/** Runs `fn` and returns the effects that ran after its commit, and whether it wrote a rights table. */
	async function observe(fn: () => unknown) {
		const seen: DeclaredEffect[] = [];
		const inTransaction: boolean[] = [];
		await data.execute(sql`delete from rights_writes`);
		const transactions = watchTransactions(on);
		const stop = onEffect((effect) => {
			seen.push(effect);
			inTransaction.push(transactions.open());
		});
		let error: unknown;
		try {
			await fn();
		} catch (e) {
			error = e;
		} finally {
			stop();
			transactions.stop();
		}
		const writes = Number((await data.rows<{ n: number | string }>(sql`select count(*) as n from rights_writes`))[0].n);
		return { seen, inTransaction, writes, error };
	}

	it('sees a transaction while one is open and none after it (else "only once the transaction committed" could not fail)', async () => {
		const transactions = watchTransactions(on);
		try {
			let inside = false;
			await data.transaction(async (tx) => {
				await tx.select({ id: data.t.people.id }).from(data.t.people).limit(1);
				inside = transactions.open();
			});
			expect(inside).toBe(true);
			expect(transactions.open()).toBe(false);
		} finally {
			transactions.stop();
		}
	});

	type Run = { who: ActorName; prepare?: () => unknown; run: (as: Actor) => unknown; personId: () => string };

	/** One run per function that must declare, in an order in which each one succeeds. */
	const RUNS: Record<string, Run> = {
		'commands/assignConferenceRole.ts#assignConferenceRole': {
			who: 'office',
			run: async (as) =>
				await assignConferenceRole(data, as, {
					conferenceId: fixture.conferenceA.id,
					personId: fixture.targetId,
					role: 'guest',
					memberStatus: null,
					deputyForPersonId: null
				}),
			personId: () => fixture.targetId
		},
		'commands/removeConferenceRole.ts#removeConferenceRole': {
			who: 'office',
			run: async (as) => await removeConferenceRole(data, as, { conferenceId: fixture.conferenceA.id, personId: fixture.targetId, role: 'guest' }),
			personId: () => fixture.targetId
		},
		'commands/assignGroupRole.ts#assignGroupRole': {
			who: 'office',
			run: async (as) =>
				await assignGroupRole(data, as, {
					conferenceId: fixture.conferenceA.id,
					groupId: fixture.group.id,
					personId: fixture.targetId,
					role: 'member'
				}),
			personId: () => fixture.targetId
		},
		'commands/removeGroupRole.ts#removeGroupRole': {
			who: 'office',
			run: async (as) =>
				await removeGroupRole(data, as, {
					conferenceId: fixture.conferenceA.id,
					groupId: fixture.group.id,
					personId: fixture.targetId,
					role: 'member'
				}),
			personId: () => fixture.targetId
		},
		'commands/revokeAccessLink.ts#revokeAccessLink': {
			who: 'office',
			prepare: async () => {
				linkId = (
					await issueAccessLink(data, await actor('office'), {
						conferenceId: fixture.conferenceA.id,
						personId: fixture.targetId,
						expiresAt: null
					})
				).link.id;
			},
			run: async (as) => await revokeAccessLink(data, as, { conferenceId: fixture.conferenceA.id, personId: fixture.targetId, linkId }),
			personId: () => fixture.targetId
		},
		'commands/createConference.ts#createConference': {
			who: 'admin',
			run: async (as) => await createConference(data, as, { name: 'Konferenz C', region: 'Kreis C', description: null, settings: {} as never }),
			personId: () => fixture.ids.admin
		},
		'commands/invitePerson.ts#invitePerson': {
			who: 'office',
			run: async (as) => {
				const invited = await invitePerson(data, as, {
					conferenceId: fixture.conferenceA.id,
					displayName: 'Neu',
					email: null,
					organisation: null,
					preferredLocale: 'de',
					prefersEasyLanguage: false,
					role: 'guest',
					memberStatus: null,
					deputyForPersonId: null,
					linkExpiresAt: null
				});
				invited_ = invited.person.id;
				return invited;
			},
			personId: () => invited_
		},
		'auth/sessions.ts#invalidateSessionOn': {
			who: 'anonymous',
			run: async () => {
				const token = generateSessionToken();
				return invalidateSessionOn(data, (await createSessionOn(data, token, fixture.targetId)).id);
			},
			personId: () => fixture.targetId
		},
		'auth/sessions.ts#invalidateAllSessionsOn': {
			who: 'anonymous',
			run: async () => {
				await createSessionOn(data, generateSessionToken(), fixture.targetId);
				return invalidateAllSessionsOn(data, fixture.targetId);
			},
			personId: () => fixture.targetId
		}
	};
	let invited_ = '';
	let linkId = '';

	describe('declares the rights effect', () => {
		it('has a run for every function classified as declaring', () => {
			const declaring = Object.entries(CLASSIFIED)
				.filter(([, how]) => how === 'declares')
				.map(([name]) => name);
			expect(Object.keys(RUNS).sort()).toEqual(declaring.sort());
		});

		for (const [name, run] of Object.entries(RUNS)) {
			it(`${name}: refused, it fires nothing; done, it re-checks the person after commit`, async () => {
				await run.prepare?.();
				if (run.who !== 'anonymous') {
					// The guest may not manage roles or links, and being refused changes nobody's rights.
					const refused = await observe(async () => run.run(await actor('guest')));
					expect(refused.error).toBeDefined();
					expect(refused.seen).toEqual([]);
					expect(refused.writes).toBe(0);
				}
				const done = await observe(async () => run.run(await actor(run.who)));
				expect(done.error).toBeUndefined();
				expect(done.writes).toBeGreaterThan(0);
				expect(done.seen).toContainEqual({ kind: 'rightsChanged', payload: { personId: run.personId() } });
				// Only once the transaction committed.
				expect(done.inTransaction.every((open) => !open)).toBe(true);
			});
		}

		it('a command refused by a rule of the domain fires nothing either', async () => {
			const refused = await observe(async () =>
				removeConferenceRole(data, await actor('office'), {
					conferenceId: fixture.conferenceA.id,
					personId: fixture.targetId,
					role: 'moderator'
				})
			);
			expect((refused.error as { code?: string }).code).toBe('role_not_held');
			expect(refused.seen).toEqual([]);
		});
	});
});
