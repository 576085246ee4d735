import type { MinutesSubject, SittingMinutesSubject } from './types';

/*
 * What turns a looked-up row into the policies' subject where the row alone does not say it all;
 * the lookups themselves are in lookupOn.ts (on the data layer, for the route guard, the pages
 * and the document server).
 */

/** A meeting's minutes without a row yet are a draft. */
export function minutesSubjectOf(found: (Omit<MinutesSubject, 'status'> & { status: MinutesSubject['status'] | null }) | undefined): MinutesSubject | null {
	return found ? { ...found, status: found.status ?? 'draft' } : null;
}

/** A sitting's minutes without a row yet are a draft with no minute taker. */
export function sittingMinutesSubjectOf(
	found: { conferenceId: string; sessionId: string; minuteTakerPersonId: string | null; status: SittingMinutesSubject['status'] | null } | undefined
): SittingMinutesSubject | null {
	return found ? { ...found, minuteTakerPersonId: found.minuteTakerPersonId ?? null, status: found.status ?? 'draft' } : null;
}
