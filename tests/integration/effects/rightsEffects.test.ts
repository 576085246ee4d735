import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';
import { sqliteData } from '../../../src/lib/server/db/client';

/**
 * Every change of roles, access links or sessions must re-decide the rights of the person's open
 * connections, or an editor keeps write access they lost. The list of such code is found, not
 * kept by hand: every module under src/lib/server that writes one of these tables, and every
 * command that calls into one. Each of their functions is classified below; a new one fails
 * this test until it is, and each that must declare the effect is run against a real database.
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

describe('which code changes roles, access links or sessions', () => {
	it('is found by scanning, and every function of it is classified', async () => {
		const modules = modulesTouchingRights();
		expect(modules).toContain('commands/revokeAccessLink.ts');
		const found = (await Promise.all(modules.map(functionsOf))).flat().sort();
		expect(found).toEqual(Object.keys(CLASSIFIED).sort());
	});
});

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const actor = async (who: ActorName): Promise<Actor> => (who === 'anonymous' ? ANONYMOUS : await loadActorOn(sqliteData(db.$client), fixture.ids[who]));

beforeAll(async () => {
	fixture = await buildFixture(db);
	// Counts every write to the rights tables, so each run below is seen to change one.
	db.$client.exec('create temp table rights_writes (tbl text)');
	for (const table of SQL_TABLES) {
		for (const op of ['insert', 'update', 'delete']) {
			db.$client.exec(`create temp trigger rights_${table}_${op} after ${op} on main.${table} begin insert into rights_writes values ('${table}'); end`);
		}
	}
});
afterAll(() => storage.cleanup());

/** Runs `fn` and returns the effects that ran after its commit, and whether it wrote a rights table. */
async function observe(fn: () => unknown) {
	const seen: DeclaredEffect[] = [];
	const inTransaction: boolean[] = [];
	const stop = onEffect((effect) => {
		seen.push(effect);
		inTransaction.push(db.$client.inTransaction);
	});
	db.$client.exec('delete from rights_writes');
	let error: unknown;
	try {
		await fn();
	} catch (e) {
		error = e;
	} finally {
		stop();
	}
	const writes = (db.$client.prepare('select count(*) as n from rights_writes').get() as { n: number }).n;
	return { seen, inTransaction, writes, error };
}

type Run = { who: ActorName; prepare?: () => unknown; run: (as: Actor) => unknown; personId: () => string };

/** One run per function that must declare, in an order in which each one succeeds. */
const RUNS: Record<string, Run> = {
	'commands/assignConferenceRole.ts#assignConferenceRole': {
		who: 'office',
		run: async (as) =>
			await assignConferenceRole(sqliteData(db.$client), as, {
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
		run: async (as) =>
			await removeConferenceRole(sqliteData(db.$client), as, { conferenceId: fixture.conferenceA.id, personId: fixture.targetId, role: 'guest' }),
		personId: () => fixture.targetId
	},
	'commands/assignGroupRole.ts#assignGroupRole': {
		who: 'office',
		run: async (as) =>
			await assignGroupRole(sqliteData(db.$client), as, {
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
			await removeGroupRole(sqliteData(db.$client), as, {
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
				await issueAccessLink(sqliteData(db.$client), await actor('office'), {
					conferenceId: fixture.conferenceA.id,
					personId: fixture.targetId,
					expiresAt: null
				})
			).link.id;
		},
		run: async (as) => await revokeAccessLink(sqliteData(db.$client), as, { conferenceId: fixture.conferenceA.id, personId: fixture.targetId, linkId }),
		personId: () => fixture.targetId
	},
	'commands/createConference.ts#createConference': {
		who: 'admin',
		run: async (as) => await createConference(sqliteData(db.$client), as, { name: 'Konferenz C', region: 'Kreis C', description: null, settings: {} as never }),
		personId: () => fixture.ids.admin
	},
	'commands/invitePerson.ts#invitePerson': {
		who: 'office',
		run: async (as) => {
			const invited = await invitePerson(sqliteData(db.$client), as, {
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
			return invalidateSessionOn(sqliteData(db.$client), (await createSessionOn(sqliteData(db.$client), token, fixture.targetId)).id);
		},
		personId: () => fixture.targetId
	},
	'auth/sessions.ts#invalidateAllSessionsOn': {
		who: 'anonymous',
		run: async () => {
			await createSessionOn(sqliteData(db.$client), generateSessionToken(), fixture.targetId);
			return invalidateAllSessionsOn(sqliteData(db.$client), fixture.targetId);
		},
		personId: () => fixture.targetId
	}
};
let invited_ = '';
let linkId = '';

describe('each change of roles, access links or sessions declares the rights effect', () => {
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
			removeConferenceRole(sqliteData(db.$client), await actor('office'), {
				conferenceId: fixture.conferenceA.id,
				personId: fixture.targetId,
				role: 'moderator'
			})
		);
		expect((refused.error as { code?: string }).code).toBe('role_not_held');
		expect(refused.seen).toEqual([]);
	});
});
