import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, ANONYMOUS, can, loadActorOn, type Action, type Actor } from '../../src/lib/server/policies';
import type { RecommendationStatus } from '../../src/lib/recommendations/status';
import { first } from '../../src/lib/server/db/client';
import { isUniqueViolation } from '../../src/lib/server/db/uniqueViolation';
import { DIALECTS } from './support/data';
import { ACTORS, type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';

/**
 * The authorization matrix: every role against every action, allowed and refused. Actors are
 * loaded from a real database (SQLite and PostgreSQL) with loadActorOn, exactly as
 * hooks.server.ts does per request.
 */
const ALL: ActorName[] = ['anonymous', ...ACTORS];
const officeOrAdmin: ActorName[] = ['admin', 'office'];
const inConferenceA: ActorName[] = ALL.filter((a) => a !== 'anonymous' && a !== 'otherOffice');
const groupRoles: ActorName[] = ['groupCoordinator', 'groupModerator', 'minuteTaker', 'groupMember'];
const inGroup: ActorName[] = ['admin', 'office', 'groupCoordinator', 'groupModerator', 'minuteTaker', 'groupMember'];

const EXPECTED: Record<Action, ActorName[]> = {
	'account.create': ['admin'],
	'conference.create': ['admin', 'office', 'otherOffice'],
	'conference.view': inConferenceA,
	'conference.update': officeOrAdmin,
	'conference.viewAudit': officeOrAdmin,
	'person.list': officeOrAdmin,
	'person.invite': officeOrAdmin,
	'person.view': officeOrAdmin,
	'person.update': officeOrAdmin,
	'person.viewSupport': ['office'],
	'person.updateSupport': ['office'],
	'accessLink.manage': officeOrAdmin,
	'conferenceRole.assign': officeOrAdmin,
	'group.create': officeOrAdmin,
	'group.view': inConferenceA.filter((a) => a !== 'guest'),
	'group.update': ['admin', 'office', 'groupCoordinator'],
	'groupRole.assign': ['admin', 'office', 'groupCoordinator'],
	'groupNotes.read': inConferenceA.filter((a) => a !== 'guest'),
	'groupNotes.write': ['admin', 'office', 'groupCoordinator', 'groupModerator', 'minuteTaker', 'groupMember'],
	'meeting.create': ['admin', 'office', 'groupCoordinator'],
	'meeting.view': inConferenceA.filter((a) => a !== 'guest'),
	// The subject's moderator is groupModerator and its minute-taker is minuteTaker (see subjectFor).
	'meeting.update': ['admin', 'office', 'groupCoordinator', 'groupModerator'],
	'meetingAttendance.record': ['admin', 'office', 'groupCoordinator', 'minuteTaker'],
	// Minutes are asked about in the status where the action is possible (see subjectFor); the
	// office supports the group but does not write its minutes.
	'minutes.read': ['admin', 'office', ...groupRoles],
	'minutes.edit': groupRoles,
	'minutes.viewVersions': ['admin', 'office', ...groupRoles],
	'minutes.saveVersion': groupRoles,
	'minutes.restore': ['groupCoordinator', 'minuteTaker'],
	'minutes.circulate': ['groupCoordinator', 'minuteTaker'],
	'minutes.returnToDraft': ['groupCoordinator', 'minuteTaker'],
	'minutes.approve': ['groupCoordinator'],
	'recommendation.create': inGroup,
	// Asked about a draft: the group's own until it agrees on it.
	'recommendation.view': inGroup,
	'recommendation.edit': inGroup,
	'recommendation.advance': ['admin', 'office', 'groupCoordinator'],
	'recommendation.decide': ['admin', 'office', 'moderator'],
	'recommendation.forward': officeOrAdmin,
	// Members of the conference (any status) report on implementation; a guest who only works in the group does not.
	'recommendation.report': [
		'admin',
		'office',
		'moderator',
		'votingMember',
		'advisoryMember',
		'deputy',
		'easyChecker',
		'groupCoordinator',
		'groupModerator',
		'minuteTaker'
	],
	// Asked about an adopted recommendation: public, no sign-in.
	'recommendation.viewPublic': ALL,
	// Asked about a draft of a group's text written by groupMember (see subjectFor).
	'easyText.list': ['admin', 'office', 'moderator', 'newsletterEditor', 'easyChecker', ...groupRoles],
	'easyText.view': [...inGroup, 'easyChecker'],
	'easyText.write': inGroup,
	'easyText.check': ['easyChecker'],
	// Readers of the Prüfgruppe come from the target group: their names are for the office.
	'easyText.seeChecker': officeOrAdmin,
	'plenary.create': officeOrAdmin,
	'plenary.view': inConferenceA,
	'plenary.update': officeOrAdmin,
	'plenary.run': ['admin', 'office', 'moderator'],
	'plenary.planAgenda': ['admin', 'office', 'moderator'],
	'attendance.checkIn': inConferenceA.filter((a) => a !== 'admin'),
	'attendance.view': ['admin', 'office', 'moderator'],
	'speakers.request': ['moderator', 'votingMember', 'advisoryMember', 'deputy', 'easyChecker', 'groupCoordinator', 'groupModerator', 'minuteTaker'],
	'attendance.record': ['office'],
	'poll.run': ['admin', 'office', 'moderator'],
	'poll.vote': ['moderator', 'votingMember', 'deputy', 'groupCoordinator', 'minuteTaker'],
	// A sitting's minutes, asked about in the status where the action is possible, with minuteTaker
	// named for the sitting (see subjectFor). A draft is for those who write it and who ran the sitting.
	'sittingMinutes.view': ['admin', 'office', 'moderator', 'minuteTaker'],
	'sittingMinutes.edit': ['admin', 'office', 'minuteTaker'],
	'sittingMinutes.circulate': ['admin', 'office', 'minuteTaker'],
	'sittingMinutes.returnToDraft': ['admin', 'office', 'minuteTaker'],
	// The office or a moderator of the conference, never the minute-taker (a second pair of eyes).
	'sittingMinutes.approve': ['office', 'moderator'],
	'sittingMinutes.assignMinuteTaker': officeOrAdmin,
	// Hand and paper counts: those who run the session, never a member who votes.
	'poll.countRoom': ['admin', 'office', 'moderator'],
	// Anyone may send feedback on accessibility, signed in or not.
	'accessibilityFeedback.submit': ALL,
	// Asked about feedback on conference A: its office, and platform admins.
	'accessibilityFeedback.list': officeOrAdmin,
	'accessibilityFeedback.answer': officeOrAdmin,
	// The retention rule, applied across every inbox: the platform's daily purge and its admins.
	'accessibilityFeedback.purge': ['admin'],
	'metrics.view': ['admin'],
	'job.list': officeOrAdmin,
	'job.retry': officeOrAdmin,
	'self.update': [...ACTORS],
	// Money and bank data: the conference's office alone, not even platform admins.
	'allowance.configure': ['office'],
	'payee.view': ['office'],
	'payee.update': ['office'],
	'payee.eraseIbans': ['office'],
	'socialBenefits.view': ['office'],
	'socialBenefits.update': ['office'],
	'claim.list': ['office'],
	// Asked about the claims of the actor themselves (see subjectFor): everyone in conference A but the platform admin.
	'claim.listOwn': inConferenceA.filter((a) => a !== 'admin'),
	'claim.draft': ['office'],
	// Asked about votingMember's claim (see subjectFor), in the step where the action is possible; the approver was moderator.
	'claim.view': ['office', 'votingMember'],
	'claim.edit': ['office', 'votingMember'],
	'claim.submit': ['office', 'votingMember'],
	'claim.approve': ['office'],
	'claim.release': ['office'],
	'claim.reverse': ['office'],
	'receipt.view': ['office', 'votingMember'],
	'payout.list': ['office'],
	'payout.create': ['office'],
	'newsletter.manage': ['office', 'newsletterEditor'],
	'newsletter.subscribers': ['office'],
	'newsletter.subscribeSelf': inConferenceA.filter((a) => a !== 'admin'),
	'digest.create': ['office', 'newsletterEditor'],
	// Asked about a draft (see subjectFor); a published digest is everyone's, anonymous included.
	'digest.view': ['office', 'newsletterEditor'],
	'digest.write': ['office', 'newsletterEditor'],
	'digest.publish': ['office', 'newsletterEditor'],
	'digest.send': ['office', 'newsletterEditor'],
	// The steering group's rights are tried in "the steering group" below: no actor of the shared fixture sits in it.
	'member.composition': officeOrAdmin,
	'member.configureSectors': officeOrAdmin,
	'member.updateSeat': officeOrAdmin,
	'diversity.aggregates': ['office'],
	// Asked about the target person (see subjectFor): the office, never a platform admin (Art. 9).
	'diversity.view': ['office'],
	'diversity.record': ['office'],
	'invitation.manage': officeOrAdmin,
	'invitation.viewNeeds': ['office'],
	'invitation.answer': ['office'],
	// Asked about one's own invitations (see subjectFor).
	'invitation.listOwn': inConferenceA.filter((a) => a !== 'admin'),
	'recommendation.schedule': ['admin', 'office', 'moderator'],
	'participation.view': ALL
};

describe('policy matrix', () => {
	// Compares two lists the code defines: no database plays a part, so once, outside the dialects.
	it('covers every action the policies define', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
	});
});

