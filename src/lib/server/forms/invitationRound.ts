import { CONFERENCE_ROLES } from '$lib/domain/roles';
import { INVITATION_CHANNELS } from '$lib/domain/members';
import { CAPACITY, RECIPIENT_KINDS, REMIND_DAYS } from '$lib/domain/invitations';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { choice, optionalChoice, optionalFutureDate, optionalId, optionalText, requiredText, type Field } from './fields';
import { selectionFrom, type RecipientSelection } from '../invitations/recipients';
import type { CreateInvitationRoundInput } from '../commands/createInvitationRound';
import type { Parsed } from './parse';
import { m } from '$lib/paraglide/messages';

const max = FIELD_LIMITS.invitationRound;

/** The date picked from the list: `plenary:<id>` or `meeting:<id>`. */
function datePick(): Field<{ target: 'plenary' | 'meeting'; id: string }> {
	return {
		parse(raw) {
			const match = /^(plenary|meeting):([a-z0-9]{1,64})$/.exec(typeof raw === 'string' ? raw.trim() : '');
			return match ? { ok: true, value: { target: match[1] as 'plenary' | 'meeting', id: match[2] } } : { ok: false, message: m.form_choose() };
		}
	};
}

function optionalWhole({ min, max }: { min: number; max: number }): Field<number | null> {
	return {
		maxLength: String(max).length,
		parse(raw) {
			const value = typeof raw === 'string' ? raw.trim() : '';
			if (!value) return { ok: true, value: null };
			const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
			return Number.isInteger(n) && n >= min && n <= max ? { ok: true, value: n } : { ok: false, message: m.form_number_range({ min, max }) };
		}
	};
}

export const recipientForm = {
	recipientKind: choice(RECIPIENT_KINDS),
	sectorId: optionalId(),
	groupId: optionalId(),
	role: optionalChoice(CONFERENCE_ROLES)
};

export const invitationRoundForm = {
	date: datePick(),
	...recipientForm,
	subject: requiredText({ max: max.subject }),
	letterStandard: requiredText({ max: max.letterStandard, multiline: true }),
	letterEasy: optionalText({ max: max.letterEasy, multiline: true }),
	capacity: optionalWhole(CAPACITY),
	answerUntil: optionalFutureDate(),
	remindDaysBefore: optionalWhole(REMIND_DAYS),
	channel: choice(INVITATION_CHANNELS)
};

type RecipientData = Extract<Parsed<typeof recipientForm>, { ok: true }>['data'];

export function toSelection(data: RecipientData): RecipientSelection | null {
	const value = data.recipientKind === 'sector' ? data.sectorId : data.recipientKind === 'group' ? data.groupId : data.role;
	if (data.recipientKind === 'role' && !value) return null;
	return selectionFrom(data.recipientKind, value);
}

export function toRoundInput(
	conferenceId: string,
	data: Extract<Parsed<typeof invitationRoundForm>, { ok: true }>['data'],
	recipients: RecipientSelection
): Omit<CreateInvitationRoundInput, 'answerUntil'> & { answerUntil: Date | null } {
	return {
		conferenceId,
		target: data.date.target,
		dateId: data.date.id,
		recipients,
		subject: data.subject,
		letterStandard: data.letterStandard,
		letterEasy: data.letterEasy,
		capacity: data.capacity,
		answerUntil: data.answerUntil,
		remindDaysBefore: data.remindDaysBefore,
		channel: data.channel
	};
}
