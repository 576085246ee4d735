/**
 * The life of a recommendation (Handlungsempfehlung), as pure rules shared by the database
 * schema, the commands, the policies and the pages. A working group drafts it together, agrees
 * on it, submits it to the plenary; the plenary adopts, rejects or refers it back; an adopted
 * recommendation is forwarded to the bodies that can act on it, and its implementation is
 * reported on until it is done — so that nothing vanishes in a drawer.
 */
export const RECOMMENDATION_STATUSES = ['draft', 'agreed', 'submitted', 'adopted', 'rejected', 'referred_back', 'forwarded'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** What the plenary can decide about a submitted recommendation. */
export const PLENARY_OUTCOMES = ['adopted', 'rejected', 'referred_back'] as const;
export type PlenaryOutcome = (typeof PLENARY_OUTCOMES)[number];

/** How far the implementation of an adopted recommendation has come, as its reporters see it. */
export const IMPLEMENTATION_STATES = ['planned', 'in_progress', 'done', 'stalled'] as const;
export type ImplementationState = (typeof IMPLEMENTATION_STATES)[number];

/** Every entry of a recommendation's history: the status changes, and the link to an agenda item. */
export const RECOMMENDATION_EVENTS = ['created', 'agreed', 'reopened', 'submitted', 'scheduled', 'adopted', 'rejected', 'referred_back', 'forwarded'] as const;
export type RecommendationEvent = (typeof RECOMMENDATION_EVENTS)[number];

/** The group's own steps and the plenary's and office's steps after them. */
export type Step = 'agree' | 'reopen' | 'submit' | 'schedule' | 'decide' | 'forward' | 'report';

/** While the text may still change, the group co-edits it live; a referred-back text goes back to the group. */
export const EDITABLE_STATUSES: readonly RecommendationStatus[] = ['draft', 'referred_back'];

/**
 * What the public sees: recommendations the plenary adopted, and what became of them. Drafts,
 * rejected and referred-back texts are the conference's internal business.
 */
export const PUBLIC_STATUSES: readonly RecommendationStatus[] = ['adopted', 'forwarded'];

const FROM: Record<Step, readonly RecommendationStatus[]> = {
	agree: ['draft', 'referred_back'],
	reopen: ['agreed'],
	submit: ['agreed'],
	schedule: ['submitted'],
	decide: ['submitted'],
	// Forwarded to one body after another: each forwarding is its own dated entry.
	forward: ['adopted', 'forwarded'],
	report: ['adopted', 'forwarded']
};

export function isEditable(status: RecommendationStatus): boolean {
	return EDITABLE_STATUSES.includes(status);
}

export function isPublic(status: RecommendationStatus): boolean {
	return PUBLIC_STATUSES.includes(status);
}

/** Whether a step may be taken from this status (who may take it is the policies' question). */
export function canStep(status: RecommendationStatus, step: Step): boolean {
	return FROM[step].includes(status);
}

/** The steps open from a status, in the order the pages offer them. */
export function nextSteps(status: RecommendationStatus): Step[] {
	return (Object.keys(FROM) as Step[]).filter((step) => canStep(status, step));
}

/** The resolution outcomes that carry each plenary decision; a referral needs no vote of its own. */
export function outcomeMatchesResolution(outcome: PlenaryOutcome, resolutionOutcome: string | null): boolean {
	if (outcome === 'adopted') return resolutionOutcome === 'adopted' || resolutionOutcome === 'consensus';
	if (outcome === 'rejected') return resolutionOutcome === 'rejected' || resolutionOutcome === 'no_consensus';
	return true;
}

/** The public "where does it stand": the latest implementation report, else the status itself. */
export const PUBLIC_STAGES = ['adopted', 'forwarded', ...IMPLEMENTATION_STATES] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

export function publicStage(status: RecommendationStatus, latestReport: ImplementationState | null): PublicStage | null {
	if (!isPublic(status)) return null;
	return latestReport ?? (status as 'adopted' | 'forwarded');
}

/** The texts of a recommendation, co-edited as Y.Text fields of `recommendation:<id>`. */
export const RECOMMENDATION_FIELDS = ['title', 'problem', 'proposal', 'responsibleBodies', 'easySummary'] as const;
export type RecommendationField = (typeof RECOMMENDATION_FIELDS)[number];
export type RecommendationTexts = Record<RecommendationField, string>;

/** How long each co-edited text of a recommendation may be (a live field, not a form: see `$lib/fieldLimits` for forms). */
export const RECOMMENDATION_TEXT_MAX: Record<RecommendationField, number> = {
	title: 200,
	problem: 8000,
	proposal: 8000,
	responsibleBodies: 2000,
	easySummary: 4000
};
