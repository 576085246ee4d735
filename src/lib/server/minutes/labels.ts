import { m } from '../../paraglide/messages';
import type { MinutesLabels } from '../../minutes/render';
import type { Locale } from '../../paraglide/runtime';

/**
 * The words inside stored versions ("Decisions", "Agenda point 2"): the conference's working
 * language, German, whoever's screen took the version. Pages showing the live text use the
 * reader's language.
 */
export function minutesLabels(locale: Locale = 'de'): MinutesLabels {
	const options = { locale };
	return {
		decisions: m.minutes_decisions({}, options),
		actionItems: m.minutes_action_items({}, options),
		who: m.minutes_action_who({}, options),
		due: m.minutes_action_due({}, options),
		point: (n) => m.minutes_point({ n }, options)
	};
}
