import type { Data } from '../db/client';
import { ANONYMOUS, can, type Actor } from '../policies';
import {
	campaignSubjectByIdOn,
	claimSubjectByIdOn,
	conferenceExistsOn,
	digestSubjectByIdOn,
	groupSubjectOn,
	meetingSubjectByIdOn,
	payoutBatchSubjectByIdOn,
	plenarySubjectOn,
	receiptSubjectByIdOn,
	recommendationSubjectByIdOn
} from '../policies/subjects';

/** What a request may do before anything of its route runs: go on, or be answered with this status. */
export type RouteVerdict = 'allowed' | 401 | 403 | 404;

/** Route groups for signed-in people: the app itself and its pages in easy language. */
const SIGNED_IN_AREAS = ['/(app)/', '/(easy)/'];

/**
 * Ids the page judges alone: what they name takes more than the id to know (an easy text's kind,
 * a version of the minutes), or the id is itself the credential (a personal link, a check-in code).
 */
const LEFT_TO_THE_PAGE = new Set(['kind', 'subjectId', 'number', 'code', 'token']);

/** The ids the guard itself judges, on pages for signed-in people and on public pages. */
const MEMBER_IDS = new Set([
	'conferenceId',
	'groupId',
	'meetingId',
	'sessionId',
	'recommendationId',
	'personId',
	'claimId',
	'receiptId',
	'batchId',
	'digestId',
	'campaignId'
]);
const PUBLIC_IDS = new Set(['conferenceId', 'recommendationId', 'digestId']);

type Params = Partial<Record<string, string>>;

/**
 * Decides from the matched route and its ids alone whether the request may reach the route at
 * all. SvelteKit runs a page's load without its layouts' (a data request names the nodes it
 * wants), and form actions and endpoints without any: this is the check none of them can skip.
 * Pages for signed-in people need a signed-in person; every id must exist and belong to the ids
 * before it in the URL, the conference must be the person's, and the page's own subject (its
 * deepest id) one they may view. The rules are the policies'; what a page shows of its subject is
 * still its own load's decision.
 */
export async function routeVerdict(data: Data, actor: Actor, routeId: string | null, params: Params): Promise<RouteVerdict> {
	// Nothing matched: SvelteKit answers 404 without running anything of ours.
	if (routeId === null) return 'allowed';
	const forMembers = SIGNED_IN_AREAS.some((area) => routeId.startsWith(area));
	assertRulesFor(routeId, params, forMembers ? MEMBER_IDS : PUBLIC_IDS);
	if (!forMembers) return publicVerdict(data, params);
	if (actor.personId === null) return 401;
	return membersVerdict(data, actor, routeId, params);
}

/** A new kind of id needs a rule here before its route answers anyone. */
function assertRulesFor(routeId: string, params: Params, known: Set<string>): void {
	for (const name of Object.keys(params)) {
		if (!known.has(name) && !LEFT_TO_THE_PAGE.has(name)) throw new Error(`routeGuard: no rule for [${name}] in ${routeId}`);
	}
}

async function membersVerdict(data: Data, actor: Actor, routeId: string, params: Params): Promise<RouteVerdict> {
	const { conferenceId, groupId, meetingId, sessionId, recommendationId, personId, claimId, receiptId, batchId, digestId, campaignId } = params;
	// A page is about its deepest id; the ids before it say where that is, and must be right. Who
	// may open it is the deepest id's rule (a guest reads an adopted recommendation, not its group).
	const deepest = [...routeId.matchAll(/\[(\w+)\]/g)]
		.map(([, name]) => name)
		.filter((name) => MEMBER_IDS.has(name))
		.at(-1);
	const inPlace = <S extends { conferenceId: string; groupId?: string }>(subject: S | undefined): subject is S =>
		subject !== undefined && (conferenceId === undefined || subject.conferenceId === conferenceId) && (groupId === undefined || subject.groupId === groupId);
	if (conferenceId !== undefined) {
		if (!(await conferenceExistsOn(data, conferenceId))) return 404;
		// Every page of a conference is for those who belong to it.
		if (!can(actor, 'conference.view', { conferenceId })) return 403;
	}
	if (groupId !== undefined) {
		const group = await groupSubjectOn(data, groupId);
		if (!inPlace(group)) return 404;
		if (deepest === 'groupId' && !can(actor, 'group.view', group)) return 403;
	}
	if (meetingId !== undefined) {
		const meeting = await meetingSubjectByIdOn(data, meetingId);
		if (!inPlace(meeting)) return 404;
		if (deepest === 'meetingId' && !can(actor, 'meeting.view', meeting)) return 403;
	}
	if (sessionId !== undefined) {
		const session = await plenarySubjectOn(data, sessionId);
		if (!inPlace(session)) return 404;
		if (deepest === 'sessionId' && !can(actor, 'plenary.view', session)) return 403;
	}
	if (recommendationId !== undefined) {
		const recommendation = await recommendationSubjectByIdOn(data, recommendationId);
		if (!inPlace(recommendation)) return 404;
		if (deepest === 'recommendationId' && !can(actor, 'recommendation.view', recommendation)) return 403;
	}
	// Money: a claim is its claimant's and the office's; a receipt likewise; a payout batch the office's.
	if (claimId !== undefined) {
		const claim = await claimSubjectByIdOn(data, claimId);
		if (!inPlace(claim)) return 404;
		if (deepest === 'claimId' && !can(actor, 'claim.view', claim)) return 403;
	}
	if (receiptId !== undefined) {
		const receipt = await receiptSubjectByIdOn(data, receiptId);
		if (!inPlace(receipt)) return 404;
		if (deepest === 'receiptId' && !can(actor, 'receipt.view', receipt)) return 403;
	}
	if (batchId !== undefined) {
		const batch = await payoutBatchSubjectByIdOn(data, batchId);
		if (!inPlace(batch)) return 404;
		if (deepest === 'batchId' && !can(actor, 'payout.list', batch)) return 403;
	}
	// A newsletter issue: a draft is its editors' and the office's, a published one everyone's.
	if (digestId !== undefined) {
		const digest = await digestSubjectByIdOn(data, digestId);
		if (!inPlace(digest)) return 404;
		if (deepest === 'digestId' && !can(actor, 'digest.view', digest)) return 403;
	}
	// An invitation round and its answers: the office's.
	if (campaignId !== undefined) {
		const campaign = await campaignSubjectByIdOn(data, campaignId);
		if (!inPlace(campaign)) return 404;
		if (deepest === 'campaignId' && !can(actor, 'invitation.manage', campaign)) return 403;
	}
	// A person is seen within a conference: their own page, or the office's view of them.
	if (personId !== undefined && (conferenceId === undefined || !can(actor, 'person.view', { conferenceId, personId }))) return 403;
	return 'allowed';
}

/** Public pages show what anyone may see, whoever asks: an unknown or unpublished id is not found. */
async function publicVerdict(data: Data, { conferenceId, recommendationId, digestId }: Params): Promise<RouteVerdict> {
	if (conferenceId !== undefined && !(await conferenceExistsOn(data, conferenceId))) return 404;
	if (recommendationId !== undefined) {
		const recommendation = await recommendationSubjectByIdOn(data, recommendationId);
		if (!recommendation || recommendation.conferenceId !== conferenceId || !can(ANONYMOUS, 'recommendation.viewPublic', recommendation)) return 404;
	}
	if (digestId !== undefined) {
		const digest = await digestSubjectByIdOn(data, digestId);
		if (!digest || digest.conferenceId !== conferenceId || !can(ANONYMOUS, 'digest.view', digest)) return 404;
	}
	return 'allowed';
}
