import type { EasyStatus, EasyTextKind } from '../../../easy/versions';
import type { RecommendationStatus } from '../../../recommendations/status';
import type { ClaimStatus } from '../../../domain/allowances/types';

/** What an action is about. Plain ids: the policies never query, the caller resolves. */
export interface ConferenceSubject {
	conferenceId: string;
}

/** A person seen within one conference (the office's rights are per conference). */
export interface PersonSubject {
	conferenceId: string;
	personId: string;
}

export interface GroupSubject {
	conferenceId: string;
	groupId: string;
}

/** The signed-in person's own profile and sessions. */
export interface SelfSubject {
	personId: string;
}

/** A sitting of the plenary of a conference. */
export interface PlenarySubject {
	conferenceId: string;
	sessionId: string;
}

/** A meeting of a working group, with who moderates and takes the minutes this time. */
export interface MeetingSubject extends GroupSubject {
	moderatorPersonId: string | null;
	minuteTakerPersonId: string | null;
}

/** The minutes of a meeting, in the status they are in (what may be done with them depends on it). */
export interface MinutesSubject extends MeetingSubject {
	status: 'draft' | 'circulated' | 'approved';
}

/**
 * The minutes of a plenary sitting: who the office named to take them, and their status (what may
 * be done with them depends on it).
 */
export interface SittingMinutesSubject extends PlenarySubject {
	minuteTakerPersonId: string | null;
	status: 'draft' | 'circulated' | 'approved';
}

/** A recommendation of a working group, at the step it has reached. */
export interface RecommendationSubject extends GroupSubject {
	status: RecommendationStatus;
}

/**
 * The easy-language version of one text: what kind of text (and the group it belongs to, for a
 * group's texts), its status, who wrote it (who wrote a text does not check it) and whether
 * it still fits its standard text.
 */
export interface EasyTextSubject {
	conferenceId: string;
	kind: EasyTextKind;
	groupId: string | null;
	status: EasyStatus;
	writtenByPersonId: string | null;
	/** The standard text changed after the version was written: a check would sign off the old one. */
	outdated: boolean;
}

/** Accessibility feedback, about a conference or (null) about the platform as a whole. */
export interface FeedbackSubject {
	conferenceId: string | null;
}

/** Background jobs of a conference (its office's), or of none (the platform admins'). */
export interface JobSubject {
	conferenceId: string | null;
}

/**
 * A claim for an expense allowance: whose it is, the step it has reached, and who approved it
 * (four eyes: whoever approved does not release, nobody decides their own claim).
 */
export interface ClaimSubject {
	conferenceId: string;
	personId: string;
	status: ClaimStatus;
	approvedByPersonId: string | null;
}

/** One issue of a conference's newsletter: a draft is its editors', a published one everyone's. */
export interface DigestSubject {
	conferenceId: string;
	state: 'draft' | 'published';
}
