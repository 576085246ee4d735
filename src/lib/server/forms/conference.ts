import { EASY_SEPARATORS } from '$lib/domain/roles';
import { MAJORITY_RULES } from '$lib/domain/voting';
import type { ConferenceInput } from '../commands/createConference';
import { choice, optionalEmail, optionalHttpsAddress, optionalText, requiredText, wholeNumber } from './fields';
import type { Parsed } from './parse';

export const conferenceForm = {
	name: requiredText({ max: 200 }),
	region: requiredText({ max: 200 }),
	description: optionalText({ max: 4000, multiline: true }),
	contactEmail: optionalEmail(),
	contactPhone: optionalText({ max: 60 }),
	easySeparator: choice(EASY_SEPARATORS),
	majority: choice(MAJORITY_RULES),
	quorumPercent: wholeNumber({ min: 0, max: 100 }),
	signLanguageVideoUrl: optionalHttpsAddress()
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
			signLanguageVideoUrl: data.signLanguageVideoUrl
		}
	};
}
