/** The pictograms in static/pictograms/, by file name: drawn for this project, one idea each. */
export const PICTOGRAMS = [
	'information',
	'discussion',
	'decision',
	'break',
	'speak',
	'check-in',
	'calendar',
	'meetings',
	'help',
	'contact',
	'read-aloud',
	'money'
] as const;

export type Pictogram = (typeof PICTOGRAMS)[number];
