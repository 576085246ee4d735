import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { approveClaim } from '../../src/lib/server/commands/approveClaim';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { releaseClaim } from '../../src/lib/server/commands/releaseClaim';
import { submitClaim } from '../../src/lib/server/commands/submitClaim';
import { updatePayee } from '../../src/lib/server/commands/updatePayee';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { draftClaimOn } from '../../src/lib/server/allowances/draftClaim';
import { first, type Data } from '../../src/lib/server/db/client';
import { transactOn } from '../../src/lib/server/effects';
import { loadActorOn } from '../../src/lib/server/policies';
import { DIALECTS } from './support/data';
import { fixtureOn, type Fixture } from './support/fixtureOn';

/**
 * Four eyes on where the money goes, not only on how much: a release is given for the account as
 * it stands. Changing the account holder or IBAN withdraws the releases of the person's claims
 * that wait for payout, and whoever changed them does not release a claim approved before.
 * On SQLite and PostgreSQL; a release and a change at once are in commands/onBoth.allowances and
 * data/invariants.
 */
const ORIGIN = 'https://ratschlag.example';

describe.each(DIALECTS)('bank details on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let conferenceId: string;
	let secondOfficeId: string;

	beforeAll(async () => {
		({ data, fixture } = on);
		conferenceId = fixture.conferenceA.id;
		secondOfficeId = first(await data.q.insert(data.t.people).values({ displayName: 'Zweite Geschäftsstelle' }).returning())!.id;
		await data.q.insert(data.t.conferenceMemberships).values({ conferenceId, personId: secondOfficeId, role: 'office' });
	});

	const office = () => loadActorOn(data, fixture.ids.office);
	const secondOffice = () => loadActorOn(data, secondOfficeId);
	const person = () => fixture.ids.votingMember;

	async function approvedClaim(): Promise<string> {
		const session = await createPlenarySession(data, await office(), {
			conferenceId,
			title: `Plenum ${Math.random()}`,
			startsAt: new Date('2026-05-04T15:00:00Z'),
			place: 'Saal',
			videoUrl: null
		});
		const claimId = (await transactOn(data, async (tx) =>
			draftClaimOn(data, tx, { personId: person(), meeting: { sessionId: session.id }, now: new Date(), actorPersonId: null })
		))!.claimId;
		await submitClaim(data, await office(), { conferenceId, claimId, declaration: true, origin: ORIGIN });
		const { claimLines } = data.t;
		const lines = await data.q.select({ id: claimLines.id }).from(claimLines).where(eq(claimLines.claimId, claimId));
		await approveClaim(data, await office(), {
			conferenceId,
			claimId,
			decisions: lines.map((l) => ({ lineId: l.id, approve: true })),
			confirmOverLimit: true,
			origin: ORIGIN
		});
		return claimId;
	}

	const statusOf = async (claimId: string) =>
		first(await data.q.select({ status: data.t.claims.status }).from(data.t.claims).where(eq(data.t.claims.id, claimId)))!.status;
	const payee = (iban: string) => ({ conferenceId, personId: person(), eligible: true, accountHolder: 'Jens Beispiel', iban, origin: ORIGIN });

	describe('four eyes on the account', () => {
		it('a changed IBAN withdraws the release; the releaser gives it again for the new account', async () => {
			await updatePayee(data, await office(), payee('DE89 3704 0044 0532 0130 00'));
			const claimId = await approvedClaim();
			await releaseClaim(data, await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
			expect(await statusOf(claimId)).toBe('released');

			const changed = await updatePayee(data, await office(), payee('DE75 1203 0000 1020 3040 50'));
			expect(changed.releasesWithdrawn).toEqual([claimId]);
			expect(await statusOf(claimId)).toBe('approved');
			const audit = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, claimId));
			expect(audit.map((a) => a.action)).toContain('claim.releaseWithdrawn');

			await releaseClaim(data, await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
			expect(await statusOf(claimId)).toBe('released');
		});

		it('whoever changed the account after the approval does not release: one person never redirects the money alone', async () => {
			await updatePayee(data, await office(), payee('DE89 3704 0044 0532 0130 00'));
			const claimId = await approvedClaim();
			await updatePayee(data, await secondOffice(), payee('DE44 5001 0517 5407 3249 31'));
			await expect(releaseClaim(data, await secondOffice(), { conferenceId, claimId, origin: ORIGIN })).rejects.toThrowError(
				expect.objectContaining({ code: 'claim_bank_changed_by_releaser' }) as CommandError
			);
			expect(await statusOf(claimId)).toBe('approved');
			// The other office member confirms the account by entering it again; then the second one releases.
			await updatePayee(data, await office(), { ...payee('DE44 5001 0517 5407 3249 31'), accountHolder: 'Jens Beispiel-Muster' });
			await releaseClaim(data, await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
			expect(await statusOf(claimId)).toBe('released');
		});

		it('saving the person without changing the account leaves releases alone', async () => {
			await updatePayee(data, await office(), payee('DE89 3704 0044 0532 0130 00'));
			const claimId = await approvedClaim();
			await releaseClaim(data, await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
			expect((await updatePayee(data, await office(), payee('DE89370400440532013000'))).releasesWithdrawn).toEqual([]);
			expect(await statusOf(claimId)).toBe('released');
		});
	});
});
