import { EASY_SEPARATORS } from '$lib/domain/roles';
import type { ConferenceInput } from '../commands/createConference';
import { choice, optionalEmail, optionalText, requiredText } from './fields';
import type { Parsed } from './parse';

export const conferenceForm = {
	name: requiredText({ max: 200 }),
	region: requiredText({ max: 200 }),
	description: optionalText({ max: 4000, multiline: true }),
	contactEmail: optionalEmail(),
	contactPhone: optionalText({ max: 60 }),
	easySeparator: choice(EASY_SEPARATORS)
};

export function toConferenceInput(data: Extract<Parsed<typeof conferenceForm>, { ok: true }>['data']): ConferenceInput {
	return {
		name: data.name,
		region: data.region,
		description: data.description,
		settings: { easySeparator: data.easySeparator, contactEmail: data.contactEmail, contactPhone: data.contactPhone }
	};
}
