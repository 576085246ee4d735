import { FEEDBACK_MESSAGE_MAX } from './accessibility/limits';
import { EASY_TEXT_MAX } from './easy/versions';
import { REASON_MAX } from './plenary/speakerKinds';
import { ROOM_COUNT_MAX } from './domain/voting';
import { KM_RATE_MAX_CENTS } from './domain/allowances/amounts';
import { SEPA_NAME_MAX } from './domain/allowances/types';
import { CLAIM_REASON_MAX } from './domain/allowances/decisions';

/*
 * How many characters each field a person types into may hold, per form. The server's form specs
 * (`$lib/server/forms`) validate with these numbers and the pages set them as `maxlength`, so the
 * browser never sends more than the server takes and nothing typed is lost to a refusal.
 * Shared by server and pages (and the e2e tests): relative imports only, nothing server-side.
 * A form's entry names exactly its typed fields; `server/forms/limits.spec.ts` holds every spec to it.
 */

export const EMAIL_MAX = 254;
export const PASSWORD_MAX = 1000;
export const WEB_ADDRESS_MAX = 2000;
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 4000;
const PLACE_MAX = 300;

/** A whole number typed as digits takes as many characters as its largest value has digits. */
export const digitsOf = (max: number) => String(max).length;
export const QUORUM_PERCENT = { min: 0, max: 100 } as const;
export const MEETING_MINUTES = { min: 15, max: 600 } as const;
/** A count taken in the room for one choice (hands, paper). */
export const ROOM_COUNT = { min: 0, max: ROOM_COUNT_MAX } as const;
const roomCount = digitsOf(ROOM_COUNT.max);
/** An amount in euros as typed: "100.000,00 €" is the most (MAX_CENTS). */
export const EURO_INPUT_MAX = 14;
/** A km rate in whole cents: at most KM_RATE_MAX_CENTS. */
const KM_RATE_INPUT_MAX = digitsOf(KM_RATE_MAX_CENTS);
/** 34 characters of IBAN, with room for the spaces people type in groups of four. */
const IBAN_INPUT_MAX = 42;
const BIC_INPUT_MAX = 14;

export const FIELD_LIMITS = {
	conference: {
		name: 200,
		region: 200,
		description: DESCRIPTION_MAX,
		contactEmail: EMAIL_MAX,
		contactPhone: 60,
		quorumPercent: digitsOf(QUORUM_PERCENT.max),
		signLanguageVideoUrl: WEB_ADDRESS_MAX,
		accentColor: 7
	},
	group: { name: 200, description: DESCRIPTION_MAX },
	meeting: { title: TITLE_MAX, durationMinutes: digitsOf(MEETING_MINUTES.max), place: PLACE_MAX, videoUrl: WEB_ADDRESS_MAX, agenda: DESCRIPTION_MAX },
	plenarySession: { title: TITLE_MAX, place: PLACE_MAX, videoUrl: WEB_ADDRESS_MAX },
	checkIn: { code: 20 },
	openPoll: { motion: 2000 },
	vote: { statement: 2000 },
	speakers: { reason: REASON_MAX },
	/** One field per choice; a page shows those of its poll's kind (as number fields). */
	roomCount: { yes: roomCount, no: roomCount, abstain: roomCount, agree: roomCount, concerns: roomCount, object: roomCount },
	person: { displayName: 120, email: EMAIL_MAX, organisation: 200 },
	recommendationCreate: { title: TITLE_MAX },
	recommendationDecide: { note: 1000 },
	recommendationForward: { body: 300, note: 1000 },
	implementationReport: { note: 2000 },
	feedback: { message: FEEDBACK_MESSAGE_MAX, name: 200, email: EMAIL_MAX, pageUrl: WEB_ADDRESS_MAX },
	answerFeedback: { note: 2000 },
	easyText: { body: EASY_TEXT_MAX },
	signIn: { email: EMAIL_MAX, password: PASSWORD_MAX },
	// Allowances, part C: rules and payees
	allowanceRules: {
		flatPlenaryCents: EURO_INPUT_MAX,
		flatWorkingGroupCents: EURO_INPUT_MAX,
		flatSteeringGroupCents: EURO_INPUT_MAX,
		flatOtherCents: EURO_INPUT_MAX,
		kmRateCents: KM_RATE_INPUT_MAX,
		kmRateOfficialCents: KM_RATE_INPUT_MAX,
		kmRateBicycleCents: KM_RATE_INPUT_MAX,
		tripCapCents: EURO_INPUT_MAX,
		yearlyLimitCents: EURO_INPUT_MAX,
		benefitsLimitCents: EURO_INPUT_MAX,
		budgetCents: EURO_INPUT_MAX
	},
	payoutAccount: { debtorName: SEPA_NAME_MAX, debtorIban: IBAN_INPUT_MAX, debtorBic: BIC_INPUT_MAX },
	payee: { accountHolder: SEPA_NAME_MAX, iban: IBAN_INPUT_MAX },
	/** A line added to a claim for an allowance: what it was for, the km of a trip, the euros of a ticket or receipt. */
	claimLine: { description: 300, distance: 10, amount: 14 },
	/** Why a line or claim is rejected, or a line taken back: the person reads it. */
	claimDecision: { reason: CLAIM_REASON_MAX },
	/** "Mein Geld" in Leichte Sprache: a ticket's or a companion's euros, and a trip's km, each a form of its own. */
	easyMoneyAmount: { amount: 14 },
	easyMoneyTrip: { distance: 10 },
	// Newsletter drafts (issue 17, part B)
	digest: { title: TITLE_MAX },
	// Newsletter subscribers (issue 17, part A)
	newsletterSignUp: { email: EMAIL_MAX, name: 200 },
	// Invitation rounds and their signer (issue 18, part B)
	invitationRound: { subject: 200, letterStandard: 6000, letterEasy: 6000, capacity: 6, remindDaysBefore: 2 },
	invitationSigner: { name: 120, title: 200 },
	// The steering group and "Mitmachen" (issue 18, part D); the easy texts take the easy editor's limit.
	participation: { whoCanJoin: 2000, howToJoin: 2000, whoCanJoinEasy: EASY_TEXT_MAX, howToJoinEasy: EASY_TEXT_MAX, costs: 1000 },
	// Invitations: answering (issue 18, part C). What to eat, or what else helps (a call, say).
	rsvp: { detail: 300 },
	// Members by seat (issue 18, part A): a sector's name and its target seats (0–1000)
	sector: { name: 100, target: 4 },
	// A group's target seats per sector (issue 18, part A)
	sectorTargets: { target: 4 }
} as const;
