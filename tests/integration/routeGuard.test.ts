import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createGroupMeeting } from '../../src/lib/server/commands/createGroupMeeting';
import { createRecommendation } from '../../src/lib/server/commands/createRecommendation';
import { draftClaimOn } from '../../src/lib/server/allowances/draftClaim';
import { first, type Data } from '../../src/lib/server/db/client';
import { routeVerdict } from '../../src/lib/server/http/routeGuard';
import { ANONYMOUS, loadActorOn, type Actor } from '../../src/lib/server/policies';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';

/**
 * The route guard's verdicts on the policy fixture (two conferences, one person per role): what
 * a request may reach before anything of its route runs, asked of SQLite and of PostgreSQL. The
 * whole app is asked over HTTP in partialLoads.test.ts; this names the rules one by one.
 */
const GROUP_PAGE = '/(app)/conferences/[conferenceId]/groups/[groupId]';
const MEETING_PAGE = '/(app)/conferences/[conferenceId]/groups/[groupId]/meetings/[meetingId]';
const RECOMMENDATION_PAGE = '/(app)/conferences/[conferenceId]/groups/[groupId]/recommendations/[recommendationId]';

describe.each(DIALECTS)('route guard on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let ids: { A: string; B: string; group: string; otherGroup: string; session: string; meeting: string; draft: string; adopted: string };
	/** Money: a member's claim with a receipt, another member's, a claim of conference B, a payout batch of A. */
	let money: { ownClaim: string; othersClaim: string; foreignClaim: string; receipt: string; batch: string };

	const actor = async (name: ActorName): Promise<Actor> => (name === 'anonymous' ? ANONYMOUS : await loadActorOn(data, fixture.ids[name]));
	const verdict = async (name: ActorName, routeId: string | null, params: Record<string, string>) => routeVerdict(data, await actor(name), routeId, params);

	beforeAll(async () => {
		({ data, fixture } = on);
		const { q, t } = data;
		const A = fixture.conferenceA.id;
		const session = await createPlenarySession(data, await actor('office'), {
			conferenceId: A,
			title: 'Plenum',
			startsAt: new Date(Date.now() + 86_400_000),
			place: 'Saal',
			videoUrl: null
		});
		const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), {
			conferenceId: A,
			groupId: fixture.group.id,
			title: 'Treffen',
			startsAt: new Date(Date.now() + 86_400_000),
			durationMinutes: 60,
			place: 'Raum 2',
			videoUrl: null,
			agenda: [],
			moderatorPersonId: null,
			minuteTakerPersonId: null
		});
		const draft = await createRecommendation(data, await actor('groupMember'), {
			conferenceId: A,
			groupId: fixture.group.id,
			title: 'Entwurf'
		});
		// The plenary's decision, set straight: how it got there is recommendations.test.ts's business.
		const adopted = await createRecommendation(data, await actor('groupMember'), {
			conferenceId: A,
			groupId: fixture.group.id,
			title: 'Beschlossen'
		});
		await q.update(t.recommendations).set({ status: 'adopted' }).where(eq(t.recommendations.id, adopted.id));
		ids = {
			A,
			B: fixture.conferenceB.id,
			group: fixture.group.id,
			otherGroup: fixture.otherGroup.id,
			session: session.id,
			meeting: meeting.id,
			draft: draft.id,
			adopted: adopted.id
		};

		// Claims, a receipt and a batch set straight in the tables: how they get there is allowances-*.test.ts's business.
		const now = new Date();
		const meetingIn = async (groupId: string) =>
			first(await q.insert(t.groupMeetings).values({ groupId, title: 'Treffen', startsAt: now, durationMinutes: 60, agenda: [], place: 'Raum 3' }).returning())!
				.id;
		const claimOf = async (personId: string, groupId: string) => {
			const groupMeetingId = await meetingIn(groupId);
			return (await data.transaction(async (tx) => draftClaimOn(data, tx, { personId, meeting: { groupMeetingId }, now, actorPersonId: null })))!.claimId;
		};
		const groupOfB = first(await q.insert(t.workingGroups).values({ conferenceId: ids.B, name: 'AG Nachbarn' }).returning())!.id;
		const ownClaim = await claimOf(fixture.ids.groupMember, ids.group);
		const receipt = first(
			await q
				.insert(t.receipts)
				.values({ conferenceId: A, personId: fixture.ids.groupMember, claimId: ownClaim, contentType: 'image/png', byteSize: 1, sha256: '0'.repeat(64) })
				.returning()
		)!.id;
		const batch = first(
			await q
				.insert(t.payoutBatches)
				.values({ conferenceId: A, number: 1, messageId: 'RATSCHLAG-TEST-1', executionDate: '2026-12-01', transferCount: 0, totalCents: 0, xml: '<Document/>' })
				.returning()
		)!.id;
		money = {
			ownClaim,
			othersClaim: await claimOf(fixture.ids.votingMember, ids.group),
			foreignClaim: await claimOf(fixture.ids.otherOffice, groupOfB),
			receipt,
			batch
		};
	});

	describe('route guard', () => {
		it('sends nobody signed in away from the app and its easy pages, and lets everyone reach the public ones', async () => {
			expect(await verdict('anonymous', '/(app)/start', {})).toBe(401);
			expect(await verdict('anonymous', '/(easy)/einfach/termine', {})).toBe(401);
			expect(await verdict('anonymous', '/(app)/conferences/[conferenceId]/plenary', { conferenceId: ids.A })).toBe(401);
			expect(await verdict('anonymous', '/barrierefreiheit', {})).toBe('allowed');
			expect(await verdict('anonymous', '/oeffentlich/[conferenceId]', { conferenceId: ids.A })).toBe('allowed');
			// No route matched: SvelteKit answers 404 itself.
			expect(await verdict('anonymous', null, {})).toBe('allowed');
		});

		it('opens a conference to those who belong to it: unknown is not found, foreign is forbidden', async () => {
			const plenary = '/(app)/conferences/[conferenceId]/plenary';
			expect(await verdict('guest', plenary, { conferenceId: ids.A })).toBe('allowed');
			expect(await verdict('admin', plenary, { conferenceId: ids.A })).toBe('allowed');
			expect(await verdict('otherOffice', plenary, { conferenceId: ids.A })).toBe(403);
			expect(await verdict('otherOffice', plenary, { conferenceId: ids.B })).toBe('allowed');
			expect(await verdict('guest', plenary, { conferenceId: 'unknown' })).toBe(404);
		});

		it('takes each id only where the URL puts it, and only where the person may view it', async () => {
			expect(await verdict('votingMember', GROUP_PAGE, { conferenceId: ids.A, groupId: ids.group })).toBe('allowed');
			expect(await verdict('guest', GROUP_PAGE, { conferenceId: ids.A, groupId: ids.group })).toBe(403);
			// The other conference's office may open its own conference, not the demo group under its address.
			expect(await verdict('otherOffice', GROUP_PAGE, { conferenceId: ids.B, groupId: ids.group })).toBe(404);
			expect(await verdict('office', MEETING_PAGE, { conferenceId: ids.A, groupId: ids.otherGroup, meetingId: ids.meeting })).toBe(404);
			expect(await verdict('office', MEETING_PAGE, { conferenceId: ids.A, groupId: ids.group, meetingId: ids.meeting })).toBe('allowed');
			expect(await verdict('otherOffice', '/(app)/projector/[sessionId]', { sessionId: ids.session })).toBe(403);
			expect(await verdict('guest', '/(app)/projector/[sessionId]', { sessionId: ids.session })).toBe('allowed');
			expect(await verdict('otherOffice', '/(app)/conferences/[conferenceId]/plenary/[sessionId]', { conferenceId: ids.B, sessionId: ids.session })).toBe(404);
			expect(await verdict('otherOffice', '/(easy)/einfach/treffen/[meetingId]', { meetingId: ids.meeting })).toBe(403);
		});

		it('lets the page’s own subject decide: a guest reads an adopted recommendation under the group she may not open', async () => {
			expect(await verdict('guest', RECOMMENDATION_PAGE, { conferenceId: ids.A, groupId: ids.group, recommendationId: ids.adopted })).toBe('allowed');
			expect(await verdict('guest', GROUP_PAGE, { conferenceId: ids.A, groupId: ids.group })).toBe(403);
			// Where it is must still be right.
			expect(await verdict('guest', RECOMMENDATION_PAGE, { conferenceId: ids.A, groupId: ids.otherGroup, recommendationId: ids.adopted })).toBe(404);
			expect(await verdict('otherOffice', RECOMMENDATION_PAGE, { conferenceId: ids.A, groupId: ids.group, recommendationId: ids.adopted })).toBe(403);
		});

		it('keeps a draft recommendation to its group, and off the public pages', async () => {
			const params = { conferenceId: ids.A, groupId: ids.group, recommendationId: ids.draft };
			expect(await verdict('groupMember', RECOMMENDATION_PAGE, params)).toBe('allowed');
			expect(await verdict('votingMember', RECOMMENDATION_PAGE, params)).toBe(403);
			expect(await verdict('office', RECOMMENDATION_PAGE, { ...params, groupId: ids.otherGroup })).toBe(404);
			expect(await verdict('office', '/oeffentlich/[conferenceId]/empfehlungen/[recommendationId]', { conferenceId: ids.A, recommendationId: ids.draft })).toBe(
				404
			);
		});

		it('shows a person to the office and to themselves', async () => {
			const personPage = '/(app)/conferences/[conferenceId]/people/[personId]';
			expect(await verdict('office', personPage, { conferenceId: ids.A, personId: fixture.targetId })).toBe('allowed');
			expect(await verdict('votingMember', personPage, { conferenceId: ids.A, personId: fixture.targetId })).toBe(403);
			expect(await verdict('votingMember', personPage, { conferenceId: ids.A, personId: fixture.ids.votingMember })).toBe('allowed');
		});

		it('shows a claim and its receipts to its claimant and the office, and a payout batch to the office alone', async () => {
			const CLAIM_PAGE = '/(app)/conferences/[conferenceId]/allowances/[claimId]';
			const EASY_CLAIM = '/(easy)/einfach/geld/[claimId]';
			const RECEIPT = '/(app)/receipts/[receiptId]';
			const BATCH_PAGE = '/(app)/conferences/[conferenceId]/allowances/payouts/[batchId]';
			const SEPA_FILE = '/(app)/conferences/[conferenceId]/allowances/payouts/[batchId]/sepa.xml';
			expect(await verdict('office', CLAIM_PAGE, { conferenceId: ids.A, claimId: money.ownClaim })).toBe('allowed');
			expect(await verdict('groupMember', CLAIM_PAGE, { conferenceId: ids.A, claimId: money.ownClaim })).toBe('allowed');
			expect(await verdict('groupMember', EASY_CLAIM, { claimId: money.ownClaim })).toBe('allowed');
			// Another member's claim is not theirs to open, by either door.
			expect(await verdict('groupMember', CLAIM_PAGE, { conferenceId: ids.A, claimId: money.othersClaim })).toBe(403);
			expect(await verdict('groupMember', EASY_CLAIM, { claimId: money.othersClaim })).toBe(403);
			expect(await verdict('guest', CLAIM_PAGE, { conferenceId: ids.A, claimId: money.ownClaim })).toBe(403);
			// A claim of another conference under this conference's address is not found, even for this office.
			expect(await verdict('office', CLAIM_PAGE, { conferenceId: ids.A, claimId: money.foreignClaim })).toBe(404);
			expect(await verdict('otherOffice', CLAIM_PAGE, { conferenceId: ids.B, claimId: money.ownClaim })).toBe(404);
			expect(await verdict('otherOffice', CLAIM_PAGE, { conferenceId: ids.B, claimId: money.foreignClaim })).toBe('allowed');
			expect(await verdict('office', CLAIM_PAGE, { conferenceId: ids.A, claimId: 'unknown' })).toBe(404);

			expect(await verdict('groupMember', RECEIPT, { receiptId: money.receipt })).toBe('allowed');
			expect(await verdict('office', RECEIPT, { receiptId: money.receipt })).toBe('allowed');
			expect(await verdict('votingMember', RECEIPT, { receiptId: money.receipt })).toBe(403);
			expect(await verdict('otherOffice', RECEIPT, { receiptId: money.receipt })).toBe(403);
			expect(await verdict('anonymous', RECEIPT, { receiptId: money.receipt })).toBe(401);

			expect(await verdict('office', BATCH_PAGE, { conferenceId: ids.A, batchId: money.batch })).toBe('allowed');
			expect(await verdict('office', SEPA_FILE, { conferenceId: ids.A, batchId: money.batch })).toBe('allowed');
			for (const asker of ['moderator', 'votingMember', 'groupMember', 'guest'] as const) {
				expect(await verdict(asker, BATCH_PAGE, { conferenceId: ids.A, batchId: money.batch }), asker).toBe(403);
				expect(await verdict(asker, SEPA_FILE, { conferenceId: ids.A, batchId: money.batch }), asker).toBe(403);
			}
			expect(await verdict('otherOffice', BATCH_PAGE, { conferenceId: ids.B, batchId: money.batch })).toBe(404);
		});

		it('refuses to judge an id it has no rule for, so a new kind of id cannot slip past it', async () => {
			for (const asker of ['office', 'anonymous'] as const) {
				await expect(verdict(asker, '/(app)/conferences/[conferenceId]/surveys/[surveyId]', { conferenceId: ids.A, surveyId: 'x' })).rejects.toThrow(
					/no rule for \[surveyId\]/
				);
			}
			await expect(verdict('anonymous', '/oeffentlich/[conferenceId]/sitzungen/[sessionId]', { conferenceId: ids.A, sessionId: ids.session })).rejects.toThrow(
				/no rule for \[sessionId\]/
			);
			// Ids that are a credential of their own, or that only their page can judge, are the page's.
			expect(await verdict('guest', '/(app)/check-in/[code]', { code: 'ABC234' })).toBe('allowed');
			expect(await verdict('anonymous', '/l/[token]', { token: 'x' })).toBe('allowed');
		});
	});
});
