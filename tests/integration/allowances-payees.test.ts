import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultRules } from '../../src/lib/domain/allowances/amounts';
import type { AllowanceRules } from '../../src/lib/domain/allowances/types';
import { first, type Data } from '../../src/lib/server/db/client';
import { rulesForOn } from '../../src/lib/server/allowances/rules';
import { saveAllowanceRules } from '../../src/lib/server/commands/saveAllowanceRules';
import { savePayoutAccount } from '../../src/lib/server/commands/savePayoutAccount';
import { updatePayee } from '../../src/lib/server/commands/updatePayee';
import { recordSocialBenefits } from '../../src/lib/server/commands/recordSocialBenefits';
import { eraseSocialBenefits } from '../../src/lib/server/commands/eraseSocialBenefits';
import { createWorkingGroup } from '../../src/lib/server/commands/createWorkingGroup';
import { updateWorkingGroup } from '../../src/lib/server/commands/updateWorkingGroup';
import { eligiblePeople, payeeOf, receivesBenefits } from '../../src/lib/server/queries/payees';
import { loadActorOn, NotAllowed, type Actor } from '../../src/lib/server/policies';
import { actions as personPageActions, load as personPageLoad } from '../../src/routes/(app)/conferences/[conferenceId]/people/[personId]/+page.server';
import { actions as allowanceSettings } from '../../src/routes/(app)/conferences/[conferenceId]/settings/allowances/+page.server';
import { DIALECTS } from './support/data';
import { refusalOf } from './support/errors';
import type { ActorName } from './support/fixture';
import { fixtureOn, pagesData, type Fixture } from './support/fixtureOn';

// The page loads and actions read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

/**
 * Part C of the allowances: the office's rules per year, its payout account, who is eligible and
 * where their money goes, and the sensitive "receives social benefits" flag. On a real, migrated
 * database (SQLite and PostgreSQL); the person page's load is called as the app calls it.
 */