describe.each(DIALECTS)('policies on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let fixture: Fixture;
	const actors = new Map<ActorName, Actor>();

	beforeAll(async () => {
		fixture = on.fixture;
		actors.set('anonymous', ANONYMOUS);
		for (const name of ACTORS) actors.set(name, await loadActorOn(on.data, fixture.ids[name]));
	});

	/** The subject each action is asked about in the matrix (conference A, its group, a member). */
	function subjectFor(action: Action, actorName: ActorName): never {
		const conferenceId = fixture.conferenceA.id;
		if (
			action === 'account.create' ||
			action === 'conference.create' ||
			action === 'metrics.view' ||
			action === 'accessibilityFeedback.submit' ||
			action === 'accessibilityFeedback.purge'
		)
			return null as never;
		if (action === 'claim.listOwn' || action === 'invitation.listOwn')
			return { conferenceId, personId: actorName === 'anonymous' ? 'nobody' : fixture.ids[actorName] } as never;
		if (action === 'receipt.view') return { conferenceId, personId: fixture.ids.votingMember } as never;
		if (action.startsWith('claim.') && action !== 'claim.list' && action !== 'claim.draft') {
			const status = { 'claim.approve': 'submitted', 'claim.release': 'approved', 'claim.reverse': 'paid' }[action as string] ?? 'draft';
			return { conferenceId, personId: fixture.ids.votingMember, status, approvedByPersonId: fixture.ids.moderator } as never;
		}
		if (
			action.startsWith('payee.') ||
			action.startsWith('socialBenefits.') ||
			action === 'member.updateSeat' ||
			action === 'diversity.view' ||
			action === 'diversity.record' ||
			action === 'invitation.answer'
		)
			return { conferenceId, personId: fixture.targetId } as never;
		if (action === 'digest.send') return { conferenceId, state: 'published' } as never;
		if (action.startsWith('digest.') && action !== 'digest.create') return { conferenceId, state: 'draft' } as never;
		if (action === 'self.update') return { personId: actorName === 'anonymous' ? 'nobody' : fixture.ids[actorName] } as never;
		if (action === 'recommendation.viewPublic') return { conferenceId, groupId: fixture.group.id, status: 'adopted' } as never;
		if (action.startsWith('recommendation.') && action !== 'recommendation.create')
			return { conferenceId, groupId: fixture.group.id, status: 'draft' } as never;
		if (action.startsWith('group') || action === 'meeting.create' || action === 'recommendation.create')
			return { conferenceId, groupId: fixture.group.id } as never;
		if (action.startsWith('meeting'))
			return { conferenceId, groupId: fixture.group.id, moderatorPersonId: fixture.ids.groupModerator, minuteTakerPersonId: fixture.ids.minuteTaker } as never;
		if (action.startsWith('minutes.')) {
			const status = action === 'minutes.approve' || action === 'minutes.returnToDraft' ? 'circulated' : 'draft';
			return {
				conferenceId,
				groupId: fixture.group.id,
				moderatorPersonId: fixture.ids.groupModerator,
				minuteTakerPersonId: fixture.ids.minuteTaker,
				status
			} as never;
		}
		if (action === 'easyText.view' || action === 'easyText.write' || action === 'easyText.check')
			return {
				conferenceId,
				kind: 'group_meeting',
				groupId: fixture.group.id,
				status: 'draft',
				writtenByPersonId: fixture.ids.groupMember,
				outdated: false
			} as never;
		if (action.startsWith('sittingMinutes.')) {
			const status = action === 'sittingMinutes.approve' || action === 'sittingMinutes.returnToDraft' ? 'circulated' : 'draft';
			return { conferenceId, sessionId: 'session-a', minuteTakerPersonId: fixture.ids.minuteTaker, status } as never;
		}
		if (action.startsWith('plenary.') && action !== 'plenary.create') return { conferenceId, sessionId: 'session-a' } as never;
		if (action.startsWith('attendance.') || action.startsWith('speakers.') || action.startsWith('poll.'))
			return { conferenceId, sessionId: 'session-a' } as never;
		if (action.startsWith('person') || action.startsWith('accessLink') || action.startsWith('conferenceRole'))
			return { conferenceId, personId: fixture.targetId } as never;
		return { conferenceId } as never;
	}

	describe('policy matrix', () => {
		for (const action of Object.keys(EXPECTED) as Action[]) {
			for (const actorName of ALL) {
				const allowed = EXPECTED[action].includes(actorName);
				it(`${actorName} ${allowed ? 'may' : 'may not'} ${action}`, () => {
					expect(can(actors.get(actorName)!, action, subjectFor(action, actorName))).toBe(allowed);
				});
			}
		}
	});

	describe('the steering group', () => {
		/** What sitting in the steering group adds to a voting member's rights. */
		const STEERING: Action[] = ['plenary.planAgenda', 'recommendation.schedule', 'member.composition', 'diversity.aggregates'];
		/** Asked about the actor's own person: not comparable with another member's answer. */
		const OWN: Action[] = ['claim.listOwn', 'invitation.listOwn', 'self.update', 'claim.view', 'claim.edit', 'claim.submit', 'receipt.view'];
		/** What a role in any group gives, the steering group's too. */
		const ANY_GROUP: Action[] = ['easyText.list'];
		let steering: Actor;

		beforeAll(async () => {
			const { q, t } = on.data;
			const group = first(
				await q.insert(t.workingGroups).values({ conferenceId: fixture.conferenceA.id, name: 'Lenkungsgruppe', kind: 'steering' }).returning()
			)!;
			const person = first(await q.insert(t.people).values({ displayName: 'steering' }).returning())!;
			await q.insert(t.conferenceMemberships).values({ conferenceId: fixture.conferenceA.id, personId: person.id, role: 'member', memberStatus: 'voting' });
			await q.insert(t.groupMemberships).values({ groupId: group.id, personId: person.id, role: 'member' });
			steering = await loadActorOn(on.data, person.id);
		});

		for (const action of (Object.keys(EXPECTED) as Action[]).filter((a) => !OWN.includes(a))) {
			const allowed = STEERING.includes(action) || ANY_GROUP.includes(action) || EXPECTED[action].includes('votingMember');
			it(`a member of the steering group ${allowed ? 'may' : 'may not'} ${action}`, () => {
				expect(can(steering, action, subjectFor(action, 'votingMember'))).toBe(allowed);
			});
		}

		it('gives nothing in another conference', () => {
			for (const action of STEERING)
				expect(can(steering, action, { conferenceId: fixture.conferenceB.id, sessionId: 's', groupId: 'g', status: 'agreed' } as never)).toBe(false);
		});

		it('allows only one steering group per conference', async () => {
			const { q, t } = on.data;
			const second = await q
				.insert(t.workingGroups)
				.values({ conferenceId: fixture.conferenceA.id, name: 'Zweite Lenkungsgruppe', kind: 'steering' })
				.then(
					() => null,
					(error: unknown) => error
				);
			// Was /UNIQUE/, SQLite's wording; PostgreSQL says "duplicate key" (23505): either is the unique index refusing.
			expect(isUniqueViolation(second)).toBe(true);
		});
	});

	describe('policy edges', () => {
		it('people see their own page, and nobody else’s', () => {
			const voting = actors.get('votingMember')!;
			const conferenceId = fixture.conferenceA.id;
			expect(can(voting, 'person.view', { conferenceId, personId: fixture.ids.votingMember })).toBe(true);
			expect(can(voting, 'person.view', { conferenceId, personId: fixture.ids.advisoryMember })).toBe(false);
		});

		it('nobody updates another person’s preferences through self.update', () => {
			for (const name of ACTORS) {
				expect(can(actors.get(name)!, 'self.update', { personId: fixture.targetId })).toBe(false);
			}
		});

		it('a group role opens only that group, not the others of the conference', () => {
			const groupMember = actors.get('groupMember')!;
			const conferenceId = fixture.conferenceA.id;
			expect(can(groupMember, 'group.view', { conferenceId, groupId: fixture.group.id })).toBe(true);
			expect(can(groupMember, 'group.view', { conferenceId, groupId: fixture.otherGroup.id })).toBe(false);
			const coordinator = actors.get('groupCoordinator')!;
			expect(can(coordinator, 'group.update', { conferenceId, groupId: fixture.otherGroup.id })).toBe(false);
		});

		it('office rights stop at the conference border', () => {
			const otherOffice = actors.get('otherOffice')!;
			expect(can(otherOffice, 'person.list', { conferenceId: fixture.conferenceB.id })).toBe(true);
			expect(can(otherOffice, 'person.list', { conferenceId: fixture.conferenceA.id })).toBe(false);
			expect(can(otherOffice, 'person.viewSupport', { conferenceId: fixture.conferenceA.id, personId: fixture.targetId })).toBe(false);
		});

		it('a session from an access link carries only the roles of the link’s conference, and no account rights', async () => {
			const viaLinkToA = await loadActorOn(on.data, fixture.ids.otherOffice, { conferenceId: fixture.conferenceA.id });
			expect(can(viaLinkToA, 'person.list', { conferenceId: fixture.conferenceB.id })).toBe(false);
			expect(can(viaLinkToA, 'conference.create', null)).toBe(false);
			const adminViaLink = await loadActorOn(on.data, fixture.ids.admin, { conferenceId: fixture.conferenceA.id });
			expect(adminViaLink.isPlatformAdmin).toBe(false);
			expect(can(adminViaLink, 'person.list', { conferenceId: fixture.conferenceA.id })).toBe(false);
			const officeViaLink = await loadActorOn(on.data, fixture.ids.office, { conferenceId: fixture.conferenceA.id });
			expect(can(officeViaLink, 'person.list', { conferenceId: fixture.conferenceA.id })).toBe(true);
			expect(can(officeViaLink, 'conference.create', null)).toBe(false);
		});

		it('moderating or taking the minutes of one meeting gives no rights over the next', () => {
			const conferenceId = fixture.conferenceA.id;
			const next = { conferenceId, groupId: fixture.group.id, moderatorPersonId: fixture.ids.groupMember, minuteTakerPersonId: fixture.ids.groupMember };
			expect(can(actors.get('groupModerator')!, 'meeting.update', next)).toBe(false);
			expect(can(actors.get('minuteTaker')!, 'meetingAttendance.record', next)).toBe(false);
			expect(can(actors.get('groupMember')!, 'meeting.update', next)).toBe(true);
			expect(can(actors.get('groupMember')!, 'meetingAttendance.record', next)).toBe(true);
			// Named on a meeting of a group they no longer belong to: nothing.
			const elsewhere = { ...next, groupId: fixture.otherGroup.id };
			expect(can(actors.get('groupMember')!, 'meeting.update', elsewhere)).toBe(false);
		});

		it('approval locks the minutes and opens them to the whole conference', () => {
			const base = {
				conferenceId: fixture.conferenceA.id,
				groupId: fixture.group.id,
				moderatorPersonId: fixture.ids.groupModerator,
				minuteTakerPersonId: fixture.ids.minuteTaker
			};
			const approved = { ...base, status: 'approved' as const };
			const draft = { ...base, status: 'draft' as const };
			const allowed = (action: Action, subject: typeof approved | typeof draft) => ALL.filter((name) => can(actors.get(name)!, action, subject as never));
			for (const action of [
				'minutes.edit',
				'minutes.saveVersion',
				'minutes.restore',
				'minutes.circulate',
				'minutes.approve',
				'minutes.returnToDraft'
			] as const) {
				expect(allowed(action, approved), action).toEqual([]);
			}
			expect(allowed('minutes.read', approved)).toEqual(EXPECTED['group.view']);
			expect(allowed('minutes.read', draft)).not.toContain('votingMember');
			// Each step only from the status before it.
			expect(allowed('minutes.approve', draft)).toEqual([]);
			expect(allowed('minutes.circulate', { ...base, status: 'circulated' as const } as never)).toEqual([]);
			// Taking the minutes of another meeting gives no say over these.
			const otherTaker = { ...draft, minuteTakerPersonId: fixture.ids.groupMember };
			expect(allowed('minutes.circulate', otherTaker)).toEqual(['groupCoordinator', 'groupMember']);
		});

		it('recommendations: the group drafts alone, the conference reads once it agreed, the public only what was adopted', () => {
			const conferenceId = fixture.conferenceA.id;
			const at = (status: RecommendationStatus, groupId = fixture.group.id) => ({ conferenceId, groupId, status });
			const voting = actors.get('votingMember')!;
			expect(can(voting, 'recommendation.view', at('draft'))).toBe(false);
			expect(can(voting, 'recommendation.view', at('agreed'))).toBe(true);
			// A guest does not see the groups, but does see what the plenary adopted.
			expect(can(actors.get('guest')!, 'recommendation.view', at('submitted'))).toBe(false);
			expect(can(actors.get('guest')!, 'recommendation.view', at('forwarded'))).toBe(true);
			// The text is open while drafted and again after a referral, and frozen in between.
			const member = actors.get('groupMember')!;
			expect(can(member, 'recommendation.edit', at('referred_back'))).toBe(true);
			for (const status of ['agreed', 'submitted', 'adopted', 'rejected', 'forwarded'] as const) {
				expect(can(member, 'recommendation.edit', at(status)), status).toBe(false);
				expect(can(actors.get('office')!, 'recommendation.edit', at(status)), status).toBe(false);
			}
			// The coordination of one group takes no steps for another.
			expect(can(actors.get('groupCoordinator')!, 'recommendation.advance', at('draft', fixture.otherGroup.id))).toBe(false);
			expect(can(member, 'recommendation.edit', at('draft', fixture.otherGroup.id))).toBe(false);
			for (const status of ['draft', 'agreed', 'submitted', 'rejected', 'referred_back'] as const) {
				expect(can(ANONYMOUS, 'recommendation.viewPublic', at(status)), status).toBe(false);
			}
			expect(can(ANONYMOUS, 'recommendation.view', at('adopted'))).toBe(false);
		});

		it('easy-language versions: written by those who write the text, signed off only by another reader of the Prüfgruppe', async () => {
			const conferenceId = fixture.conferenceA.id;
			const text = (kind: 'plenary_session' | 'agenda_item' | 'invitation' | 'minutes', status: 'missing' | 'draft' | 'checked' = 'draft') =>
				({
					conferenceId,
					kind,
					groupId: kind === 'minutes' ? fixture.group.id : null,
					status,
					writtenByPersonId: fixture.ids.office,
					outdated: false
				}) as const;
			const allowed = (action: Action, subject: ReturnType<typeof text>) => ALL.filter((name) => can(actors.get(name)!, action, subject as never));
			expect(allowed('easyText.write', text('agenda_item'))).toEqual(['admin', 'office', 'moderator']);
			expect(allowed('easyText.write', text('plenary_session'))).toEqual(['admin', 'office', 'moderator']);
			expect(allowed('easyText.write', text('invitation'))).toEqual(['admin', 'office']);
			expect(allowed('easyText.write', text('minutes'))).toEqual(inGroup);
			// Another group's texts are that group's.
			expect(allowed('easyText.write', { ...text('minutes'), groupId: fixture.otherGroup.id })).toEqual(['admin', 'office']);
			// Only a draft is checked: nothing to check while missing, nothing left once checked.
			expect(allowed('easyText.check', text('agenda_item'))).toEqual(['easyChecker']);
			expect(allowed('easyText.check', text('agenda_item', 'missing'))).toEqual([]);
			expect(allowed('easyText.check', text('agenda_item', 'checked'))).toEqual([]);
			// The Prüfgruppe reads what there is to read; a missing text is the writers' business.
			expect(allowed('easyText.view', text('agenda_item', 'missing'))).toEqual(['admin', 'office', 'moderator']);
			expect(allowed('easyText.view', text('agenda_item', 'checked'))).toEqual(['admin', 'office', 'moderator', 'easyChecker']);
			// Whoever wrote the text does not sign it off, and the role counts in its own conference only.
			const checker = actors.get('easyChecker')!;
			expect(can(checker, 'easyText.check', { ...text('agenda_item'), writtenByPersonId: fixture.ids.easyChecker })).toBe(false);
			expect(can(checker, 'easyText.check', { ...text('agenda_item'), conferenceId: fixture.conferenceB.id })).toBe(false);
			expect(can(checker, 'easyText.list', { conferenceId: fixture.conferenceB.id })).toBe(false);
			// A version written before its standard text changed is not signed off until its writers confirm it.
			expect(can(checker, 'easyText.check', { ...text('agenda_item'), outdated: true })).toBe(false);
			// The role opens no group's work: a reader who may not open the group neither reads nor checks its texts.
			const person = first(await on.data.q.insert(on.data.t.people).values({ displayName: 'only checker' }).returning())!;
			await on.data.q.insert(on.data.t.conferenceMemberships).values({ conferenceId, personId: person.id, role: 'easy_checker' });
			const onlyChecker = await loadActorOn(on.data, person.id);
			expect(can(onlyChecker, 'easyText.view', { ...text('minutes', 'checked') })).toBe(false);
			expect(can(onlyChecker, 'easyText.check', text('minutes'))).toBe(false);
			expect(can(onlyChecker, 'easyText.check', text('agenda_item'))).toBe(true);
		});

		it('a group role counts only for the conference the group belongs to', () => {
			const coordinator = actors.get('groupCoordinator')!;
			expect(can(coordinator, 'group.update', { conferenceId: fixture.conferenceB.id, groupId: fixture.group.id })).toBe(false);
		});

		it('accessibility feedback: each office sees its own conference’s, platform admins also what names no conference', async () => {
			const allowed = (action: 'accessibilityFeedback.list' | 'accessibilityFeedback.answer', conferenceId: string | null) =>
				ALL.filter((name) => can(actors.get(name)!, action, { conferenceId }));
			for (const action of ['accessibilityFeedback.list', 'accessibilityFeedback.answer'] as const) {
				expect(allowed(action, null), action).toEqual(['admin']);
				expect(allowed(action, fixture.conferenceB.id), action).toEqual(['admin', 'otherOffice']);
			}
			// An office reached through an access link keeps its own conference’s inbox, nothing more.
			const officeViaLink = await loadActorOn(on.data, fixture.ids.office, { conferenceId: fixture.conferenceA.id });
			expect(can(officeViaLink, 'accessibilityFeedback.answer', { conferenceId: fixture.conferenceA.id })).toBe(true);
			expect(can(officeViaLink, 'accessibilityFeedback.list', { conferenceId: null })).toBe(false);
		});

		it('background jobs: each office sees and retries its own conference’s, platform admins also those of no conference', () => {
			for (const action of ['job.list', 'job.retry'] as const) {
				expect(
					ALL.filter((name) => can(actors.get(name)!, action, { conferenceId: null })),
					action
				).toEqual(['admin']);
				expect(
					ALL.filter((name) => can(actors.get(name)!, action, { conferenceId: fixture.conferenceB.id })),
					action
				).toEqual(['admin', 'otherOffice']);
			}
		});

		it('health data stays with the office: a platform admin may not read it', () => {
			const admin = actors.get('admin')!;
			expect(can(admin, 'person.viewSupport', { conferenceId: fixture.conferenceA.id, personId: fixture.targetId })).toBe(false);
		});
	});

	describe('newsletter digests', () => {
		const draft = () => ({ conferenceId: fixture.conferenceA.id, state: 'draft' as const });
		const published = () => ({ conferenceId: fixture.conferenceA.id, state: 'published' as const });
		it('a published digest is read by everyone, signed in or not; a draft only by its editors and the office', () => {
			for (const name of ALL) expect(can(actors.get(name)!, 'digest.view', published())).toBe(true);
			expect(can(ANONYMOUS, 'digest.view', draft())).toBe(false);
			expect(can(actors.get('votingMember')!, 'digest.view', draft())).toBe(false);
		});
		it('a published digest is a record: nobody writes or publishes it again, and a draft is not sent', () => {
			for (const name of ALL) {
				expect(can(actors.get(name)!, 'digest.write', published())).toBe(false);
				expect(can(actors.get(name)!, 'digest.publish', published())).toBe(false);
				expect(can(actors.get(name)!, 'digest.send', draft())).toBe(false);
			}
		});
		it("an issue's Leichte Sprache edition is written by its editors and the office, and signed off by the Prüfgruppe", () => {
			const easy = (status: 'missing' | 'draft') => ({
				conferenceId: fixture.conferenceA.id,
				kind: 'digest' as const,
				groupId: null,
				status,
				writtenByPersonId: fixture.ids.newsletterEditor,
				outdated: false
			});
			for (const name of ALL) expect(can(actors.get(name)!, 'easyText.write', easy('draft')), name).toBe(name === 'office' || name === 'newsletterEditor');
			expect(can(actors.get('easyChecker')!, 'easyText.check', easy('draft'))).toBe(true);
			expect(can(actors.get('newsletterEditor')!, 'easyText.check', easy('draft'))).toBe(false);
		});
		it('the editors of one conference have no say in another', () => {
			const other = { conferenceId: fixture.conferenceB.id, state: 'draft' as const };
			expect(can(actors.get('newsletterEditor')!, 'digest.write', other)).toBe(false);
			expect(can(actors.get('office')!, 'newsletter.subscribers', { conferenceId: fixture.conferenceB.id })).toBe(false);
		});
	});

	describe("a sitting's minutes", () => {
		const at = (status: 'draft' | 'circulated' | 'approved', minuteTakerPersonId: string | null = fixture.ids.minuteTaker) => ({
			conferenceId: fixture.conferenceA.id,
			sessionId: 'session-a',
			minuteTakerPersonId,
			status
		});
		const allowed = (action: Action, subject: ReturnType<typeof at>) => ALL.filter((name) => can(actors.get(name)!, action, subject as never));

		it('are read by the members once circulated for corrections, and by everyone who follows the plenary once approved', () => {
			expect(allowed('sittingMinutes.view', at('circulated'))).toEqual([
				'admin',
				'office',
				'moderator',
				'votingMember',
				'advisoryMember',
				'deputy',
				'easyChecker',
				'groupCoordinator',
				'groupModerator',
				'minuteTaker'
			]);
			expect(allowed('sittingMinutes.view', at('approved'))).toEqual(EXPECTED['plenary.view']);
		});

		it('are locked once approved: nobody writes, circulates, approves again or names another minute-taker', () => {
			for (const action of [
				'sittingMinutes.edit',
				'sittingMinutes.circulate',
				'sittingMinutes.returnToDraft',
				'sittingMinutes.approve',
				'sittingMinutes.assignMinuteTaker'
			] as const)
				expect(allowed(action, at('approved')), action).toEqual([]);
			expect(allowed('sittingMinutes.approve', at('draft'))).toEqual([]);
			expect(allowed('sittingMinutes.circulate', at('circulated'))).toEqual([]);
		});

		it('are approved by a moderator only when that moderator did not take them', () => {
			expect(allowed('sittingMinutes.approve', at('circulated', fixture.ids.moderator))).toEqual(['office']);
			expect(allowed('sittingMinutes.edit', at('draft', fixture.ids.moderator))).toEqual(['admin', 'office', 'moderator']);
		});

		it('give a person named from another conference nothing, and without a minute-taker only the office writes', () => {
			expect(allowed('sittingMinutes.edit', at('draft', fixture.ids.otherOffice))).toEqual(['admin', 'office']);
			expect(allowed('sittingMinutes.edit', at('draft', null))).toEqual(['admin', 'office']);
		});
	});
});
