import type { EasyTextKind } from '../../../easy/versions';
import type { Data } from '../../db/client';

/** One participant-facing text that can have an easy version, as the overview and the editor show it. */
export interface EasySubject {
	kind: EasyTextKind;
	subjectId: string;
	conferenceId: string;
	/** The working group the text belongs to (its members write the easy version), if any. */
	groupId: string | null;
	title: string;
	/** What the text belongs to ("Plenum im März", a group's name), for telling texts apart in lists. */
	context: string | null;
	/** When it happens or happened, where that orders the list. */
	when: Date | null;
	/** The standard text the easy version is written from. */
	standardText: string;
	/** A first easy text the product already holds (a recommendation's easy summary), offered to start from. */
	startingPoint: string | null;
	/** Where the standard text is shown in the product. */
	href: string;
}

/**
 * Where the texts of one kind come from. A capability that brings participant-facing text adds
 * a source (and its kind to EASY_TEXT_KINDS); the overview, the editor and the commands follow.
 */
export interface EasySource {
	kind: EasyTextKind;
	/** The texts of this kind that participants read now or soon, for the overview. */
	list(data: Data, conferenceId: string, now: Date): Promise<EasySubject[]>;
	/** One text, or null when it does not exist (or is not participant-facing yet). */
	find(data: Data, conferenceId: string, subjectId: string): Promise<EasySubject | null>;
}

/** Texts of dates further back than this no longer show in the overview (they can still be opened). */
export const OVERVIEW_PAST_DAYS = 60;

export const since = (now: Date) => new Date(now.getTime() - OVERVIEW_PAST_DAYS * 86_400_000);