const ORIGIN = 'https://ratschlag.test';
// Mid-June 2026: "this year" is 2026.
const NOW = new Date('2026-06-15T10:00:00Z');
const VALID_IBAN = 'DE89 3704 0044 0532 0130 00';
const VALID_IBAN_ELECTRONIC = 'DE89370400440532013000';
describe.each(DIALECTS)('allowance rules and payees on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let office: Actor;
	beforeAll(async () => {
		({ data, fixture } = on);
		office = await loadActorOn(data, fixture.ids.office);
	});

	const conferenceId = () => fixture.conferenceA.id;
	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const auditOf = (action: string) => data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, action));
	const payeeRow = async (personId: string) => first(await data.q.select().from(data.t.allowancePayees).where(eq(data.t.allowancePayees.personId, personId)));
	const payee = (over: Partial<Parameters<typeof updatePayee>[2]> = {}) => ({
		conferenceId: conferenceId(),
		personId: fixture.targetId,
		eligible: false,
		accountHolder: null as string | null,
		iban: null as string | null,
		origin: ORIGIN,
		now: NOW,
		...over
	});

	describe('allowance rules', () => {
		const rules2027 = (): AllowanceRules => ({ ...defaultRules(2027), flatPlenaryCents: 3000, kmRateCents: 30, tripCapCents: 15_000, budgetCents: 1_200_000 });

		it('are saved per year and read back by rulesForOn; other years keep the defaults', async () => {
			expect(await rulesForOn(data, conferenceId(), 2027)).toMatchObject({ configured: false, flatPlenaryCents: 2500 });
			await saveAllowanceRules(data, office, { conferenceId: conferenceId(), rules: rules2027(), now: NOW });
			expect(await rulesForOn(data, conferenceId(), 2027)).toEqual({ ...rules2027(), configured: true });
			expect((await rulesForOn(data, conferenceId(), 2028)).configured).toBe(false);
			expect((await rulesForOn(data, fixture.conferenceB.id, 2027)).configured).toBe(false);
		});

		it('a second save replaces the first, and the audit holds the figures before and after', async () => {
			await saveAllowanceRules(data, office, { conferenceId: conferenceId(), rules: { ...rules2027(), flatPlenaryCents: 3500, budgetCents: null }, now: NOW });
			expect(await rulesForOn(data, conferenceId(), 2027)).toMatchObject({ flatPlenaryCents: 3500, budgetCents: null });
			const [first, second] = await auditOf('allowance.configure');
			expect(first.before).toEqual({ year: 2027, defaults: true });
			expect(first.after).toMatchObject({ year: 2027, flatPlenaryCents: 3000, budgetCents: 1_200_000 });
			expect(second.before).toMatchObject({ flatPlenaryCents: 3000 });
			expect(second.after).toMatchObject({ flatPlenaryCents: 3500, budgetCents: null });
		});

		it('refuses amounts that are not whole cents within bounds, naming the field, and writes nothing', async () => {
			const base = rules2027();
			const refusal = (rules: AllowanceRules) => refusalOf(saveAllowanceRules(data, office, { conferenceId: conferenceId(), rules }));
			expect(await refusal({ ...base, flatPlenaryCents: 25.5 })).toBe('allowance_amount_invalid');
			expect(await refusal({ ...base, flatOtherCents: -1 })).toBe('allowance_amount_invalid');
			expect(await refusal({ ...base, tripCapCents: 10_000_001 })).toBe('allowance_amount_invalid');
			// 20 € a km: euros typed as cents.
			expect(await refusal({ ...base, kmRateCents: 2000 })).toBe('allowance_amount_invalid');
			expect(await refusal({ ...base, budgetCents: Number.NaN })).toBe('allowance_amount_invalid');
			expect(await refusal({ ...base, year: 1999 })).toBe('allowance_year_invalid');
			try {
				await saveAllowanceRules(data, office, { conferenceId: conferenceId(), rules: { ...base, kmRateBicycleCents: 0.5 } });
			} catch (e) {
				expect(e).toMatchObject({ code: 'allowance_amount_invalid', field: 'kmRateBicycleCents' });
			}
			expect((await rulesForOn(data, conferenceId(), 2027)).flatPlenaryCents).toBe(3500);
		});

		it('are the office’s alone: not a member, not a platform admin, not another conference’s office', async () => {
			for (const name of ['votingMember', 'admin', 'otherOffice'] as const)
				await expect(saveAllowanceRules(data, await actor(name), { conferenceId: conferenceId(), rules: rules2027() })).rejects.toThrow(NotAllowed);
		});
	});

	describe('payout account', () => {
		it('stores the IBAN in electronic form and the BIC canonical; the audit shows the IBAN masked', async () => {
			await savePayoutAccount(data, office, {
				conferenceId: conferenceId(),
				debtorName: 'Kreis A – Gesundheitsamt',
				debtorIban: 'de89 3704 0044 0532 0130 00',
				debtorBic: 'cobadeff xxx',
				now: NOW
			});
			expect(first(await data.q.select().from(data.t.payoutAccounts).where(eq(data.t.payoutAccounts.conferenceId, conferenceId())))).toMatchObject({
				debtorIban: VALID_IBAN_ELECTRONIC,
				debtorBic: 'COBADEFFXXX'
			});
			const text = JSON.stringify(await auditOf('allowance.payoutAccount'));
			expect(text).not.toContain(VALID_IBAN_ELECTRONIC);
			expect(text).not.toContain('0532 0130');
		});

		it('refuses a wrong IBAN, a malformed BIC and a name longer than SEPA takes', async () => {
			const input = { conferenceId: conferenceId(), debtorName: 'Kreis A', debtorIban: VALID_IBAN };
			expect(await refusalOf(savePayoutAccount(data, office, { ...input, debtorIban: 'DE88 3704 0044 0532 0130 00' }))).toBe('iban_checksum');
			expect(await refusalOf(savePayoutAccount(data, office, { ...input, debtorBic: 'COBA1EFF' }))).toBe('bic_invalid');
			expect(await refusalOf(savePayoutAccount(data, office, { ...input, debtorName: 'x'.repeat(71) }))).toBe('account_holder_too_long');
			expect(await refusalOf(savePayoutAccount(data, office, { ...input, debtorName: 'x'.repeat(70) }))).toBeUndefined();
		});
	});

	describe('payee data', () => {
		it('validates the IBAN: a valid German one is stored in electronic form; a wrong check digit or length is refused', async () => {
			expect(await refusalOf(updatePayee(data, office, payee({ accountHolder: 'Erika Muster', iban: 'DE89 3704 0044 0532 0130 01' })))).toBe('iban_checksum');
			expect(await refusalOf(updatePayee(data, office, payee({ accountHolder: 'Erika Muster', iban: 'DE89 3704 0044 0532 0130' })))).toBe('iban_invalid');
			expect(await refusalOf(updatePayee(data, office, payee({ accountHolder: 'Erika Muster', iban: 'keine IBAN' })))).toBe('iban_invalid');
			expect(await payeeRow(fixture.targetId)).toBeUndefined();

			await updatePayee(data, office, payee({ accountHolder: 'Erika Muster (Betreuerin)', iban: ' de89 3704 0044 0532 0130 00 ' }));
			const row = await payeeRow(fixture.targetId);
			expect(row).toMatchObject({ iban: VALID_IBAN_ELECTRONIC, accountHolder: 'Erika Muster (Betreuerin)', eligible: false });
			expect(await payeeOf(data, conferenceId(), fixture.targetId)).toMatchObject({
				iban: VALID_IBAN,
				ibanMasked: 'DE89 •••• •••• •••• ••30 00',
				ibanErasedAt: null
			});
		});

		it('an IBAN needs the account holder’s name; the name may come first alone', async () => {
			expect(await refusalOf(updatePayee(data, office, payee({ personId: fixture.ids.deputy, iban: VALID_IBAN })))).toBe('account_holder_required');
			expect(await refusalOf(updatePayee(data, office, payee({ personId: fixture.ids.deputy, accountHolder: 'y'.repeat(71), iban: VALID_IBAN })))).toBe(
				'account_holder_too_long'
			);
			await updatePayee(data, office, payee({ personId: fixture.ids.deputy, accountHolder: 'Deputy' }));
			expect(await payeeOf(data, conferenceId(), fixture.ids.deputy)).toMatchObject({ accountHolder: 'Deputy', iban: null });
		});

		it('the audit records that bank data changed, with the IBAN masked and never in full', async () => {
			await updatePayee(data, office, payee({ accountHolder: 'Erika Muster (Betreuerin)', iban: 'GB82 WEST 1234 5698 7654 32' }));
			const { auditLog } = data.t;
			const entries = await data.q
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'payee.update'), eq(auditLog.subjectId, fixture.targetId)));
			const last = entries.at(-1)!;
			expect(last.before).toMatchObject({ iban: 'DE89 •••• •••• •••• ••30 00' });
			expect(last.after).toMatchObject({ iban: 'GB82 •••• •••• •••• ••54 32', ibanChanged: true });
			const everything = JSON.stringify(await data.q.select().from(auditLog));
			for (const secret of [VALID_IBAN_ELECTRONIC, VALID_IBAN, 'GB82WEST12345698765432', '37040044', '12345698']) expect(everything).not.toContain(secret);
		});

		it('is refused for someone outside the conference, and for anyone but this conference’s office', async () => {
			// The other conference's office member belongs to conference B only.
			expect(await refusalOf(updatePayee(data, office, payee({ personId: fixture.ids.otherOffice, eligible: true })))).toBe('person_not_in_conference');
			for (const name of ['votingMember', 'admin', 'otherOffice', 'groupCoordinator'] as const)
				await expect(updatePayee(data, await actor(name), payee())).rejects.toThrow(NotAllowed);
			// One's own bank data too: the office keeps it.
			await expect(updatePayee(data, await actor('votingMember'), payee({ personId: fixture.ids.votingMember }))).rejects.toThrow(NotAllowed);
		});
	});

	describe('eligibility drafts the claims of this year’s attended meetings', () => {
		let person: string;
		const ids: Record<string, string> = {};
		beforeAll(async () => {
			const { q, t } = data;
			person = first(await q.insert(t.people).values({ displayName: 'Selbstvertreterin' }).returning())!.id;
			await q.insert(t.conferenceMemberships).values({ conferenceId: conferenceId(), personId: person, role: 'member', memberStatus: 'advisory' });
			const sitting = async (key: string, startsAt: string, conference = conferenceId()) =>
				(ids[key] = first(
					await q
						.insert(t.plenarySessions)
						.values({ conferenceId: conference, title: key, startsAt: new Date(startsAt), place: 'Kreishaus', checkInCode: `code-${key}` })
						.returning()
				)!.id);
			const attend = async (sessionId: string) => {
				await q.insert(t.attendance).values({ sessionId, personId: person, checkedInAt: new Date(), method: 'code' });
			};
			await attend(await sitting('march', '2026-03-10T17:00:00Z'));
			// 00:30 on New Year's Day in Berlin: a meeting of 2026, although still 2025 in UTC.
			await attend(await sitting('newYear', '2025-12-31T23:30:00Z'));
			await attend(await sitting('lastYear', '2025-11-20T17:00:00Z'));
			await sitting('notAttended', '2026-05-05T17:00:00Z');
			await attend(await sitting('otherConference', '2026-04-01T17:00:00Z', fixture.conferenceB.id));
			const steering = await createWorkingGroup(data, office, {
				conferenceId: conferenceId(),
				name: 'Lenkungsgruppe',
				description: null,
				kind: 'steering'
			});
			const meeting = async (key: string, startsAt: string) =>
				(ids[key] = first(
					await q
						.insert(t.groupMeetings)
						.values({ groupId: steering.id, title: key, startsAt: new Date(startsAt), durationMinutes: 90, place: 'Kreishaus', agenda: [] })
						.returning()
				)!.id);
			await q
				.insert(t.meetingAttendance)
				.values({ meetingId: await meeting('steeringApril', '2026-04-14T14:00:00Z'), personId: person, recordedAt: new Date() });
			await meeting('steeringMay', '2026-05-12T14:00:00Z');
			await saveAllowanceRules(data, office, {
				conferenceId: conferenceId(),
				rules: { ...defaultRules(2026), flatPlenaryCents: 3000, flatSteeringGroupCents: 4000 }
			});
		});
		const claimsOf = () => data.q.select().from(data.t.claims).where(eq(data.t.claims.personId, person));
		const draftedMails = () => data.q.select().from(data.t.jobs).where(eq(data.t.jobs.kind, 'mail.claimStep'));

		it('a payee who is not eligible gets no claims', async () => {
			await updatePayee(data, office, payee({ personId: person, eligible: false, accountHolder: 'Selbstvertreterin' }));
			expect(await claimsOf()).toEqual([]);
		});

		it('marked eligible: one claim per attended meeting of this conference and year, with the year’s flat rate, and a mail each', async () => {
			const { claimsDrafted } = await updatePayee(
				data,
				office,
				payee({ personId: person, eligible: true, accountHolder: 'Selbstvertreterin', iban: VALID_IBAN })
			);
			expect(claimsDrafted).toHaveLength(3);
			const drafted = await claimsOf();
			const byMeeting = Object.fromEntries(drafted.map((c) => [c.sessionId ?? c.groupMeetingId, c]));
			expect(Object.keys(byMeeting).sort()).toEqual([ids.march, ids.newYear, ids.steeringApril].sort());
			expect(byMeeting[ids.steeringApril]).toMatchObject({ meetingType: 'steering_group', status: 'draft', year: 2026 });
			expect(byMeeting[ids.newYear]).toMatchObject({ meetingType: 'plenary', year: 2026 });
			const flats = (await data.q.select().from(data.t.claimLines)).filter((l) => drafted.some((c) => c.id === l.claimId));
			expect(flats.map((l) => [l.kind, l.amountCents]).sort()).toEqual([
				['flat', 3000],
				['flat', 3000],
				['flat', 4000]
			]);
			const mails = (await draftedMails()).filter((j) => claimsDrafted.some((id) => j.payload.includes(id)));
			expect(mails).toHaveLength(3);
			expect(mails.every((j) => j.conferenceId === conferenceId() && j.payload.includes('"step":"drafted"') && j.payload.includes(ORIGIN))).toBe(true);
			expect((await eligiblePeople(data, conferenceId())).map((p) => p.personId)).toContain(person);
		});

		it('is idempotent: saving again drafts nothing new and sends no second mail', async () => {
			const mailsBefore = (await draftedMails()).length;
			const { claimsDrafted } = await updatePayee(
				data,
				office,
				payee({ personId: person, eligible: true, accountHolder: 'Selbstvertreterin', iban: VALID_IBAN })
			);
			expect(claimsDrafted).toEqual([]);
			expect(await claimsOf()).toHaveLength(3);
			expect(await draftedMails()).toHaveLength(mailsBefore);
		});

		it('a meeting attended later is drafted on the next save', async () => {
			await data.q.insert(data.t.attendance).values({ sessionId: ids.notAttended, personId: person, checkedInAt: new Date(), method: 'code' });
			const { claimsDrafted } = await updatePayee(
				data,
				office,
				payee({ personId: person, eligible: true, accountHolder: 'Selbstvertreterin', iban: VALID_IBAN })
			);
			expect(claimsDrafted).toHaveLength(1);
			expect((await claimsOf()).map((c) => c.sessionId)).toContain(ids.notAttended);
		});
	});

	describe('social benefits', () => {
		const input = (over: Partial<Parameters<typeof recordSocialBenefits>[2]> = {}) => ({
			conferenceId: conferenceId(),
			personId: fixture.targetId,
			receivesBenefits: true,
			consent: true,
			now: NOW,
			...over
		});

		it('is refused without consent, and nothing is stored', async () => {
			expect(await refusalOf(recordSocialBenefits(data, office, input({ consent: false })))).toBe('consent_required');
			expect(await receivesBenefits(data, conferenceId(), fixture.targetId)).toBeNull();
		});

		it('is stored with consent, by whom and when; a change keeps the consent record', async () => {
			await recordSocialBenefits(data, office, input());
			expect(await receivesBenefits(data, conferenceId(), fixture.targetId)).toEqual({
				receivesBenefits: true,
				consentRecordedAt: NOW,
				consentRecordedByPersonId: fixture.ids.office
			});
			await recordSocialBenefits(data, office, input({ receivesBenefits: false, now: new Date('2026-07-01T00:00:00Z') }));
			expect(await receivesBenefits(data, conferenceId(), fixture.targetId)).toMatchObject({ receivesBenefits: false, consentRecordedAt: NOW });
		});

		it('the audit says that it changed, never what it says', async () => {
			const entries = (await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, fixture.targetId))).filter((e) =>
				e.action.startsWith('socialBenefits.')
			);
			expect(entries.length).toBeGreaterThan(0);
			for (const e of entries) expect(JSON.stringify([e.before, e.after])).not.toMatch(/receivesBenefits|true.*benefit|benefit/i);
			expect(entries.map((e) => e.after)).toEqual(entries.map(() => ({ consent: true })));
		});

		it('is erased by deleting the row, audited', async () => {
			expect(await eraseSocialBenefits(data, office, { conferenceId: conferenceId(), personId: fixture.targetId })).toEqual({ erased: true });
			expect(await data.q.select().from(data.t.socialBenefitFlags).where(eq(data.t.socialBenefitFlags.personId, fixture.targetId))).toEqual([]);
			expect((await auditOf('socialBenefits.erased')).at(-1)).toMatchObject({ before: { consent: true }, after: { consent: false } });
		});

		it('is the office’s alone, and only for people of the conference', async () => {
			for (const name of ['votingMember', 'admin', 'otherOffice'] as const) {
				await expect(recordSocialBenefits(data, await actor(name), input())).rejects.toThrow(NotAllowed);
				await expect(eraseSocialBenefits(data, await actor(name), { conferenceId: conferenceId(), personId: fixture.targetId })).rejects.toThrow(NotAllowed);
			}
			expect(await refusalOf(recordSocialBenefits(data, office, input({ personId: fixture.ids.otherOffice })))).toBe('person_not_in_conference');
		});
	});

	describe('the person page', () => {
		const open = async (viewer: Actor, personId: string) =>
			(await personPageLoad({ locals: { actor: viewer }, params: { conferenceId: conferenceId(), personId } } as never)) as Record<string, unknown>;

		beforeAll(async () => {
			await updatePayee(data, office, payee({ personId: fixture.ids.votingMember, eligible: true, accountHolder: 'votingMember', iban: VALID_IBAN }));
			await recordSocialBenefits(data, office, { conferenceId: conferenceId(), personId: fixture.ids.votingMember, receivesBenefits: true, consent: true });
		});

		it('shows the office the payee data and the benefits flag', async () => {
			const data = await open(office, fixture.ids.votingMember);
			expect(data.payee).toMatchObject({ eligible: true, iban: VALID_IBAN });
			expect(data.benefits).toMatchObject({ receivesBenefits: true });
		});

		it('a member opening their own page gets neither their bank data nor the benefits flag', async () => {
			const data = await open(await actor('votingMember'), fixture.ids.votingMember);
			expect(data.payee).toBeNull();
			expect(data.benefits).toBeNull();
			expect(JSON.stringify(data)).not.toContain(VALID_IBAN_ELECTRONIC);
			expect(JSON.stringify(data)).not.toContain('3704 0044');
		});

		it('a platform admin opening the page gets neither either', async () => {
			const data = await open(await actor('admin'), fixture.ids.votingMember);
			expect(data.payee).toBeNull();
			expect(data.benefits).toBeNull();
		});
	});

	describe('group kind', () => {
		it('is working by default, set on creation, and changed only by those who create groups', async () => {
			const kindOfGroup = async () => first(await data.q.select().from(data.t.workingGroups).where(eq(data.t.workingGroups.id, fixture.group.id)))?.kind;
			const group = await createWorkingGroup(data, office, { conferenceId: conferenceId(), name: 'AG Neu', description: null });
			expect(group.kind).toBe('working');
			const coordinatorGroup = { conferenceId: conferenceId(), groupId: fixture.group.id, name: 'AG Pflege', description: null };
			await expect(updateWorkingGroup(data, await actor('groupCoordinator'), { ...coordinatorGroup, kind: 'steering' })).rejects.toThrow(NotAllowed);
			// Without a kind the coordinator's edit keeps it.
			await updateWorkingGroup(data, await actor('groupCoordinator'), coordinatorGroup);
			await updateWorkingGroup(data, office, { ...coordinatorGroup, kind: 'other' });
			expect(await kindOfGroup()).toBe('other');
			await updateWorkingGroup(data, await actor('groupCoordinator'), { ...coordinatorGroup, description: 'Pflege' });
			expect(await kindOfGroup()).toBe('other');
		});
	});

	describe('the forms, as a browser posts them', () => {
		const post = (fields: Record<string, string>) =>
			new Request('https://ratschlag.test/form', {
				method: 'POST',
				body: new URLSearchParams(fields),
				headers: { 'content-type': 'application/x-www-form-urlencoded' }
			});
		const typedRules = {
			year: '2028',
			flatPlenaryCents: '25,00',
			flatWorkingGroupCents: '20',
			flatSteeringGroupCents: '1.234,50',
			flatOtherCents: '15,5',
			kmRateCents: '20',
			kmRateOfficialCents: '30',
			kmRateBicycleCents: '25',
			tripCapCents: '130,00 €',
			yearlyLimitCents: '960,00',
			benefitsLimitCents: '3.000,00',
			budgetCents: ''
		};

		it('rates typed in euros with a comma are saved as cents; km rates as whole cents', async () => {
			const answer = await allowanceSettings.rules({ request: post(typedRules), locals: { actor: office }, params: { conferenceId: conferenceId() } } as never);
			expect(answer).toMatchObject({ action: 'rules', saved: true });
			expect(await rulesForOn(data, conferenceId(), 2028)).toMatchObject({
				flatPlenaryCents: 2500,
				flatWorkingGroupCents: 2000,
				flatSteeringGroupCents: 123_450,
				flatOtherCents: 1550,
				kmRateCents: 20,
				tripCapCents: 13_000,
				benefitsLimitCents: 300_000,
				budgetCents: null
			});
		});

		it('a wrong amount is told next to its field, with what was typed kept', async () => {
			const answer = (await allowanceSettings.rules({
				request: post({ ...typedRules, flatPlenaryCents: '25,999', kmRateCents: '0,20' }),
				locals: { actor: office },
				params: { conferenceId: conferenceId() }
			} as never)) as { status: number; data: { errors: Record<string, string>; values: Record<string, string> } };
			expect(answer.status).toBe(400);
			expect(Object.keys(answer.data.errors).sort()).toEqual(['flatPlenaryCents', 'kmRateCents']);
			expect(answer.data.values).toMatchObject({ flatPlenaryCents: '25,999', flatOtherCents: '15,5' });
		});

		it('a wrong IBAN on the person page is told next to the IBAN field, the input kept, nothing stored', async () => {
			const answer = (await personPageActions.payee({
				request: post({ eligible: 'on', accountHolder: 'Max Muster', iban: 'DE89 3704 0044 0532 0130 01' }),
				locals: { actor: office },
				params: { conferenceId: conferenceId(), personId: fixture.ids.advisoryMember },
				url: new URL('https://ratschlag.test/')
			} as never)) as { status: number; data: { errors: Record<string, string>; values: Record<string, string> } };
			expect(answer.status).toBe(400);
			expect(Object.keys(answer.data.errors)).toEqual(['iban']);
			expect(answer.data.values).toMatchObject({ eligible: 'on', accountHolder: 'Max Muster' });
			expect(await payeeOf(data, conferenceId(), fixture.ids.advisoryMember)).toBeNull();
		});

		it('benefits without the consent box are refused next to it', async () => {
			const answer = (await personPageActions.socialBenefits({
				request: post({ receivesBenefits: 'on' }),
				locals: { actor: office },
				params: { conferenceId: conferenceId(), personId: fixture.ids.advisoryMember }
			} as never)) as { status: number; data: { errors: Record<string, string> } };
			expect(answer.status).toBe(400);
			expect(Object.keys(answer.data.errors)).toEqual(['consent']);
			expect(await receivesBenefits(data, conferenceId(), fixture.ids.advisoryMember)).toBeNull();
		});
	});
});
