import { EASY_SEPARATORS } from '$lib/domain/roles';
import { MAJORITY_RULES } from '$lib/domain/voting';
import { FIELD_LIMITS, QUORUM_PERCENT } from '$lib/fieldLimits';
import type { ConferenceInput } from '../commands/createConference';
import { choice, optionalEmail, optionalAccentColour, optionalHttpsAddress, optionalText, requiredText, wholeNumber } from './fields';
import type { Parsed } from './parse';

const max = FIELD_LIMITS.conference;

export const conferenceForm = {
	name: requiredText({ max: max.name }),
	region: requiredText({ max: max.region }),
	description: optionalText({ max: max.description, multiline: true }),
	contactEmail: optionalEmail(),
	contactPhone: optionalText({ max: max.contactPhone }),
	easySeparator: choice(EASY_SEPARATORS),
	majority: choice(MAJORITY_RULES),
	quorumPercent: wholeNumber(QUORUM_PERCENT),
	signLanguageVideoUrl: optionalHttpsAddress(),
	accentColor: optionalAccentColour()
};

export function toConferenceInput(data: Extract<Parsed<typeof conferenceForm>, { ok: true }>['data']): ConferenceInput {
	return {
		name: data.name,
		region: data.region,
		description: data.description,
		settings: {
			easySeparator: data.easySeparator,
			contactEmail: data.contactEmail,
			contactPhone: data.contactPhone,
			majority: data.majority,
			quorumPercent: data.quorumPercent,
			signLanguageVideoUrl: data.signLanguageVideoUrl,
			accentColor: data.accentColor
		}
	};
}
