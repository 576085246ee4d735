import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	createSessionOn,
	generateSessionToken,
	hashToken,
	invalidateAllSessionsOn,
	SESSION_LIFETIME_MS,
	validateSessionTokenOn
} from '../../src/lib/server/auth/sessions';
import { DEVICE_LIFETIME_MS, knownDeviceOn } from '../../src/lib/server/auth/devices';
import { signInWithAccessLink } from '../../src/lib/server/commands/signInWithAccessLink';
import { signInWithPassword } from '../../src/lib/server/commands/signInWithPassword';
import { issueAccessLink } from '../../src/lib/server/commands/issueAccessLink';
import { revokeAccessLink } from '../../src/lib/server/commands/revokeAccessLink';
import { first, type Data } from '../../src/lib/server/db/client';
import { memoryStore, useStore } from '../../src/lib/server/limits/store';
import { loadActorOn } from '../../src/lib/server/policies';
import { DIALECTS } from './support/data';
import { fixtureOn, type Fixture } from './support/fixtureOn';

const DAY = 86_400_000;

describe.each(DIALECTS)('sign-in and sessions on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
		// The sign-in counters live in the process, not the database: each database's run starts
		// with none, or the second run would meet the first one's failures for the same accounts.
		useStore(memoryStore);
	});

	describe('sessions', () => {
		it('stores only the SHA-256 of the token, never the token', async () => {
			const token = generateSessionToken();
			await createSessionOn(data, token, fixture.ids.votingMember);
			const rows = await data.q.select().from(data.t.sessions);
			expect(rows.some((r) => r.id === token)).toBe(false);
			expect(rows.some((r) => r.id === hashToken(token))).toBe(true);
			expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
		});

		it('validates a token and returns its person', async () => {
			const token = generateSessionToken();
			await createSessionOn(data, token, fixture.ids.guest);
			const result = await validateSessionTokenOn(data, token);
			expect(result.person?.displayName).toBe('guest');
		});

		it('slides the expiry once half of the lifetime has passed, and not before', async () => {
			const start = new Date('2026-01-01T10:00:00Z');
			const token = generateSessionToken();
			await createSessionOn(data, token, fixture.ids.guest, { now: start });
			const early = await validateSessionTokenOn(data, token, new Date(start.getTime() + 2 * DAY));
			expect(early.session?.expiresAt.getTime()).toBe(start.getTime() + SESSION_LIFETIME_MS);
			const later = new Date(start.getTime() + 20 * DAY);
			const renewed = await validateSessionTokenOn(data, token, later);
			expect(renewed.session?.expiresAt.getTime()).toBe(later.getTime() + SESSION_LIFETIME_MS);
		});

		it('refuses and deletes an expired session', async () => {
			const start = new Date('2026-01-01T10:00:00Z');
			const token = generateSessionToken();
			await createSessionOn(data, token, fixture.ids.guest, { now: start });
			const result = await validateSessionTokenOn(data, token, new Date(start.getTime() + SESSION_LIFETIME_MS + 1));
			expect(result.session).toBeNull();
			expect(
				first(
					await data.q
						.select()
						.from(data.t.sessions)
						.where(eq(data.t.sessions.id, hashToken(token)))
				)
			).toBeUndefined();
		});

		it('“sign out everywhere” ends every session of that person and no one else’s', async () => {
			const mine = [generateSessionToken(), generateSessionToken()];
			const theirs = generateSessionToken();
			for (const t of mine) await createSessionOn(data, t, fixture.ids.deputy);
			await createSessionOn(data, theirs, fixture.ids.advisoryMember);
			expect(await invalidateAllSessionsOn(data, fixture.ids.deputy)).toBe(2);
			for (const t of mine) expect((await validateSessionTokenOn(data, t)).session).toBeNull();
			expect((await validateSessionTokenOn(data, theirs)).session).not.toBeNull();
		});
	});

	describe('password sign-in', () => {
		it('signs in with the right password, case-insensitive e-mail', async () => {
			const result = await signInWithPassword(data, { email: ' Office@Test.Example ', password: fixture.password, clientAddress: '10.0.0.1' });
			expect(result.ok).toBe(true);
		});

		it('answers a wrong password and an unknown account alike', async () => {
			const wrong = await signInWithPassword(data, { email: 'office@test.example', password: 'nope', clientAddress: '10.0.0.2' });
			const unknown = await signInWithPassword(data, { email: 'nobody@test.example', password: 'nope', clientAddress: '10.0.0.2' });
			expect(wrong).toEqual({ ok: false, reason: 'invalid' });
			expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		});

		it('pauses an account at one address after five failures there, even for the right password, and says until when', async () => {
			for (let i = 0; i < 5; i++) {
				await signInWithPassword(data, { email: 'moderator@test.example', password: `wrong${i}`, clientAddress: '10.1.0.1' });
			}
			const before = Date.now();
			const result = await signInWithPassword(data, { email: 'moderator@test.example', password: fixture.password, clientAddress: '10.1.0.1' });
			expect(result.ok).toBe(false);
			if (result.ok || result.reason !== 'throttled') throw new Error('expected throttled');
			expect(result.retryAt.getTime()).toBeGreaterThan(before + 14 * 60_000);
			// The owner at another address is not locked out by failures somewhere else.
			const owner = await signInWithPassword(data, { email: 'moderator@test.example', password: fixture.password, clientAddress: '10.1.1.1' });
			expect(owner.ok).toBe(true);
			// Another account from another address is unaffected.
			const other = await signInWithPassword(data, { email: 'otheroffice@test.example', password: fixture.password, clientAddress: '10.1.1.2' });
			expect(other.ok).toBe(true);
		});

		it('an attacker failing from many addresses slows each of them to one try in 15 minutes, and never locks the owner out', async () => {
			const email = 'office@test.example';
			for (let i = 0; i < 21; i++) {
				expect(await signInWithPassword(data, { email, password: `guess${i}`, clientAddress: `10.3.0.${i}` })).toEqual({ ok: false, reason: 'invalid' });
			}
			// Under attack: each address has one try in 15 minutes, then waits, even with the right password.
			expect(await signInWithPassword(data, { email, password: 'one more', clientAddress: '10.3.0.0' })).toEqual({ ok: false, reason: 'invalid' });
			const before = Date.now();
			const slowed = await signInWithPassword(data, { email, password: fixture.password, clientAddress: '10.3.0.0' });
			if (slowed.ok || slowed.reason !== 'throttled') throw new Error('expected throttled');
			expect(slowed.limit).toBe('signIn.pairUnderAttack');
			expect(slowed.retryAt.getTime()).toBeGreaterThan(before + 14 * 60_000);
			// The owner's own address keeps its try, whatever the attacker does.
			for (let round = 0; round < 2; round++) {
				for (let i = 0; i < 10; i++) await signInWithPassword(data, { email, password: `again${round}${i}`, clientAddress: `10.3.${round + 1}.${i}` });
				const owner = await signInWithPassword(data, { email, password: fixture.password, clientAddress: `10.4.0.${round}` });
				expect(owner.ok).toBe(true);
			}
		}, 60_000);

		it('pauses a client address after a hundred failures across accounts (spraying); other addresses are unaffected', async () => {
			for (let i = 0; i < 100; i++) {
				expect(await signInWithPassword(data, { email: `nobody${i}@test.example`, password: 'x', clientAddress: '10.9.9.9' })).toEqual({
					ok: false,
					reason: 'invalid'
				});
			}
			const result = await signInWithPassword(data, { email: 'admin@test.example', password: fixture.password, clientAddress: '10.9.9.9' });
			expect(result).toMatchObject({ ok: false, reason: 'throttled', limit: 'signIn.address' });
			expect((await signInWithPassword(data, { email: 'admin@test.example', password: fixture.password, clientAddress: '10.9.9.10' })).ok).toBe(true);
		}, 60_000);

		it('counts an IPv6 client by its /64: rotating addresses inside it does not reset the pause', async () => {
			const email = 'admin@test.example';
			for (let i = 0; i < 5; i++) await signInWithPassword(data, { email, password: `v6-${i}`, clientAddress: `2001:db8:5:7::${i + 1}` });
			const rotated = await signInWithPassword(data, { email, password: fixture.password, clientAddress: '2001:db8:5:7:ffff:1:2:3' });
			expect(rotated).toMatchObject({ ok: false, reason: 'throttled', limit: 'signIn.pair' });
			expect((await signInWithPassword(data, { email, password: fixture.password, clientAddress: '2001:db8:5:8::1' })).ok).toBe(true);
		});
	});

	describe('device cookies', () => {
		const email = 'otheroffice@test.example';
		const signIn = async (deviceToken: string | null, clientAddress = '10.6.0.1') => {
			const result = await signInWithPassword(data, { email, password: fixture.password, clientAddress, deviceToken });
			if (!result.ok) throw new Error(`expected sign-in, got ${result.reason}`);
			return result.device;
		};
		const devices = () => data.q.select().from(data.t.trustedDevices).where(eq(data.t.trustedDevices.personId, fixture.ids.otherOffice));

		it('a device is known for its own account only, until it expires; only its hash is stored', async () => {
			const { token, expiresAt } = await signIn(null);
			expect(await knownDeviceOn(data, token, ' OtherOffice@Test.Example ')).toBe(hashToken(token));
			expect(await knownDeviceOn(data, token, 'office@test.example')).toBeNull();
			expect(await knownDeviceOn(data, 'x'.repeat(32), email)).toBeNull();
			expect(await knownDeviceOn(data, token, email, expiresAt)).toBeNull();
			expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + DEVICE_LIFETIME_MS - 60_000);
			expect((await devices()).some((d) => d.id === token)).toBe(false);
		}, 60_000);

		it('each sign-in replaces the cookie the browser brought, and an account keeps its ten latest browsers', async () => {
			const first = await signIn(null);
			const second = await signIn(first.token);
			expect(await knownDeviceOn(data, first.token, email)).toBeNull();
			expect(await knownDeviceOn(data, second.token, email)).not.toBeNull();
			const latest: string[] = [];
			for (let i = 0; i < 12; i++) latest.push((await signIn(null)).token);
			expect((await devices()).map((d) => d.id).sort()).toEqual(latest.slice(-10).map(hashToken).sort());
		}, 60_000);
	});

	describe('access links', () => {
		it('sign in while valid; a revoked link refuses and ends the sessions it opened', async () => {
			const office = await loadActorOn(data, fixture.ids.office);
			const subject = { conferenceId: fixture.conferenceA.id, personId: fixture.targetId };
			const { link, token } = await issueAccessLink(data, office, { ...subject, expiresAt: null });
			const signIn = await signInWithAccessLink(data, token);
			if (!signIn.ok) throw new Error('expected sign-in');
			expect(signIn.person.id).toBe(fixture.targetId);
			expect((await validateSessionTokenOn(data, signIn.token)).session).not.toBeNull();

			await revokeAccessLink(data, office, { ...subject, linkId: link.id });
			expect(await signInWithAccessLink(data, token)).toEqual({ ok: false, state: 'revoked' });
			expect((await validateSessionTokenOn(data, signIn.token)).session).toBeNull();
		});

		it('an expired link refuses; sessions from an expiring link never outlive it', async () => {
			const office = await loadActorOn(data, fixture.ids.office);
			const expiresAt = new Date(Date.now() + 2 * DAY);
			const { token } = await issueAccessLink(data, office, { conferenceId: fixture.conferenceA.id, personId: fixture.targetId, expiresAt });
			const signIn = await signInWithAccessLink(data, token);
			if (!signIn.ok) throw new Error('expected sign-in');
			expect(signIn.session.expiresAt.getTime()).toBe(expiresAt.getTime());
			expect(await signInWithAccessLink(data, token, new Date(expiresAt.getTime() + 1))).toEqual({ ok: false, state: 'expired' });
		});

		it('unknown or malformed tokens are unknown', async () => {
			expect(await signInWithAccessLink(data, 'a'.repeat(32))).toEqual({ ok: false, state: 'unknown' });
			expect(await signInWithAccessLink(data, "'; drop table people; --")).toEqual({ ok: false, state: 'unknown' });
		});
	});

	describe('throttling under a burst', () => {
		it('parallel wrong passwords cannot exceed the limit before the hashes are checked', async () => {
			const attempts = await Promise.all(
				Array.from({ length: 12 }, (_, i) =>
					signInWithPassword(data, { email: 'groupcoordinator@test.example', password: `burst${i}`, clientAddress: '10.2.0.1' })
				)
			);
			expect(attempts.filter((a) => !a.ok && a.reason === 'invalid')).toHaveLength(5);
			expect(attempts.filter((a) => !a.ok && a.reason === 'throttled')).toHaveLength(7);
		});
	});
});
