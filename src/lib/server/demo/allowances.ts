import { and, eq, inArray } from 'drizzle-orm';
import { defaultRules } from '../../domain/allowances/amounts';
import { allowanceYear } from '../allowances/rules';
import { approveClaim } from '../commands/approveClaim';
import { addClaimLine } from '../commands/addClaimLine';
import { createPayoutBatch } from '../commands/createPayoutBatch';
import { draftClaimsForMeeting } from '../commands/draftClaimsForMeeting';
import { markMeetingPresent } from '../commands/markMeetingPresent';
import { recordSocialBenefits } from '../commands/recordSocialBenefits';
import { rejectClaim } from '../commands/rejectClaim';
import { releaseClaim } from '../commands/releaseClaim';
import { removeMeetingAttendance } from '../commands/removeMeetingAttendance';
import { saveAllowanceRules } from '../commands/saveAllowanceRules';
import { savePayoutAccount } from '../commands/savePayoutAccount';
import { submitClaim } from '../commands/submitClaim';
import { updatePayee } from '../commands/updatePayee';
import type { Db } from '../db';
import { claimLines, claims, jobs } from '../db/schema';
import { loadActor, type Actor } from '../policies';

interface AllowanceDemo {
	conferenceId: string;
	/** Sabine Krüger approves; Murat Yılmaz releases (four eyes). */
	office: Actor;
	office2: Actor;
	people: Map<string, string>;
	groups: Map<string, string>;
	lastSessionId: string;
	origin: string;
	day: (offsetDays: number, hour: number, minute?: number) => Date;
}

/**
 * The allowances of the demo's three self-advocates, taken through the same commands as in life:
 * the office sets the year's rules and its payout account, marks them eligible with their bank
 * details (Lena Maurer's allowance goes to her legal guardian's account; Ahmad Nouri receives
 * social benefits, recorded with his consent), and the claims drafted from their attendance stand
 * in every step: paid in one payout batch, released, approved, submitted, a draft to complete,
 * rejected with a reason, and one cancelled because the attendance it rested on was a mistake.
 */
