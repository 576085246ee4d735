import { invitationRoundForm } from './invitationRound';
import { participationForm } from './participation';
import { rsvpForm, rsvpOnBehalfForm } from './rsvp';
import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { BODY_SIZE_LIMIT } from '../http/bodyLimit';
import { implementationReportForm, recommendationCreateForm, recommendationDecideForm, recommendationForwardForm } from './recommendation';
import { answerFeedbackForm, feedbackForm } from './accessibilityFeedback';
import { checkInForm, openPollForm, plenarySessionForm, pointOfOrderForm, requestToSpeakForm, roomCountForm, voteForm } from './plenary';
import { conferenceForm } from './conference';
import { writeEasyTextForm } from './easyText';
import { groupForm } from './group';
import { meetingForm } from './meeting';
import { personForm } from './person';
import { allowanceRulesForm, payeeForm, payoutAccountForm } from './allowances';
import { claimLineForm } from './claimLine';
import { claimRejectForm, claimReverseForm } from './claims';
import { createDigestForm, updateDigestForm } from './digest';
import { signUpForm } from './newsletter';
import { easyCompanionForm, easyTicketForm, easyTravelForm } from '../easy/money';
import { password, requiredEmail, type Field } from './fields';

type Spec = Record<string, Field<unknown>>;

const isField = (value: unknown): value is Field<unknown> =>
	typeof value === 'object' && value !== null && typeof (value as Field<unknown>).parse === 'function';

/** Every form spec the modules of this folder export, found rather than listed, so none is missed. */
const modules = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.spec.ts', '../easy/money.ts'], { eager: true });
const specs = Object.entries(modules).flatMap(([file, exports]) =>
	Object.entries(exports)
		.filter(
			([, value]) => typeof value === 'object' && value !== null && !isField(value) && Object.values(value).length > 0 && Object.values(value).every(isField)
		)
		.map(([name, spec]) => ({ name: `${file.slice(2)} ${name}`, spec: spec as Spec }))
);

/** What a person may type into each field of a form: the fields that declare a most. */
const typedLimits = (spec: Spec) =>
	Object.fromEntries(
		Object.entries(spec).flatMap(([name, field]) =>
			// One field per item of a list, `<field>_<item>` (the detail of each need), takes the field's limit (as the pages' check reads it).
			field.maxLength === undefined ? [] : [[name.replace(/_[a-z0-9]+$/, ''), field.maxLength]]
		)
	);

/** The forms a person types into, each with the limits its page sets as `maxlength`. */
const PAGES_LIMITS: [Spec, Record<string, number>][] = [
	[conferenceForm, FIELD_LIMITS.conference],
	[groupForm, FIELD_LIMITS.group],
	[meetingForm, FIELD_LIMITS.meeting],
	[plenarySessionForm, FIELD_LIMITS.plenarySession],
	[checkInForm, FIELD_LIMITS.checkIn],
	[openPollForm, FIELD_LIMITS.openPoll],
	[voteForm, FIELD_LIMITS.vote],
	[requestToSpeakForm, FIELD_LIMITS.speakers],
	[pointOfOrderForm, FIELD_LIMITS.speakers],
	[roomCountForm, FIELD_LIMITS.roomCount],
	[personForm, FIELD_LIMITS.person],
	[recommendationCreateForm, FIELD_LIMITS.recommendationCreate],
	[recommendationDecideForm, FIELD_LIMITS.recommendationDecide],
	[recommendationForwardForm, FIELD_LIMITS.recommendationForward],
	[implementationReportForm, FIELD_LIMITS.implementationReport],
	[feedbackForm, FIELD_LIMITS.feedback],
	[answerFeedbackForm, FIELD_LIMITS.answerFeedback],
	[writeEasyTextForm, FIELD_LIMITS.easyText],
	[{ email: requiredEmail(), password: password() }, FIELD_LIMITS.signIn],
	[allowanceRulesForm, FIELD_LIMITS.allowanceRules],
	[payoutAccountForm, FIELD_LIMITS.payoutAccount],
	[payeeForm, FIELD_LIMITS.payee],
	[claimLineForm, FIELD_LIMITS.claimLine],
	[claimRejectForm, FIELD_LIMITS.claimDecision],
	[claimReverseForm, FIELD_LIMITS.claimDecision],
	[createDigestForm, FIELD_LIMITS.digest],
	[updateDigestForm, FIELD_LIMITS.digest],
	[signUpForm, FIELD_LIMITS.newsletterSignUp],
	[easyTicketForm, FIELD_LIMITS.easyMoneyAmount],
	[easyCompanionForm, FIELD_LIMITS.easyMoneyAmount],
	[easyTravelForm, FIELD_LIMITS.easyMoneyTrip],
	[invitationRoundForm, FIELD_LIMITS.invitationRound],
	[participationForm, FIELD_LIMITS.participation],
	[rsvpForm, FIELD_LIMITS.rsvp],
	[rsvpOnBehalfForm, FIELD_LIMITS.rsvp]
];

describe('field limits', () => {
	it('finds the form specs it checks', () => {
		expect(specs.length).toBeGreaterThan(20);
	});

	it('each field a person types into has the limit its page sets as maxlength', () => {
		for (const [spec, limits] of PAGES_LIMITS) expect(typedLimits(spec)).toEqual(limits);
	});

	it('no form takes typed text without a limit the pages know', () => {
		const known = new Set(PAGES_LIMITS.map(([spec]) => spec));
		for (const { name, spec } of specs) {
			if (Object.keys(typedLimits(spec)).length === 0) continue;
			expect(known.has(spec), `${name} takes typed text: pair it with its FIELD_LIMITS entry above`).toBe(true);
		}
	});

	it('the largest form, filled to every limit in the widest encoding, fits the body size limit', () => {
		// '€' is three bytes of UTF-8, nine characters percent-encoded: no character costs more
		// per unit of `maxlength` (a four-byte one counts as two). Ids and choices: 64 characters.
		const worst = specs.map(({ name, spec }) => {
			const body = new URLSearchParams();
			for (const [field, { maxLength }] of Object.entries(spec)) body.set(field, maxLength === undefined ? 'x'.repeat(64) : '€'.repeat(maxLength));
			return { name, bytes: body.toString().length };
		});
		const largest = worst.reduce((a, b) => (b.bytes > a.bytes ? b : a));
		expect(largest.bytes, `${largest.name}: ${largest.bytes} bytes`).toBeLessThan(BODY_SIZE_LIMIT);
	});
});
