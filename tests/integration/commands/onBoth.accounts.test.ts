import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConferenceRole } from '../../../src/lib/domain/roles';
import { knownDeviceOn } from '../../../src/lib/server/auth/devices';
import { peekAccessLinkOn } from '../../../src/lib/server/auth/accessLinks';
import { hashPassword } from '../../../src/lib/server/auth/passwords';
import { hashToken, invalidateAllSessionsOn, invalidateSessionOn, validateSessionTokenOn } from '../../../src/lib/server/auth/sessions';
import { createStaffAccount } from '../../../src/lib/server/commands/createStaffAccount';
import { eraseDiversityProfile } from '../../../src/lib/server/commands/eraseDiversityProfile';
import { recordDiversityProfile, type DiversityAnswers } from '../../../src/lib/server/commands/recordDiversityProfile';
import { recordSupportProfile } from '../../../src/lib/server/commands/recordSupportProfile';
import { revokeAccessLink } from '../../../src/lib/server/commands/revokeAccessLink';
import { signInWithAccessLink } from '../../../src/lib/server/commands/signInWithAccessLink';
import { signInWithPassword } from '../../../src/lib/server/commands/signInWithPassword';
import { updateOwnPreferences } from '../../../src/lib/server/commands/updateOwnPreferences';
import type { Data } from '../../../src/lib/server/db/client';
import { newSecretToken } from '../../../src/lib/server/ids';
import { SYSTEM, type Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * Accounts, sign-in and profiles on the data layer, on both databases: the two sign-ins (a
 * personal link, a password under its limits), staff accounts, one's own preferences, and the
 * support and diversity profiles recorded and erased. On PostgreSQL, what two instances do at
 * once (two handles, started together): one account per address, one profile per person, and no
 * session of a link revoked while it signs in.
 */
const standing = (conferenceId: string, role: ConferenceRole): Actor['conferences'] =>
	new Map([[conferenceId, { roles: new Set([role]), memberStatus: null }]]);
const person = (personId: string, conferences: Actor['conferences']): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const office = person('o1', standing('c1', 'office'));
const vera = person('v1', new Map([['c1', { roles: new Set<ConferenceRole>(['member']), memberStatus: 'voting' as const }]]));
const PASSWORD = 'richtig-und-lang-genug';
const DAY = 86_400_000;

/** Conference c1 with its office o1 (an account) and the voting member v1; x1 belongs to no conference. */
async function seed(data: Data) {
	const { q, t } = data;
	await q.insert(t.people).values([
		{ id: 'o1', displayName: 'Olga Amt', preferredLocale: 'de' },
		{ id: 'v1', displayName: 'Vera Mitglied', preferredLocale: 'de' },
		{ id: 'x1', displayName: 'Xaver Anderswo' }
	]);
	await q.insert(t.conferences).values({ id: 'c1', name: 'Nord', region: 'Kreis Nord' });
	await q.insert(t.conferenceMemberships).values([
		{ conferenceId: 'c1', personId: 'o1', role: 'office' },
		{ conferenceId: 'c1', personId: 'v1', role: 'member', memberStatus: 'voting' }
	]);
	await q.insert(t.accounts).values({ personId: 'o1', email: 'olga@example.org', passwordHash: await hashPassword(PASSWORD), isPlatformAdmin: false });
}

/** A personal link of v1 for c1, as issueAccessLink stores it: only the token's hash. */
async function linkOf(data: Data, expiresAt: Date | null = null) {
	const token = newSecretToken();
	const [link] = await data.q
		.insert(data.t.accessLinks)
		.values({ personId: 'v1', conferenceId: 'c1', tokenHash: hashToken(token), expiresAt })
		.returning();
	return { token, link };
}

function barrier(n: number): () => Promise<void> {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return () => {
		if (++arrived >= n) open();
		return all;
	};
}

const answers = (overrides: Partial<DiversityAnswers> = {}): DiversityAnswers => ({
	ageBand: '50_to_64',
	gender: 'woman',
	disability: 'no',
	chronicIllness: 'no_answer',
	psychiatric: 'no',
	migration: 'no',
	caringRelative: 'no',
	...overrides
});

describe.each(DIALECTS)('accounts, sign-in and profiles on the data layer, on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
		await seed(db.data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	/** Two instances' handles on PostgreSQL (one on SQLite), each command started at the same moment. */
	async function atOnce<T>(runs: ((data: Data) => Promise<T>)[]): Promise<T[]> {
		const handles = dialect === 'postgres' ? [db.data, await db.another()] : [db.data];
		const start = barrier(runs.length);
		return Promise.all(
			runs.map(async (run, i) => {
				await start();
				return run(handles[i % handles.length]);
			})
		);
	}

	const auditActions = async (subjectId: string) =>
		(await db.data.q.select({ action: db.data.t.auditLog.action }).from(db.data.t.auditLog).where(eq(db.data.t.auditLog.subjectId, subjectId)))
			.map((a) => a.action)
			.sort();

	// --- Sign-in with a personal link --------------------------------------------------------------

	it('a link signs its person in while valid, notes its use, and its session ends with it', async () => {
		const { data } = db;
		const { token, link } = await linkOf(data);
		expect(await peekAccessLinkOn(data, token)).toEqual({ state: 'valid', personId: 'v1', personName: 'Vera Mitglied', conferenceName: 'Nord' });
		const signIn = await signInWithAccessLink(data, token);
		if (!signIn.ok) throw new Error(`expected a sign-in, got ${signIn.state}`);
		expect(signIn.person.displayName).toBe('Vera Mitglied');
		expect(signIn.link.id).toBe(link.id);
		expect(signIn.session.accessLinkId).toBe(link.id);
		const [used] = await data.q.select().from(data.t.accessLinks).where(eq(data.t.accessLinks.id, link.id));
		expect(used.lastUsedAt).not.toBeNull();
		expect((await validateSessionTokenOn(data, signIn.token)).linkConferenceId).toBe('c1');

		await revokeAccessLink(data, office, { conferenceId: 'c1', personId: 'v1', linkId: link.id });
		expect(await signInWithAccessLink(data, token)).toEqual({ ok: false, state: 'revoked' });
		expect(await peekAccessLinkOn(data, token)).toEqual({ state: 'revoked' });
		expect((await validateSessionTokenOn(data, signIn.token)).session).toBeNull();
	});

	it('an expiring link opens sessions no longer than itself, and refuses once expired; unknown tokens are unknown', async () => {
		const { data } = db;
		const expiresAt = new Date(Date.now() + 2 * DAY);
		const { token } = await linkOf(data, expiresAt);
		const signIn = await signInWithAccessLink(data, token);
		if (!signIn.ok) throw new Error('expected a sign-in');
		expect(signIn.session.expiresAt.getTime()).toBe(expiresAt.getTime());
		expect(await signInWithAccessLink(data, token, new Date(expiresAt.getTime() + 1))).toEqual({ ok: false, state: 'expired' });
		expect(await signInWithAccessLink(data, 'a'.repeat(32))).toEqual({ ok: false, state: 'unknown' });
		expect(await signInWithAccessLink(data, "'; drop table people; --")).toEqual({ ok: false, state: 'unknown' });
		expect(await peekAccessLinkOn(data, 'a'.repeat(32))).toEqual({ state: 'unknown' });
	});

	it('signing out ends one session; signing out everywhere ends all of the person’s', async () => {
		const { data } = db;
		const { token } = await linkOf(data);
		const sessions = [];
		for (let i = 0; i < 3; i++) {
			const signIn = await signInWithAccessLink(data, token);
			if (!signIn.ok) throw new Error('expected a sign-in');
			sessions.push(signIn);
		}
		await invalidateSessionOn(data, sessions[0].session.id);
		expect((await validateSessionTokenOn(data, sessions[0].token)).session).toBeNull();
		expect((await validateSessionTokenOn(data, sessions[1].token)).session).not.toBeNull();
		expect(await invalidateAllSessionsOn(data, 'v1')).toBe(2);
		expect((await validateSessionTokenOn(data, sessions[2].token)).session).toBeNull();
	});

	it('a link revoked while it signs someone in leaves no session of it behind (two instances at once)', async () => {
		for (let round = 0; round < 5; round++) {
			const { token, link } = await linkOf(db.data);
			const [signIn] = await atOnce<unknown>([
				(data) => signInWithAccessLink(data, token),
				(data) => revokeAccessLink(data, office, { conferenceId: 'c1', personId: 'v1', linkId: link.id })
			]);
			const left = await db.data.q.select().from(db.data.t.sessions).where(eq(db.data.t.sessions.accessLinkId, link.id));
			expect(left, JSON.stringify(signIn)).toEqual([]);
		}
	});

	// --- Sign-in with a password -------------------------------------------------------------------

	it('a password signs in (address in any case), remembers the browser, and a wrong one or an unknown account answer alike', async () => {
		const { data } = db;
		const email = 'olga@example.org';
		const result = await signInWithPassword(data, { email: ' Olga@Example.ORG ', password: PASSWORD, clientAddress: `10.${dialect.length}.0.1` });
		if (!result.ok) throw new Error(`expected a sign-in, got ${result.reason}`);
		expect(result.session.personId).toBe('o1');
		expect((await validateSessionTokenOn(data, result.token)).person?.id).toBe('o1');
		expect(await knownDeviceOn(data, result.device.token, email)).toBe(hashToken(result.device.token));
		expect(await knownDeviceOn(data, result.device.token, 'someone@example.org')).toBeNull();
		// The next sign-in from that browser replaces its cookie.
		const again = await signInWithPassword(data, { email, password: PASSWORD, clientAddress: `10.${dialect.length}.0.1`, deviceToken: result.device.token });
		if (!again.ok) throw new Error('expected a sign-in');
		expect(await knownDeviceOn(data, result.device.token, email)).toBeNull();
		expect(await knownDeviceOn(data, again.device.token, email)).not.toBeNull();

		const wrong = await signInWithPassword(data, { email, password: 'falsch', clientAddress: `10.${dialect.length}.0.2` });
		const unknown = await signInWithPassword(data, { email: 'niemand@example.org', password: 'falsch', clientAddress: `10.${dialect.length}.0.2` });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
	});

	it('an account keeps its ten latest browsers', async () => {
		const { data } = db;
		const tokens: string[] = [];
		for (let i = 0; i < 12; i++) {
			const result = await signInWithPassword(data, { email: 'olga@example.org', password: PASSWORD, clientAddress: `10.${dialect.length}.1.${i}` });
			if (!result.ok) throw new Error('expected a sign-in');
			tokens.push(result.device.token);
		}
		const kept = await data.q.select({ id: data.t.trustedDevices.id }).from(data.t.trustedDevices).where(eq(data.t.trustedDevices.personId, 'o1'));
		expect(kept.map((d) => d.id).sort()).toEqual(tokens.slice(-10).map(hashToken).sort());
	});

	it('five wrong passwords from one address pause the account there, even for the right one; elsewhere it goes on', async () => {
		const { data } = db;
		const email = 'olga@example.org';
		const address = `10.${dialect.length}.2.1`;
		for (let i = 0; i < 5; i++)
			expect(await signInWithPassword(data, { email, password: `falsch${i}`, clientAddress: address })).toEqual({ ok: false, reason: 'invalid' });
		expect(await signInWithPassword(data, { email, password: PASSWORD, clientAddress: address })).toMatchObject({
			ok: false,
			reason: 'throttled',
			limit: 'signIn.pair'
		});
		expect((await signInWithPassword(data, { email, password: PASSWORD, clientAddress: `10.${dialect.length}.2.2` })).ok).toBe(true);
	});

	// --- Accounts and preferences ------------------------------------------------------------------

	it('createStaffAccount gives a password sign-in, audited; an address taken is refused', async () => {
		const { data } = db;
		await createStaffAccount(data, SYSTEM, { personId: 'v1', email: ' Vera@Example.org ', password: PASSWORD, isPlatformAdmin: false });
		const [account] = await data.q.select().from(data.t.accounts).where(eq(data.t.accounts.personId, 'v1'));
		expect(account).toMatchObject({ email: 'vera@example.org', isPlatformAdmin: false });
		expect(await auditActions('v1')).toEqual(['account.create']);
		expect(await refusalOf(createStaffAccount(data, SYSTEM, { personId: 'x1', email: 'vera@example.org', password: PASSWORD, isPlatformAdmin: false }))).toBe(
			'email_taken'
		);
		await expect(createStaffAccount(data, office, { personId: 'x1', email: 'x@example.org', password: PASSWORD, isPlatformAdmin: false })).rejects.toThrow();
		const result = await signInWithPassword(data, { email: 'vera@example.org', password: PASSWORD, clientAddress: `10.${dialect.length}.3.1` });
		expect(result.ok).toBe(true);
	});

	it('two creations with one address at once: one account, the other refused as email_taken', async () => {
		const outcomes = await atOnce(
			['v1', 'x1'].map(
				(personId) => (data: Data) =>
					refusalOf(createStaffAccount(data, SYSTEM, { personId, email: 'same@example.org', password: PASSWORD, isPlatformAdmin: false }))
			)
		);
		expect(outcomes.sort()).toEqual(['email_taken', undefined]);
		expect(await db.data.q.select().from(db.data.t.accounts).where(eq(db.data.t.accounts.email, 'same@example.org'))).toHaveLength(1);
	});

	it('updateOwnPreferences changes one’s own language, audited once; nothing changed, nothing written; not another’s', async () => {
		const { data } = db;
		await updateOwnPreferences(data, vera, { personId: 'v1', preferredLocale: 'en', prefersEasyLanguage: true });
		await updateOwnPreferences(data, vera, { personId: 'v1', preferredLocale: 'en' });
		const [row] = await data.q.select().from(data.t.people).where(eq(data.t.people.id, 'v1'));
		expect(row).toMatchObject({ preferredLocale: 'en', prefersEasyLanguage: true });
		expect(await auditActions('v1')).toEqual(['self.updatePreferences']);
		await expect(updateOwnPreferences(data, vera, { personId: 'o1', preferredLocale: 'en' })).rejects.toThrow();
	});

	it('two preference changes at once each audit what the other left', async () => {
		await atOnce([
			(data) => updateOwnPreferences(data, vera, { personId: 'v1', preferredLocale: 'en' }),
			(data) => updateOwnPreferences(data, vera, { personId: 'v1', prefersEasyLanguage: true })
		]);
		const { auditLog } = db.data.t;
		const entries = await db.data.q.select({ before: auditLog.before }).from(auditLog).where(eq(auditLog.subjectId, 'v1')).orderBy(auditLog.seq);
		const befores = entries.map((e) => (typeof e.before === 'string' ? JSON.parse(e.before) : e.before));
		// The later of the two saw the earlier one's change as its "before".
		expect([
			[
				{ preferredLocale: 'de', prefersEasyLanguage: false },
				{ preferredLocale: 'en', prefersEasyLanguage: false }
			],
			[
				{ preferredLocale: 'de', prefersEasyLanguage: false },
				{ preferredLocale: 'de', prefersEasyLanguage: true }
			]
		]).toContainEqual(befores);
		const [row] = await db.data.q.select().from(db.data.t.people).where(eq(db.data.t.people.id, 'v1'));
		expect(row).toMatchObject({ preferredLocale: 'en', prefersEasyLanguage: true });
	});

	// --- Support and diversity profiles ------------------------------------------------------------

	it('support needs are kept only with consent; withdrawing it erases them; the log never holds them', async () => {
		const { data } = db;
		const { supportProfiles, auditLog } = data.t;
		const flags = { selfAdvocate: true, needsSignLanguage: true, needsStepFreeAccess: false, needsCompanion: false };
		await recordSupportProfile(data, office, { conferenceId: 'c1', personId: 'v1', ...flags, consent: true });
		expect(await data.q.select().from(supportProfiles).where(eq(supportProfiles.personId, 'v1'))).toEqual([
			expect.objectContaining({ ...flags, consentRecordedBy: 'o1' })
		]);
		await recordSupportProfile(data, office, { conferenceId: 'c1', personId: 'v1', ...flags, needsCompanion: true, consent: true });
		expect(await data.q.select().from(supportProfiles)).toEqual([expect.objectContaining({ needsCompanion: true })]);
		await recordSupportProfile(data, office, { conferenceId: 'c1', personId: 'v1', ...flags, consent: false });
		expect(await data.q.select().from(supportProfiles)).toEqual([]);
		const logged = JSON.stringify(await data.q.select().from(auditLog).where(eq(auditLog.subjectId, 'v1')));
		expect(logged).not.toContain('needsSignLanguage');
		expect(await auditActions('v1')).toEqual(['person.supportErased', 'person.supportRecorded', 'person.supportRecorded']);
		expect(await refusalOf(recordSupportProfile(data, office, { conferenceId: 'c1', personId: 'x1', ...flags, consent: true }))).toBe(
			'person_not_in_conference'
		);
		await expect(recordSupportProfile(data, vera, { conferenceId: 'c1', personId: 'v1', ...flags, consent: true })).rejects.toThrow();
	});

	it('two support recordings at once: one profile, one of them recorded it, the other found it', async () => {
		const flags = { selfAdvocate: true, needsSignLanguage: false, needsStepFreeAccess: true, needsCompanion: false };
		await atOnce([0, 1].map(() => (data: Data) => recordSupportProfile(data, office, { conferenceId: 'c1', personId: 'v1', ...flags, consent: true })));
		const { supportProfiles, auditLog } = db.data.t;
		expect(await db.data.q.select().from(supportProfiles)).toHaveLength(1);
		const befores = (await db.data.q.select({ before: auditLog.before }).from(auditLog).where(eq(auditLog.subjectId, 'v1'))).map((e) =>
			typeof e.before === 'string' ? JSON.parse(e.before) : e.before
		);
		expect(befores.map((b) => b.consent).sort()).toEqual([false, true]);
	});

	it('a self-description needs consent; is recorded, changed and erased; the audit never holds an answer', async () => {
		const { data } = db;
		const { diversityProfiles, auditLog } = data.t;
		expect(await refusalOf(recordDiversityProfile(data, vera, { conferenceId: 'c1', personId: 'v1', consent: false, ...answers() }))).toBe(
			'diversity_consent_required'
		);
		expect(await data.q.select().from(diversityProfiles)).toEqual([]);
		await recordDiversityProfile(data, vera, { conferenceId: 'c1', personId: 'v1', consent: true, ...answers() });
		await recordDiversityProfile(data, office, { conferenceId: 'c1', personId: 'v1', consent: true, ...answers({ gender: 'diverse' }) });
		expect(await data.q.select().from(diversityProfiles)).toEqual([expect.objectContaining({ gender: 'diverse', consentRecordedBy: 'o1' })]);
		await expect(recordDiversityProfile(data, person('x1', new Map()), { conferenceId: 'c1', personId: 'v1', consent: true, ...answers() })).rejects.toThrow();
		expect(await refusalOf(recordDiversityProfile(data, office, { conferenceId: 'c1', personId: 'x1', consent: true, ...answers() }))).toBe(
			'person_not_in_conference'
		);

		expect(await eraseDiversityProfile(data, vera, { conferenceId: 'c1', personId: 'v1' })).toEqual({ erased: true });
		expect(await eraseDiversityProfile(data, vera, { conferenceId: 'c1', personId: 'v1' })).toEqual({ erased: false });
		expect(await data.q.select().from(diversityProfiles)).toEqual([]);
		expect(await auditActions('v1')).toEqual(['diversity.changed', 'diversity.erased', 'diversity.recorded']);
		const text = JSON.stringify(await data.q.select().from(auditLog));
		for (const value of ['diverse', 'woman', '50_to_64']) expect(text).not.toContain(value);
	});

	it('two self-descriptions at once: one profile, recorded once and changed once', async () => {
		await atOnce([
			(data) => recordDiversityProfile(data, vera, { conferenceId: 'c1', personId: 'v1', consent: true, ...answers() }),
			(data) => recordDiversityProfile(data, office, { conferenceId: 'c1', personId: 'v1', consent: true, ...answers({ gender: 'man' }) })
		]);
		const { diversityProfiles } = db.data.t;
		expect(
			await db.data.q
				.select()
				.from(diversityProfiles)
				.where(and(eq(diversityProfiles.conferenceId, 'c1'), eq(diversityProfiles.personId, 'v1')))
		).toHaveLength(1);
		expect(await auditActions('v1')).toEqual(['diversity.changed', 'diversity.recorded']);
	});

	it('a recording and an erasure at once: either the answers are gone or they were recorded after the erasure, as the audit says', async () => {
		await recordDiversityProfile(db.data, vera, { conferenceId: 'c1', personId: 'v1', consent: true, ...answers() });
		await atOnce<unknown>([
			(data) => recordDiversityProfile(data, office, { conferenceId: 'c1', personId: 'v1', consent: true, ...answers({ gender: 'man' }) }),
			(data) => eraseDiversityProfile(data, vera, { conferenceId: 'c1', personId: 'v1' })
		]);
		const rows = await db.data.q.select().from(db.data.t.diversityProfiles);
		const { auditLog } = db.data.t;
		const actions = (await db.data.q.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, 'v1')).orderBy(auditLog.seq)).map(
			(a) => a.action
		);
		// Recorded after the erasure: a new recording; changed before it: erased.
		if (rows.length === 1) expect(actions).toEqual(['diversity.recorded', 'diversity.erased', 'diversity.recorded']);
		else expect(actions).toEqual(['diversity.recorded', 'diversity.changed', 'diversity.erased']);
	});
});
