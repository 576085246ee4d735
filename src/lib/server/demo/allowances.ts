import { and, eq, inArray, like } from 'drizzle-orm';
import sharp from 'sharp';
import { defaultRules } from '../../domain/allowances/amounts';
import { allowanceYear } from '../allowances/rules';
import { approveClaim } from '../commands/approveClaim';
import { createGroupMeeting } from '../commands/createGroupMeeting';
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
import { first, type Data } from '../db/client';
import { loadActorOn, type Actor } from '../policies';

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
 * The payout account and the IBANs are valid test numbers of German banks, nobody's account.
 */
export async function seedAllowances(data: Data, demo: AllowanceDemo): Promise<void> {
	const { conferenceId, office, office2, people, origin, day } = demo;
	const person = (key: string) => people.get(key)!;
	const { claims, groupMeetings, jobs } = data.t;
	const year = allowanceYear(new Date());
	await saveAllowanceRules(data, office, { conferenceId, rules: { ...defaultRules(year), budgetCents: 600_000 } });
	// Last year's sitting may fall into another year: its claims take that year's rules (the defaults).
	await savePayoutAccount(data, office, {
		conferenceId,
		debtorName: 'Landkreis Musterstadt',
		debtorIban: 'DE89 3704 0044 0532 0130 00',
		debtorBic: 'COBADEFFXXX'
	});

	// The two who came to the last sitting were recorded on its evening: their claims for it, and the
	// flat amount in them, are from before the payout that paid them (what the batch's page shows).
	await updatePayee(data, office, {
		conferenceId,
		personId: person('selfAdvocate'),
		eligible: true,
		accountHolder: 'Karin Maurer',
		iban: 'DE75 1203 0000 1020 3040 50',
		origin,
		now: day(-91, 19)
	});
	await updatePayee(data, office, {
		conferenceId,
		personId: person('selfAdvocate2'),
		eligible: true,
		accountHolder: 'Jürgen Albrecht',
		iban: 'DE44 5001 0517 5407 3249 31',
		origin,
		now: day(-91, 19)
	});
	await updatePayee(data, office, {
		conferenceId,
		personId: person('selfAdvocate3'),
		eligible: true,
		accountHolder: 'Ahmad Nouri',
		iban: 'DE02 1001 0010 0006 8201 01',
		origin
	});
	await recordSocialBenefits(data, office, { conferenceId, personId: person('selfAdvocate3'), receivesBenefits: true, consent: true });

	// Marking them eligible drafted a claim for every meeting of the year they attended.
	const claimOf = async (key: string, where: { sessionId: string } | { groupMeetingId: string }) =>
		first(
			await data.q
				.select()
				.from(claims)
				.where(
					and(eq(claims.personId, person(key)), 'sessionId' in where ? eq(claims.sessionId, where.sessionId) : eq(claims.groupMeetingId, where.groupMeetingId))
				)
		);
	const meetingOf = async (groupName: string) =>
		first(
			await data.q
				.select({ id: groupMeetings.id })
				.from(groupMeetings)
				.where(and(eq(groupMeetings.groupId, demo.groups.get(groupName)!), like(groupMeetings.title, '%Bestandsaufnahme')))
		)!.id;
	const access = await meetingOf('AG Zugang für alle');
	const psych = await meetingOf('AG Psychische Gesundheit');
	// Where a sitting of another year was not drafted by eligibility, draft it as the office would.
	await draftClaimsForMeeting(data, office, { conferenceId, meeting: { sessionId: demo.lastSessionId }, origin, now: day(-91, 20) });

	const lena = await loadActorOn(data, person('selfAdvocate'));
	const juergen = await loadActorOn(data, person('selfAdvocate2'));

	// The last sitting: both came by bus and train; paid in the payout batch a few weeks later.
	const lenaSitting = (await claimOf('selfAdvocate', { sessionId: demo.lastSessionId }))!;
	// A photo of the ticket, as a phone sends it: the receipt route and its guard have one to serve.
	const ticketPhoto = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#f4f0e6' } })
		.png()
		.toBuffer();
	await addClaimLine(data, lena, {
		conferenceId,
		claimId: lenaSitting.id,
		kind: 'ticket',
		description: 'Bus Linie 4, hin und zurück',
		amountCents: 560,
		receipt: { bytes: new Uint8Array(ticketPhoto), name: 'fahrkarte.png' },
		now: day(-88, 9)
	});
	await addClaimLine(data, lena, {
		conferenceId,
		claimId: lenaSitting.id,
		kind: 'companion',
		description: 'Begleitung durch Frau Weiß (Fahrkarte)',
		amountCents: 560,
		now: day(-88, 9)
	});
	await submitClaim(data, lena, { conferenceId, claimId: lenaSitting.id, declaration: true, origin, now: day(-88, 10) });
	const juergenSitting = (await claimOf('selfAdvocate2', { sessionId: demo.lastSessionId }))!;
	await addClaimLine(data, juergen, {
		conferenceId,
		claimId: juergenSitting.id,
		kind: 'travel_km',
		description: 'Musterstadt-Nord – Landratsamt, hin und zurück',
		distanceTenthKm: 236,
		travelMode: 'car',
		now: day(-87, 8)
	});
	await submitClaim(data, juergen, { conferenceId, claimId: juergenSitting.id, declaration: true, origin, now: day(-87, 9) });
	for (const claim of [lenaSitting, juergenSitting]) {
		await decideAll(data, office, conferenceId, claim.id, origin, day(-80, 11));
		await releaseClaim(data, office2, { conferenceId, claimId: claim.id, origin, now: day(-79, 9) });
	}
	await createPayoutBatch(data, office, {
		conferenceId,
		claimIds: [lenaSitting.id, juergenSitting.id],
		executionDate: isoDay(day(-77, 12)),
		origin,
		now: day(-78, 14)
	});

	// The accessibility group met twice more this autumn: its kick-off (Lena Maurer and Ahmad Nouri
	// came) and a visit to practices (Lena Maurer came; Ahmad Nouri was marked present by mistake).
	const accessGroup = demo.groups.get('AG Zugang für alle')!;
	const earlier = async (title: string, offset: number) =>
		(
			await createGroupMeeting(data, office, {
				conferenceId,
				groupId: accessGroup,
				title: `AG Zugang für alle: ${title}`,
				startsAt: day(offset, 14),
				durationMinutes: 120,
				place: 'Gesundheitsamt Musterstadt, Raum 2.14',
				videoUrl: null,
				agenda: ['Begrüßung', title],
				moderatorPersonId: person('lebenshilfe'),
				minuteTakerPersonId: person('tk')
			})
		).id;
	const kickOff = await earlier('Auftakt', -49);
	const visit = await earlier('Ortstermin in zwei Praxen', -35);
	const present = async (meetingId: string, key: string, offset: number) =>
		await markMeetingPresent(data, office, {
			conferenceId,
			groupId: accessGroup,
			meetingId,
			personId: person(key),
			now: day(offset, 14),
			origin
		});
	await present(kickOff, 'selfAdvocate', -49);
	await present(kickOff, 'selfAdvocate3', -49);
	await present(visit, 'selfAdvocate', -35);
	await present(visit, 'selfAdvocate3', -35);
	for (const groupMeetingId of [kickOff, visit, access, psych])
		await draftClaimsForMeeting(data, office, { conferenceId, meeting: { groupMeetingId }, origin, now: day(-20, 9) });
	await removeMeetingAttendance(data, office, { conferenceId, groupId: accessGroup, meetingId: visit, personId: person('selfAdvocate3') });

	const ahmad = await loadActorOn(data, person('selfAdvocate3'));
	// Released by the second office member, waiting for the next payout batch.
	const ahmadKickOff = (await claimOf('selfAdvocate3', { groupMeetingId: kickOff }))!;
	await addClaimLine(data, ahmad, {
		conferenceId,
		claimId: ahmadKickOff.id,
		kind: 'ticket',
		description: 'Tageskarte Stadtbus',
		amountCents: 640,
		now: day(-45, 9)
	});
	await submitClaim(data, office, { conferenceId, claimId: ahmadKickOff.id, declaration: true, origin, now: day(-45, 10) });
	await decideAll(data, office, conferenceId, ahmadKickOff.id, origin, day(-10, 10));
	await releaseClaim(data, office2, { conferenceId, claimId: ahmadKickOff.id, origin, now: day(-9, 10) });
	// Submitted, waiting for the office.
	const ahmadLast = (await claimOf('selfAdvocate3', { groupMeetingId: access }))!;
	await addClaimLine(data, ahmad, {
		conferenceId,
		claimId: ahmadLast.id,
		kind: 'ticket',
		description: 'Tageskarte Stadtbus',
		amountCents: 640,
		now: day(-18, 9)
	});
	await submitClaim(data, ahmad, { conferenceId, claimId: ahmadLast.id, declaration: true, origin, now: day(-18, 10) });
	// Approved by one office member, waiting for the second to release it.
	const juergenGroup = (await claimOf('selfAdvocate2', { groupMeetingId: psych }))!;
	await addClaimLine(data, juergen, {
		conferenceId,
		claimId: juergenGroup.id,
		kind: 'travel_km',
		description: 'mit dem Fahrrad zum Gesundheitsamt',
		distanceTenthKm: 84,
		travelMode: 'bicycle',
		now: day(-19, 17)
	});
	await submitClaim(data, juergen, { conferenceId, claimId: juergenGroup.id, declaration: true, origin, now: day(-19, 18) });
	await decideAll(data, office, conferenceId, juergenGroup.id, origin, day(-5, 10));
	// Rejected with a reason the person can read.
	const lenaKickOff = (await claimOf('selfAdvocate', { groupMeetingId: kickOff }))!;
	await submitClaim(data, lena, { conferenceId, claimId: lenaKickOff.id, declaration: true, origin, now: day(-47, 9) });
	await rejectClaim(data, office, {
		conferenceId,
		claimId: lenaKickOff.id,
		reason: 'Für dieses Treffen hat der Werkstattrat Ihnen schon Geld gezahlt. Es gibt das Geld nur einmal.',
		origin,
		now: day(-40, 11)
	});
	// Lena Maurer's claims for the visit and for the last meeting are still drafts: she adds her
	// tickets in "Mein Geld" (two, so that the end-to-end tests each complete one of their own).

	// History, not news: the demo mails nobody about claims of the past.
	await data.q.delete(jobs).where(inArray(jobs.kind, ['mail.claimStep', 'allowances.draftClaims']));
}

/** The office approves every open line of a submitted claim. */
async function decideAll(data: Data, office: Actor, conferenceId: string, claimId: string, origin: string, now: Date) {
	const { claimLines } = data.t;
	const open = await data.q
		.select({ id: claimLines.id })
		.from(claimLines)
		.where(and(eq(claimLines.claimId, claimId), eq(claimLines.status, 'open')))
		.orderBy(claimLines.createdAt, claimLines.id);
	await approveClaim(data, office, {
		conferenceId,
		claimId,
		decisions: open.map((l) => ({ lineId: l.id, approve: true })),
		confirmOverLimit: true,
		origin,
		now
	});
}

function isoDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}
