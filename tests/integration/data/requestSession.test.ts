import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSessionToken, hashToken, SESSION_LIFETIME_MS, validateSessionTokenOn } from '../../../src/lib/server/auth/sessions';
import { first } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';

const DAY = 86_400_000;
const START = new Date('2026-01-01T10:00:00Z');

/** What every request with a session cookie reads: its session, then the actor's roles. */
describe.each(DIALECTS)('a request’s session and actor on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
		const { q, t } = db.data;
		await q.insert(t.people).values([
			{ id: 'anna', displayName: 'Anna' },
			{ id: 'ben', displayName: 'Ben' }
		]);
		await q.insert(t.accounts).values({ personId: 'anna', email: 'anna@test.example', passwordHash: 'x', isPlatformAdmin: true });
		await q.insert(t.conferences).values([
			{ id: 'north', name: 'Nord', region: 'Kreis Nord' },
			{ id: 'south', name: 'Süd', region: 'Kreis Süd' }
		]);
		await q.insert(t.conferenceMemberships).values([
			{ conferenceId: 'north', personId: 'anna', role: 'office' },
			{ conferenceId: 'north', personId: 'anna', role: 'member', memberStatus: 'voting' },
			{ conferenceId: 'south', personId: 'anna', role: 'moderator' }
		]);
		await q.insert(t.workingGroups).values([
			{ id: 'steer', conferenceId: 'north', name: 'Lenkung', kind: 'steering' },
			{ id: 'sued', conferenceId: 'south', name: 'Südgruppe' }
		]);
		await q.insert(t.groupMemberships).values([
			{ groupId: 'steer', personId: 'anna', role: 'coordinator' },
			{ groupId: 'sued', personId: 'anna', role: 'member' }
		]);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const open = async (personId: string, options: { at?: Date; accessLinkId?: string; expiresAt?: Date } = {}) => {
		const token = generateSessionToken();
		const at = options.at ?? START;
		await db.data.q.insert(db.data.t.sessions).values({
			id: hashToken(token),
			personId,
			accessLinkId: options.accessLinkId ?? null,
			createdAt: at,
			expiresAt: options.expiresAt ?? new Date(at.getTime() + SESSION_LIFETIME_MS)
		});
		return token;
	};
	const stored = async (token: string) =>
		first(await db.data.q.select().from(db.data.t.sessions).where(eq(db.data.t.sessions.id, hashToken(token))));

	it('validates a token: its session and person, no link conference', async () => {
		const token = await open('anna');
		const { session, person, linkConferenceId } = await validateSessionTokenOn(db.data, token, new Date(START.getTime() + DAY));
		expect(person?.displayName).toBe('Anna');
		expect(session?.expiresAt).toEqual(new Date(START.getTime() + SESSION_LIFETIME_MS));
		expect(linkConferenceId).toBeNull();
		expect((await validateSessionTokenOn(db.data, generateSessionToken())).session).toBeNull();
	});

	it('refuses an expired session and deletes it', async () => {
		const token = await open('anna');
		expect(await validateSessionTokenOn(db.data, token, new Date(START.getTime() + SESSION_LIFETIME_MS))).toEqual({ session: null, person: null, linkConferenceId: null });
		expect(await stored(token)).toBeUndefined();
	});

	it('extends a session past half its life, and not before, in the database too', async () => {
		const token = await open('anna');
		await validateSessionTokenOn(db.data, token, new Date(START.getTime() + 2 * DAY));
		expect((await stored(token))?.expiresAt).toEqual(new Date(START.getTime() + SESSION_LIFETIME_MS));
		const later = new Date(START.getTime() + 20 * DAY);
		const { session } = await validateSessionTokenOn(db.data, token, later);
		expect(session?.expiresAt).toEqual(new Date(later.getTime() + SESSION_LIFETIME_MS));
		expect((await stored(token))?.expiresAt).toEqual(new Date(later.getTime() + SESSION_LIFETIME_MS));
	});

	it('a session from an access link names its conference, is never extended past the link, and ends with the link', async () => {
		const linkEnds = new Date(START.getTime() + 25 * DAY);
		await db.data.q.insert(db.data.t.accessLinks).values({ id: 'card', personId: 'ben', conferenceId: 'north', tokenHash: 'h', expiresAt: linkEnds });
		const token = await open('ben', { accessLinkId: 'card', expiresAt: new Date(START.getTime() + 20 * DAY) });
		const { session, linkConferenceId } = await validateSessionTokenOn(db.data, token, new Date(START.getTime() + 10 * DAY));
		expect(linkConferenceId).toBe('north');
		expect(session?.expiresAt).toEqual(linkEnds);
		expect((await stored(token))?.expiresAt).toEqual(linkEnds);
		// Revoking the link ends the sessions it opened (revokeAccessLink deletes them): the cookie is refused.
		await db.data.q.delete(db.data.t.sessions).where(eq(db.data.t.sessions.accessLinkId, 'card'));
		expect((await validateSessionTokenOn(db.data, token, new Date(START.getTime() + 11 * DAY))).session).toBeNull();
	});

	it("loads the actor's roles in every conference and group, and the account's rights", async () => {
		const actor = await loadActorOn(db.data, 'anna');
		expect(actor).toMatchObject({ personId: 'anna', isPlatformAdmin: true, hasAccount: true });
		expect([...actor.conferences].map(([id, s]) => [id, [...s.roles].sort(), s.memberStatus])).toEqual([
			['north', ['member', 'office'], 'voting'],
			['south', ['moderator'], null]
		]);
		expect([...actor.groups].map(([id, g]) => [id, g.conferenceId, g.kind, [...g.roles]])).toEqual([
			['steer', 'north', 'steering', ['coordinator']],
			['sued', 'south', 'working', ['member']]
		]);
		expect(await loadActorOn(db.data, 'ben')).toMatchObject({ isPlatformAdmin: false, hasAccount: false, conferences: new Map(), groups: new Map() });
	});

	it("an access link's session holds only the roles of the link's conference, and no account rights", async () => {
		const actor = await loadActorOn(db.data, 'anna', { conferenceId: 'south' });
		expect(actor).toMatchObject({ isPlatformAdmin: false, hasAccount: false });
		expect([...actor.conferences.keys()]).toEqual(['south']);
		expect([...actor.groups.keys()]).toEqual(['sued']);
	});
});
