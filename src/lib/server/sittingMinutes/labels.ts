import { m } from '../../paraglide/messages';
import type { Locale } from '../../paraglide/runtime';
import type { Choice, Outcome } from '../../domain/voting';
import type { ResolutionLabels } from '../../minutes/resolutions';

/** The words around the resolutions: in stored versions the conference's working language, German (as minutesLabels). */
export function resolutionLabels(locale: Locale = 'de'): ResolutionLabels {
	const options = { locale };
	const choices: Record<Choice, string> = {
		yes: m.poll_choice_yes({}, options),
		no: m.poll_choice_no({}, options),
		abstain: m.poll_choice_abstain({}, options),
		agree: m.poll_choice_agree({}, options),
		concerns: m.poll_choice_concerns({}, options),
		object: m.poll_choice_object({}, options)
	};
	const outcomes: Record<Outcome, string> = {
		adopted: m.poll_outcome_adopted({}, options),
		rejected: m.poll_outcome_rejected({}, options),
		no_quorum: m.poll_outcome_no_quorum({}, options),
		consensus: m.poll_outcome_consensus({}, options),
		no_consensus: m.poll_outcome_no_consensus({}, options)
	};
	return {
		heading: m.sitting_minutes_resolutions_heading({}, options),
		resolution: (n) => m.sitting_minutes_resolution_number({ number: n }, options),
		item: m.sitting_minutes_resolution_item({}, options),
		motion: m.sitting_minutes_resolution_motion({}, options),
		outcomeLabel: m.sitting_minutes_resolution_outcome({}, options),
		choice: (c) => choices[c],
		outcome: (o) => outcomes[o]
	};
}
