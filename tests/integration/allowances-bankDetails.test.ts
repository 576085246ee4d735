import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveClaim } from '../../src/lib/server/commands/approveClaim';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { releaseClaim } from '../../src/lib/server/commands/releaseClaim';
import { submitClaim } from '../../src/lib/server/commands/submitClaim';
import { updatePayee } from '../../src/lib/server/commands/updatePayee';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { draftClaimOn } from '../../src/lib/server/allowances/draftClaim';
import { auditLog, claimLines, claims, conferenceMemberships, people } from '../../src/lib/server/db/schema';
import { transactOn } from '../../src/lib/server/effects';
import { loadActorOn } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { buildFixture } from './support/fixture';
import { sqliteData } from '../../src/lib/server/db/client';

/**
 * Four eyes on where the money goes, not only on how much: a release is given for the account as
 * it stands. Changing the account holder or IBAN withdraws the releases of the person's claims
 * that wait for payout, and whoever changed them does not release a claim approved before.
 */
const storage = tempDatabase();
const db = storage.db;
const ORIGIN = 'https://ratschlag.example';
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let conferenceId: string;
let secondOfficeId: string;

beforeAll(async () => {
	fixture = await buildFixture(db);
	conferenceId = fixture.conferenceA.id;
	secondOfficeId = db.insert(people).values({ displayName: 'Zweite Geschäftsstelle' }).returning().get().id;
	db.insert(conferenceMemberships).values({ conferenceId, personId: secondOfficeId, role: 'office' }).run();
});
afterAll(() => storage.cleanup());

const office = () => loadActorOn(sqliteData(db.$client), fixture.ids.office);
const secondOffice = () => loadActorOn(sqliteData(db.$client), secondOfficeId);
const person = () => fixture.ids.votingMember;

async function approvedClaim(): Promise<string> {
	const session = await createPlenarySession(sqliteData(db.$client), await office(), {
		conferenceId,
		title: `Plenum ${Math.random()}`,
		startsAt: new Date('2026-05-04T15:00:00Z'),
		place: 'Saal',
		videoUrl: null
	});
	const claimId = (await transactOn(sqliteData(db.$client), async (tx) =>
		draftClaimOn(sqliteData(db.$client), tx, { personId: person(), meeting: { sessionId: session.id }, now: new Date(), actorPersonId: null })
	))!.claimId;
	await submitClaim(sqliteData(db.$client), await office(), { conferenceId, claimId, declaration: true, origin: ORIGIN });
	const lines = db.select({ id: claimLines.id }).from(claimLines).where(eq(claimLines.claimId, claimId)).all();
	await approveClaim(sqliteData(db.$client), await office(), {
		conferenceId,
		claimId,
		decisions: lines.map((l) => ({ lineId: l.id, approve: true })),
		confirmOverLimit: true,
		origin: ORIGIN
	});
	return claimId;
}

const statusOf = (claimId: string) => db.select({ status: claims.status }).from(claims).where(eq(claims.id, claimId)).get()!.status;
const payee = (iban: string) => ({ conferenceId, personId: person(), eligible: true, accountHolder: 'Jens Beispiel', iban, origin: ORIGIN });

describe('four eyes on the account', () => {
	it('a changed IBAN withdraws the release; the releaser gives it again for the new account', async () => {
		await updatePayee(sqliteData(db.$client), await office(), payee('DE89 3704 0044 0532 0130 00'));
		const claimId = await approvedClaim();
		await releaseClaim(sqliteData(db.$client), await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
		expect(statusOf(claimId)).toBe('released');

		const changed = await updatePayee(sqliteData(db.$client), await office(), payee('DE75 1203 0000 1020 3040 50'));
		expect(changed.releasesWithdrawn).toEqual([claimId]);
		expect(statusOf(claimId)).toBe('approved');
		const audit = db.select().from(auditLog).where(eq(auditLog.subjectId, claimId)).all();
		expect(audit.map((a) => a.action)).toContain('claim.releaseWithdrawn');

		await releaseClaim(sqliteData(db.$client), await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
		expect(statusOf(claimId)).toBe('released');
	});

	it('whoever changed the account after the approval does not release: one person never redirects the money alone', async () => {
		await updatePayee(sqliteData(db.$client), await office(), payee('DE89 3704 0044 0532 0130 00'));
		const claimId = await approvedClaim();
		await updatePayee(sqliteData(db.$client), await secondOffice(), payee('DE44 5001 0517 5407 3249 31'));
		await expect(releaseClaim(sqliteData(db.$client), await secondOffice(), { conferenceId, claimId, origin: ORIGIN })).rejects.toThrowError(
			expect.objectContaining({ code: 'claim_bank_changed_by_releaser' }) as CommandError
		);
		expect(statusOf(claimId)).toBe('approved');
		// The other office member confirms the account by entering it again; then the second one releases.
		await updatePayee(sqliteData(db.$client), await office(), { ...payee('DE44 5001 0517 5407 3249 31'), accountHolder: 'Jens Beispiel-Muster' });
		await releaseClaim(sqliteData(db.$client), await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
		expect(statusOf(claimId)).toBe('released');
	});

	it('saving the person without changing the account leaves releases alone', async () => {
		await updatePayee(sqliteData(db.$client), await office(), payee('DE89 3704 0044 0532 0130 00'));
		const claimId = await approvedClaim();
		await releaseClaim(sqliteData(db.$client), await secondOffice(), { conferenceId, claimId, origin: ORIGIN });
		expect((await updatePayee(sqliteData(db.$client), await office(), payee('DE89370400440532013000'))).releasesWithdrawn).toEqual([]);
		expect(statusOf(claimId)).toBe('released');
	});
});
