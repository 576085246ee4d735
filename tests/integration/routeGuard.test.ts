import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createGroupMeeting } from '../../src/lib/server/commands/createGroupMeeting';
import { createRecommendation } from '../../src/lib/server/commands/createRecommendation';
import { recommendations } from '../../src/lib/server/db/schema';
import { routeVerdict } from '../../src/lib/server/http/routeGuard';
import { ANONYMOUS, loadActor, type Actor } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { buildFixture, type ActorName } from './support/fixture';

/**
 * The route guard's verdicts on the policy fixture (two conferences, one person per role): what
 * a request may reach before anything of its route runs. The whole app is asked over HTTP in
 * partialLoads.test.ts; this names the rules one by one.
 */
const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let ids: { A: string; B: string; group: string; otherGroup: string; session: string; meeting: string; draft: string; adopted: string };

const actor = (name: ActorName): Actor => (name === 'anonymous' ? ANONYMOUS : loadActor(db, fixture.ids[name]));
const verdict = (name: ActorName, routeId: string | null, params: Record<string, string>) => routeVerdict(db, actor(name), routeId, params);

const GROUP_PAGE = '/(app)/conferences/[conferenceId]/groups/[groupId]';
const MEETING_PAGE = '/(app)/conferences/[conferenceId]/groups/[groupId]/meetings/[meetingId]';
const RECOMMENDATION_PAGE = '/(app)/conferences/[conferenceId]/groups/[groupId]/recommendations/[recommendationId]';