export async function seedAllowances(db: Db, demo: AllowanceDemo): Promise<void> {
	const { conferenceId, office, office2, people, origin, day } = demo;
	const person = (key: string) => people.get(key)!;
	const year = allowanceYear(new Date());
	saveAllowanceRules(db, office, { conferenceId, rules: { ...defaultRules(year), budgetCents: 600_000 } });
	// Last year's sitting may fall into another year: its claims take that year's rules (the defaults).
	savePayoutAccount(db, office, { conferenceId, debtorName: 'Landkreis Musterstadt', debtorIban: 'DE89 3704 0044 0532 0130 00', debtorBic: 'COBADEFFXXX' });

	updatePayee(db, office, { conferenceId, personId: person('selfAdvocate'), eligible: true, accountHolder: 'Karin Maurer', iban: 'DE02 1203 0000 0000 2020 51' });
	updatePayee(db, office, { conferenceId, personId: person('selfAdvocate2'), eligible: true, accountHolder: 'Jürgen Albrecht', iban: 'DE02 5001 0517 5407 3249 31' });
	updatePayee(db, office, { conferenceId, personId: person('selfAdvocate3'), eligible: true, accountHolder: 'Ahmad Nouri', iban: 'DE02 1001 0010 0006 8201 01' });
	recordSocialBenefits(db, office, { conferenceId, personId: person('selfAdvocate3'), receivesBenefits: true, consent: true });

	// Marking them eligible drafted a claim for every meeting of the year they attended.
	const claimOf = (key: string, where: { sessionId: string } | { groupMeetingId: string }) =>
		db
			.select()
			.from(claims)
			.where(
				and(
					eq(claims.personId, person(key)),
					'sessionId' in where ? eq(claims.sessionId, where.sessionId) : eq(claims.groupMeetingId, where.groupMeetingId)
				)
			)
			.get();
	const meetingOf = (groupName: string) =>
		db.$client
			.prepare("SELECT id FROM group_meetings WHERE group_id = ? AND title LIKE '%Bestandsaufnahme'")
			.pluck()
			.get(demo.groups.get(groupName)!) as string;
	const access = meetingOf('AG Zugang für alle');
	const psych = meetingOf('AG Psychische Gesundheit');
	// Where a sitting of another year was not drafted by eligibility, draft it as the office would.
	await draftClaimsForMeeting(db, office, { conferenceId, meeting: { sessionId: demo.lastSessionId }, origin, now: day(-91, 20) });

	const lena = loadActor(db, person('selfAdvocate'));
	const juergen = loadActor(db, person('selfAdvocate2'));

	// The last sitting: both came by bus and train; paid in the payout batch a few weeks later.
	const lenaSitting = claimOf('selfAdvocate', { sessionId: demo.lastSessionId })!;
	await addClaimLine(db, lena, { conferenceId, claimId: lenaSitting.id, kind: 'ticket', description: 'Bus Linie 4, hin und zurück', amountCents: 560 });
	await addClaimLine(db, lena, { conferenceId, claimId: lenaSitting.id, kind: 'companion', description: 'Begleitung durch Frau Weiß (Fahrkarte)', amountCents: 560 });
	await submitClaim(db, lena, { conferenceId, claimId: lenaSitting.id, declaration: true, origin, now: day(-88, 10) });
	const juergenSitting = claimOf('selfAdvocate2', { sessionId: demo.lastSessionId })!;
	await addClaimLine(db, juergen, { conferenceId, claimId: juergenSitting.id, kind: 'travel_km', description: 'Musterstadt-Nord – Landratsamt, hin und zurück', distanceTenthKm: 236, travelMode: 'car' });
	await submitClaim(db, juergen, { conferenceId, claimId: juergenSitting.id, declaration: true, origin, now: day(-87, 9) });
	for (const claim of [lenaSitting, juergenSitting]) {
		await decideAll(db, office, conferenceId, claim.id, origin, day(-80, 11));
		await releaseClaim(db, office2, { conferenceId, claimId: claim.id, origin, now: day(-79, 9) });
	}
	await createPayoutBatch(db, office, { conferenceId, claimIds: [lenaSitting.id, juergenSitting.id], executionDate: isoDay(day(-77, 12)), origin, now: day(-78, 14) });

	// The working groups three weeks ago.
	const lenaGroup = claimOf('selfAdvocate', { groupMeetingId: access })!;
	// Lena Maurer has still to add her ticket and send it: her claim waits for her in "Mein Geld".
	void lenaGroup;
	const ahmadGroup = claimOf('selfAdvocate3', { groupMeetingId: access })!;
	await addClaimLine(db, loadActor(db, person('selfAdvocate3')), { conferenceId, claimId: ahmadGroup.id, kind: 'ticket', description: 'Tageskarte Stadtbus', amountCents: 640 });
	await submitClaim(db, office, { conferenceId, claimId: ahmadGroup.id, declaration: true, origin, now: day(-18, 10) });
	await decideAll(db, office, conferenceId, ahmadGroup.id, origin, day(-10, 10));
	await releaseClaim(db, office2, { conferenceId, claimId: ahmadGroup.id, origin, now: day(-9, 10) });

	const juergenGroup = claimOf('selfAdvocate2', { groupMeetingId: psych })!;
	await addClaimLine(db, juergen, { conferenceId, claimId: juergenGroup.id, kind: 'travel_km', description: 'mit dem Fahrrad zum Gesundheitsamt', distanceTenthKm: 84, travelMode: 'bicycle' });
	await submitClaim(db, juergen, { conferenceId, claimId: juergenGroup.id, declaration: true, origin, now: day(-19, 18) });
	await decideAll(db, office, conferenceId, juergenGroup.id, origin, day(-5, 10));

	// Ahmad Nouri was marked present at the psychiatry group by mistake: the claim drafted for it is cancelled.
	const groupId = demo.groups.get('AG Psychische Gesundheit')!;
	const minuteTaker = loadActor(db, person('selfAdvocate2'));
	markMeetingPresent(db, office, { conferenceId, groupId, meetingId: psych, personId: person('selfAdvocate3'), now: day(-21, 15) });
	await draftClaimsForMeeting(db, office, { conferenceId, meeting: { groupMeetingId: psych }, origin, now: day(-21, 17) });
	removeMeetingAttendance(db, minuteTaker, { conferenceId, groupId, meetingId: psych, personId: person('selfAdvocate3') });

	// Lena Maurer's claim for the psychiatry group's meeting she sat in as a guest: submitted, waiting for the office.
	markMeetingPresent(db, office, { conferenceId, groupId, meetingId: psych, personId: person('selfAdvocate'), now: day(-21, 14, 30) });
	await draftClaimsForMeeting(db, office, { conferenceId, meeting: { groupMeetingId: psych }, origin, now: day(-21, 17) });
	const lenaPsych = claimOf('selfAdvocate', { groupMeetingId: psych })!;
	await addClaimLine(db, lena, { conferenceId, claimId: lenaPsych.id, kind: 'ticket', description: 'Bus Linie 4', amountCents: 280 });
	await submitClaim(db, lena, { conferenceId, claimId: lenaPsych.id, declaration: true, origin, now: day(-20, 9) });

	// Jürgen Albrecht's claim for the accessibility group, which he did not attend as a member: rejected with a reason.
	markMeetingPresent(db, office, { conferenceId, groupId: demo.groups.get('AG Zugang für alle')!, meetingId: access, personId: person('selfAdvocate2'), now: day(-21, 14, 20) });
	await draftClaimsForMeeting(db, office, { conferenceId, meeting: { groupMeetingId: access }, origin, now: day(-21, 17) });
	const juergenAccess = claimOf('selfAdvocate2', { groupMeetingId: access })!;
	await submitClaim(db, juergen, { conferenceId, claimId: juergenAccess.id, declaration: true, origin, now: day(-19, 18) });
	await rejectClaim(db, office, {
		conferenceId,
		claimId: juergenAccess.id,
		reason: 'Am selben Tag haben Sie schon Geld für das Treffen der AG Psychische Gesundheit bekommen. Es gibt nur einmal Geld am Tag.',
		origin,
		now: day(-5, 11)
	});

	// History, not news: the demo mails nobody about claims of the past.
	db.delete(jobs).where(inArray(jobs.kind, ['mail.claimStep', 'allowances.draftClaims'])).run();
}

/** The office approves every open line of a submitted claim. */
async function decideAll(db: Db, office: Actor, conferenceId: string, claimId: string, origin: string, now: Date) {
	const open = db
		.select({ id: claimLines.id })
		.from(claimLines)
		.where(and(eq(claimLines.claimId, claimId), eq(claimLines.status, 'open')))
		.all();
	await approveClaim(db, office, { conferenceId, claimId, decisions: open.map((l) => ({ lineId: l.id, approve: true })), confirmOverLimit: true, origin, now });
}

function isoDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}