beforeAll(async () => {
	fixture = await buildFixture(db);
	const A = fixture.conferenceA.id;
	const session = createPlenarySession(db, actor('office'), {
		conferenceId: A,
		title: 'Plenum',
		startsAt: new Date(Date.now() + 86_400_000),
		place: 'Saal',
		videoUrl: null
	});
	const meeting = createGroupMeeting(db, actor('groupCoordinator'), {
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
	const draft = await createRecommendation(db, actor('groupMember'), { conferenceId: A, groupId: fixture.group.id, title: 'Entwurf' });
	// The plenary's decision, set straight: how it got there is recommendations.test.ts's business.
	const adopted = await createRecommendation(db, actor('groupMember'), { conferenceId: A, groupId: fixture.group.id, title: 'Beschlossen' });
	db.update(recommendations).set({ status: 'adopted' }).where(eq(recommendations.id, adopted.id)).run();
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
});
afterAll(() => storage.cleanup());

describe('route guard', () => {
	it('sends nobody signed in away from the app and its easy pages, and lets everyone reach the public ones', () => {
		expect(verdict('anonymous', '/(app)/start', {})).toBe(401);
		expect(verdict('anonymous', '/(easy)/einfach/termine', {})).toBe(401);
		expect(verdict('anonymous', '/(app)/conferences/[conferenceId]/plenary', { conferenceId: ids.A })).toBe(401);
		expect(verdict('anonymous', '/barrierefreiheit', {})).toBe('allowed');
		expect(verdict('anonymous', '/oeffentlich/[conferenceId]', { conferenceId: ids.A })).toBe('allowed');
		// No route matched: SvelteKit answers 404 itself.
		expect(verdict('anonymous', null, {})).toBe('allowed');
	});

	it('opens a conference to those who belong to it: unknown is not found, foreign is forbidden', () => {
		const plenary = '/(app)/conferences/[conferenceId]/plenary';
		expect(verdict('guest', plenary, { conferenceId: ids.A })).toBe('allowed');
		expect(verdict('admin', plenary, { conferenceId: ids.A })).toBe('allowed');
		expect(verdict('otherOffice', plenary, { conferenceId: ids.A })).toBe(403);
		expect(verdict('otherOffice', plenary, { conferenceId: ids.B })).toBe('allowed');
		expect(verdict('guest', plenary, { conferenceId: 'unknown' })).toBe(404);
	});

	it('takes each id only where the URL puts it, and only where the person may view it', () => {
		expect(verdict('votingMember', GROUP_PAGE, { conferenceId: ids.A, groupId: ids.group })).toBe('allowed');
		expect(verdict('guest', GROUP_PAGE, { conferenceId: ids.A, groupId: ids.group })).toBe(403);
		// The other conference's office may open its own conference, not the demo group under its address.
		expect(verdict('otherOffice', GROUP_PAGE, { conferenceId: ids.B, groupId: ids.group })).toBe(404);
		expect(verdict('office', MEETING_PAGE, { conferenceId: ids.A, groupId: ids.otherGroup, meetingId: ids.meeting })).toBe(404);
		expect(verdict('office', MEETING_PAGE, { conferenceId: ids.A, groupId: ids.group, meetingId: ids.meeting })).toBe('allowed');
		expect(verdict('otherOffice', '/(app)/projector/[sessionId]', { sessionId: ids.session })).toBe(403);
		expect(verdict('guest', '/(app)/projector/[sessionId]', { sessionId: ids.session })).toBe('allowed');
		expect(verdict('otherOffice', '/(app)/conferences/[conferenceId]/plenary/[sessionId]', { conferenceId: ids.B, sessionId: ids.session })).toBe(404);
		expect(verdict('otherOffice', '/(easy)/einfach/treffen/[meetingId]', { meetingId: ids.meeting })).toBe(403);
	});

	it('lets the page’s own subject decide: a guest reads an adopted recommendation under the group she may not open', () => {
		expect(verdict('guest', RECOMMENDATION_PAGE, { conferenceId: ids.A, groupId: ids.group, recommendationId: ids.adopted })).toBe('allowed');
		expect(verdict('guest', GROUP_PAGE, { conferenceId: ids.A, groupId: ids.group })).toBe(403);
		// Where it is must still be right.
		expect(verdict('guest', RECOMMENDATION_PAGE, { conferenceId: ids.A, groupId: ids.otherGroup, recommendationId: ids.adopted })).toBe(404);
		expect(verdict('otherOffice', RECOMMENDATION_PAGE, { conferenceId: ids.A, groupId: ids.group, recommendationId: ids.adopted })).toBe(403);
	});

	it('keeps a draft recommendation to its group, and off the public pages', () => {
		const params = { conferenceId: ids.A, groupId: ids.group, recommendationId: ids.draft };
		expect(verdict('groupMember', RECOMMENDATION_PAGE, params)).toBe('allowed');
		expect(verdict('votingMember', RECOMMENDATION_PAGE, params)).toBe(403);
		expect(verdict('office', RECOMMENDATION_PAGE, { ...params, groupId: ids.otherGroup })).toBe(404);
		expect(verdict('office', '/oeffentlich/[conferenceId]/empfehlungen/[recommendationId]', { conferenceId: ids.A, recommendationId: ids.draft })).toBe(404);
	});

	it('shows a person to the office and to themselves', () => {
		const personPage = '/(app)/conferences/[conferenceId]/people/[personId]';
		expect(verdict('office', personPage, { conferenceId: ids.A, personId: fixture.targetId })).toBe('allowed');
		expect(verdict('votingMember', personPage, { conferenceId: ids.A, personId: fixture.targetId })).toBe(403);
		expect(verdict('votingMember', personPage, { conferenceId: ids.A, personId: fixture.ids.votingMember })).toBe('allowed');
	});

	it('refuses to judge an id it has no rule for, so a new kind of id cannot slip past it', () => {
		for (const asker of ['office', 'anonymous'] as const) {
			expect(() => verdict(asker, '/(app)/conferences/[conferenceId]/digests/[digestId]', { conferenceId: ids.A, digestId: 'x' })).toThrow(
				/no rule for \[digestId\]/
			);
		}
		expect(() => verdict('anonymous', '/oeffentlich/[conferenceId]/sitzungen/[sessionId]', { conferenceId: ids.A, sessionId: ids.session })).toThrow(
			/no rule for \[sessionId\]/
		);
		// Ids that are a credential of their own, or that only their page can judge, are the page's.
		expect(verdict('guest', '/(app)/check-in/[code]', { code: 'ABC234' })).toBe('allowed');
		expect(verdict('anonymous', '/l/[token]', { token: 'x' })).toBe('allowed');
	});
});
