import { belongsToConference, hasConferenceRole, hasGroupRole, hasMemberStatus, inSteeringGroup, isOffice, type Actor } from './actor';
import { isEditable, isPublic } from '../../recommendations/status';
import type {
	ClaimSubject,
	ConferenceSubject,
	DigestSubject,
	EasyTextSubject,
	FeedbackSubject,
	JobSubject,
	GroupSubject,
	MeetingSubject,
	MinutesSubject,
	PersonSubject,
	PlenarySubject,
	RecommendationSubject,
	SelfSubject,
	SittingMinutesSubject
} from './subjects';

/**
 * Every action the product knows, with the subject it is asked about and who may do it.
 * This table is the only place a permission is decided; pages, form actions, endpoints and
 * the document server call `can`/`authorize` with these names.
 */
type Rule<S> = (actor: Actor, subject: S) => boolean;

interface RuleTable {
	'account.create': Rule<null>;
	'conference.create': Rule<null>;
	'conference.view': Rule<ConferenceSubject>;
	'conference.update': Rule<ConferenceSubject>;
	'conference.viewAudit': Rule<ConferenceSubject>;
	'person.list': Rule<ConferenceSubject>;
	'person.invite': Rule<ConferenceSubject>;
	'person.view': Rule<PersonSubject>;
	'person.update': Rule<PersonSubject>;
	'person.viewSupport': Rule<PersonSubject>;
	'person.updateSupport': Rule<PersonSubject>;
	'accessLink.manage': Rule<PersonSubject>;
	'conferenceRole.assign': Rule<PersonSubject>;
	'group.create': Rule<ConferenceSubject>;
	'group.view': Rule<GroupSubject>;
	'group.update': Rule<GroupSubject>;
	'groupRole.assign': Rule<GroupSubject>;
	'groupNotes.read': Rule<GroupSubject>;
	'groupNotes.write': Rule<GroupSubject>;
	'meeting.create': Rule<GroupSubject>;
	'meeting.view': Rule<MeetingSubject>;
	'meeting.update': Rule<MeetingSubject>;
	'meetingAttendance.record': Rule<MeetingSubject>;
	'minutes.read': Rule<MinutesSubject>;
	'minutes.edit': Rule<MinutesSubject>;
	'minutes.viewVersions': Rule<MinutesSubject>;
	'minutes.saveVersion': Rule<MinutesSubject>;
	'minutes.restore': Rule<MinutesSubject>;
	'minutes.circulate': Rule<MinutesSubject>;
	'minutes.returnToDraft': Rule<MinutesSubject>;
	'minutes.approve': Rule<MinutesSubject>;
	'recommendation.create': Rule<GroupSubject>;
	'recommendation.view': Rule<RecommendationSubject>;
	'recommendation.edit': Rule<RecommendationSubject>;
	'recommendation.advance': Rule<RecommendationSubject>;
	'recommendation.decide': Rule<RecommendationSubject>;
	'recommendation.forward': Rule<RecommendationSubject>;
	'recommendation.report': Rule<RecommendationSubject>;
	'recommendation.viewPublic': Rule<RecommendationSubject>;
	'easyText.list': Rule<ConferenceSubject>;
	'easyText.view': Rule<EasyTextSubject>;
	'easyText.write': Rule<EasyTextSubject>;
	'easyText.check': Rule<EasyTextSubject>;
	'easyText.seeChecker': Rule<ConferenceSubject>;
	'plenary.create': Rule<ConferenceSubject>;
	'plenary.view': Rule<PlenarySubject>;
	'plenary.update': Rule<PlenarySubject>;
	'plenary.run': Rule<PlenarySubject>;
	'plenary.planAgenda': Rule<PlenarySubject>;
	'attendance.checkIn': Rule<PlenarySubject>;
	'speakers.request': Rule<PlenarySubject>;
	'attendance.view': Rule<PlenarySubject>;
	'attendance.record': Rule<PlenarySubject>;
	'poll.run': Rule<PlenarySubject>;
	'poll.vote': Rule<PlenarySubject>;
	'sittingMinutes.view': Rule<SittingMinutesSubject>;
	'sittingMinutes.edit': Rule<SittingMinutesSubject>;
	'sittingMinutes.circulate': Rule<SittingMinutesSubject>;
	'sittingMinutes.returnToDraft': Rule<SittingMinutesSubject>;
	'sittingMinutes.approve': Rule<SittingMinutesSubject>;
	'sittingMinutes.assignMinuteTaker': Rule<SittingMinutesSubject>;
	'poll.countRoom': Rule<PlenarySubject>;
	'accessibilityFeedback.submit': Rule<null>;
	'accessibilityFeedback.list': Rule<FeedbackSubject>;
	'accessibilityFeedback.answer': Rule<FeedbackSubject>;
	'accessibilityFeedback.purge': Rule<null>;
	'metrics.view': Rule<null>;
	'job.list': Rule<JobSubject>;
	'job.retry': Rule<JobSubject>;
	'self.update': Rule<SelfSubject>;
	'allowance.configure': Rule<ConferenceSubject>;
	'payee.view': Rule<PersonSubject>;
	'payee.update': Rule<PersonSubject>;
	'payee.eraseIbans': Rule<ConferenceSubject>;
	'socialBenefits.view': Rule<PersonSubject>;
	'socialBenefits.update': Rule<PersonSubject>;
	'claim.list': Rule<ConferenceSubject>;
	'claim.listOwn': Rule<PersonSubject>;
	'claim.draft': Rule<ConferenceSubject>;
	'claim.view': Rule<ClaimSubject>;
	'claim.edit': Rule<ClaimSubject>;
	'claim.submit': Rule<ClaimSubject>;
	'claim.approve': Rule<ClaimSubject>;
	'claim.release': Rule<ClaimSubject>;
	'claim.reverse': Rule<ClaimSubject>;
	'receipt.view': Rule<PersonSubject>;
	'payout.list': Rule<ConferenceSubject>;
	'payout.create': Rule<ConferenceSubject>;
	'newsletter.manage': Rule<ConferenceSubject>;
	'newsletter.subscribers': Rule<ConferenceSubject>;
	'newsletter.subscribeSelf': Rule<ConferenceSubject>;
	'digest.create': Rule<ConferenceSubject>;
	'digest.view': Rule<DigestSubject>;
	'digest.write': Rule<DigestSubject>;
	'digest.publish': Rule<DigestSubject>;
	'digest.send': Rule<DigestSubject>;
	'member.composition': Rule<ConferenceSubject>;
	'member.configureSectors': Rule<ConferenceSubject>;
	'member.updateSeat': Rule<PersonSubject>;
	'diversity.aggregates': Rule<ConferenceSubject>;
	'diversity.view': Rule<PersonSubject>;
	'diversity.record': Rule<PersonSubject>;
	'invitation.manage': Rule<ConferenceSubject>;
	'invitation.viewNeeds': Rule<ConferenceSubject>;
	'invitation.answer': Rule<PersonSubject>;
	'invitation.listOwn': Rule<PersonSubject>;
	'recommendation.schedule': Rule<RecommendationSubject>;
	'participation.view': Rule<ConferenceSubject>;
}

const officeOrAdmin = (actor: Actor, s: { conferenceId: string }) => actor.isPlatformAdmin || isOffice(actor, s.conferenceId);

/** A reader of the Prüfgruppe, for a text they may read anyway: a group's texts only where they may open the group. */
const checksTexts = (actor: Actor, s: EasyTextSubject) =>
	hasConferenceRole(actor, s.conferenceId, 'easy_checker') &&
	(s.groupId === null ? belongsToConference(actor, s.conferenceId) : rules['group.view'](actor, { conferenceId: s.conferenceId, groupId: s.groupId }));

const inGroup = (actor: Actor, s: GroupSubject) => hasGroupRole(actor, s, 'coordinator', 'moderator', 'minute_taker', 'member');
/** Who keeps a meeting's minutes: the group's coordination, and the member taking them this time. */
const keepsMinutes = (actor: Actor, s: MeetingSubject) =>
	hasGroupRole(actor, s, 'coordinator') || (actor.personId !== null && inGroup(actor, s) && actor.personId === s.minuteTakerPersonId);

/** The person the office named to take a sitting's minutes (while they still belong to the conference). */
const takesSittingMinutes = (actor: Actor, s: SittingMinutesSubject) =>
	actor.personId !== null && actor.personId === s.minuteTakerPersonId && belongsToConference(actor, s.conferenceId);
/**
 * Money and bank data are the conference's office's alone, not even platform admins': the office
 * accounts for every euro to the district's treasury.
 */
const office = (actor: Actor, s: { conferenceId: string }) => isOffice(actor, s.conferenceId);
/** The claimant, while they still belong to the conference. */
const ownClaim = (actor: Actor, s: { conferenceId: string; personId: string }) =>
	actor.personId !== null && actor.personId === s.personId && belongsToConference(actor, s.conferenceId);
/** An office member deciding someone else's claim: nobody decides their own. */
const decidesFor = (actor: Actor, s: ClaimSubject) => office(actor, s) && actor.personId !== s.personId;
/** Who runs a sitting: the office and the moderators. */
/** Who makes the newsletter: its editors and the office. */
const editsNewsletter = (actor: Actor, s: { conferenceId: string }) =>
	isOffice(actor, s.conferenceId) || hasConferenceRole(actor, s.conferenceId, 'newsletter_editor');
const runsPlenary = (actor: Actor, s: { conferenceId: string }) => officeOrAdmin(actor, s) || hasConferenceRole(actor, s.conferenceId, 'moderator');

export const rules: RuleTable = {
	// Platform
	'account.create': (actor: Actor, _subject: null) => actor.isPlatformAdmin,

	// Conferences
	'conference.create': (actor: Actor, _subject: null) =>
		actor.isPlatformAdmin || (actor.hasAccount && [...actor.conferences.values()].some((c) => c.roles.has('office'))),
	'conference.view': (actor: Actor, s: ConferenceSubject) => actor.isPlatformAdmin || belongsToConference(actor, s.conferenceId),
	'conference.update': officeOrAdmin,
	'conference.viewAudit': officeOrAdmin,

	// People of a conference
	'person.list': officeOrAdmin,
	'person.invite': officeOrAdmin,
	'person.view': (actor: Actor, s: PersonSubject) => officeOrAdmin(actor, s) || actor.personId === s.personId,
	'person.update': officeOrAdmin,
	/** Health data (Art. 9 DSGVO): the office of the conference only, not even platform admins. */
	'person.viewSupport': (actor: Actor, s: PersonSubject) => isOffice(actor, s.conferenceId),
	'person.updateSupport': (actor: Actor, s: PersonSubject) => isOffice(actor, s.conferenceId),
	'accessLink.manage': officeOrAdmin,
	'conferenceRole.assign': officeOrAdmin,

	// Working groups
	'group.create': officeOrAdmin,
	'group.view': (actor: Actor, s: GroupSubject) =>
		officeOrAdmin(actor, s) ||
		hasConferenceRole(actor, s.conferenceId, 'moderator', 'member', 'newsletter_editor') ||
		hasGroupRole(actor, s, 'coordinator', 'moderator', 'minute_taker', 'member'),
	'group.update': (actor: Actor, s: GroupSubject) => officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator'),
	'groupRole.assign': (actor: Actor, s: GroupSubject) => officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator'),

	/** A group's shared notes: readable by whoever may open the group, written by its members and the office. */
	'groupNotes.read': (actor: Actor, s: GroupSubject) => rules['group.view'](actor, s),
	'groupNotes.write': (actor: Actor, s: GroupSubject) =>
		officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator', 'moderator', 'minute_taker', 'member'),

	// Meetings of a working group
	/** The coordination plans the group's meetings (the office may too). */
	'meeting.create': (actor: Actor, s: GroupSubject) => officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator'),
	'meeting.view': (actor: Actor, s: MeetingSubject) => rules['group.view'](actor, s),
	/** The meeting's own moderator may change its agenda and details, as the coordination may. */
	'meeting.update': (actor: Actor, s: MeetingSubject) =>
		rules['meeting.create'](actor, s) ||
		(actor.personId !== null && hasGroupRole(actor, s, 'coordinator', 'moderator', 'minute_taker', 'member') && actor.personId === s.moderatorPersonId),
	/** Who was there is recorded by the meeting's minute-taker, the coordination or the office. */
	'meetingAttendance.record': (actor: Actor, s: MeetingSubject) =>
		rules['meeting.create'](actor, s) ||
		(actor.personId !== null && hasGroupRole(actor, s, 'coordinator', 'moderator', 'minute_taker', 'member') && actor.personId === s.minuteTakerPersonId),

	// Minutes of a meeting (the text is the shared document `minutes:<meetingId>`)
	/** Drafts stay within the group (and the office that supports it); approved minutes are for the whole conference. */
	'minutes.read': (actor: Actor, s: MinutesSubject) => (s.status === 'approved' ? rules['group.view'](actor, s) : officeOrAdmin(actor, s) || inGroup(actor, s)),
	/** Only the group's members write its minutes, and only until they are approved: approval locks them. */
	'minutes.edit': (actor: Actor, s: MinutesSubject) => s.status !== 'approved' && inGroup(actor, s),
	'minutes.viewVersions': (actor: Actor, s: MinutesSubject) => officeOrAdmin(actor, s) || inGroup(actor, s),
	'minutes.saveVersion': (actor: Actor, s: MinutesSubject) => rules['minutes.edit'](actor, s),
	/** Bringing back an earlier text replaces everyone's: the coordination or this meeting's minute-taker. */
	'minutes.restore': (actor: Actor, s: MinutesSubject) => s.status !== 'approved' && keepsMinutes(actor, s),
	'minutes.circulate': (actor: Actor, s: MinutesSubject) => s.status === 'draft' && keepsMinutes(actor, s),
	'minutes.returnToDraft': (actor: Actor, s: MinutesSubject) => s.status === 'circulated' && keepsMinutes(actor, s),
	/** Approval is the coordination's, once the minutes went round for corrections. */
	'minutes.approve': (actor: Actor, s: MinutesSubject) => s.status === 'circulated' && hasGroupRole(actor, s, 'coordinator'),

	// Recommendations of a working group
	/** Any member of the group may start a draft; the whole group writes it. */
	'recommendation.create': (actor: Actor, s: GroupSubject) => officeOrAdmin(actor, s) || inGroup(actor, s),
	/**
	 * A draft is the group's own until it agrees on it; from then on whoever may open the group
	 * reads it. Guests, who do not see the groups, read what the plenary adopted.
	 */
	'recommendation.view': (actor: Actor, s: RecommendationSubject) =>
		officeOrAdmin(actor, s) ||
		inGroup(actor, s) ||
		(s.status !== 'draft' && rules['group.view'](actor, s)) ||
		(isPublic(s.status) && belongsToConference(actor, s.conferenceId)),
	/** Co-editing the texts: the group's members (and the office), only while the text is still open. */
	'recommendation.edit': (actor: Actor, s: RecommendationSubject) => isEditable(s.status) && (officeOrAdmin(actor, s) || inGroup(actor, s)),
	/** The group's own steps (agree, reopen, submit to the plenary) are taken by its coordination. */
	'recommendation.advance': (actor: Actor, s: RecommendationSubject) => officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator'),
	/** Putting it on an agenda item and recording the plenary's decision: whoever runs the plenary. */
	'recommendation.decide': (actor: Actor, s: RecommendationSubject) => officeOrAdmin(actor, s) || hasConferenceRole(actor, s.conferenceId, 'moderator'),
	/** Sending an adopted recommendation on to council, Kreistag or state bodies is the office's job. */
	'recommendation.forward': officeOrAdmin,
	/**
	 * Members implement recommendations voluntarily and report how far they got; the group's
	 * coordination and the office keep track too.
	 */
	'recommendation.report': (actor: Actor, s: RecommendationSubject) =>
		officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator') || hasConferenceRole(actor, s.conferenceId, 'member'),
	/** The public sees what the plenary adopted and what became of it: nothing else, and no sign-in needed. */
	'recommendation.viewPublic': (_actor: Actor, s: RecommendationSubject) => isPublic(s.status),

	// Easy-language versions of participant-facing texts
	/** The overview of texts and their easy versions: whoever writes or checks any of them. */
	'easyText.list': (actor: Actor, s: ConferenceSubject) =>
		officeOrAdmin(actor, s) ||
		hasConferenceRole(actor, s.conferenceId, 'moderator', 'easy_checker', 'newsletter_editor') ||
		[...actor.groups.values()].some((group) => group.conferenceId === s.conferenceId),
	/**
	 * A text and its easy version: whoever writes it, and the Prüfgruppe once there is something
	 * to read, where its readers may read the text itself (the role opens no group's work).
	 */
	'easyText.view': (actor: Actor, s: EasyTextSubject) => rules['easyText.write'](actor, s) || (s.status !== 'missing' && checksTexts(actor, s)),
	/**
	 * An easy version is written by those who write the text itself: a group's texts by its
	 * members, the plenary's by the office and the moderators, the invitation by the office, a
	 * newsletter issue's by its editors and the office.
	 */
	'easyText.write': (actor: Actor, s: EasyTextSubject) => {
		if (s.kind === 'invitation') return officeOrAdmin(actor, s);
		if (s.kind === 'digest') return editsNewsletter(actor, s);
		if (s.kind === 'plenary_session' || s.kind === 'agenda_item') return officeOrAdmin(actor, s) || hasConferenceRole(actor, s.conferenceId, 'moderator');
		return s.groupId !== null && (officeOrAdmin(actor, s) || inGroup(actor, { conferenceId: s.conferenceId, groupId: s.groupId }));
	},
	/**
	 * A text counts as Leichte Sprache once a reader of the Prüfgruppe checked it: a draft, by
	 * someone who did not write it. Nobody else can sign it off, not even the office.
	 */
	'easyText.check': (actor: Actor, s: EasyTextSubject) =>
		s.status === 'draft' && !s.outdated && checksTexts(actor, s) && actor.personId !== null && actor.personId !== s.writtenByPersonId,
	/**
	 * Who checked a text: readers of the Prüfgruppe come from the target group, so their names
	 * say something about them. The office, which organises the group, sees them; others read
	 * that the Prüfgruppe checked it.
	 */
	'easyText.seeChecker': officeOrAdmin,

	// Plenary sessions
	'plenary.create': officeOrAdmin,
	'plenary.view': (actor: Actor, s: PlenarySubject) => actor.isPlatformAdmin || belongsToConference(actor, s.conferenceId),
	'plenary.update': officeOrAdmin,
	/** Running a sitting live: the current item, the list of speakers, announcements and the projector. */
	'plenary.run': (actor: Actor, s: PlenarySubject) => runsPlenary(actor, s),
	/**
	 * The agenda is planned together by the office, the moderators and the steering group, live in
	 * `plenary:<id>`; the steering group changes only the agenda there (the kind's `partialWrite`).
	 */
	'plenary.planAgenda': (actor: Actor, s: PlenarySubject) => runsPlenary(actor, s) || inSteeringGroup(actor, s.conferenceId),
	/** Everyone who belongs to the conference checks themselves in (attendance is what allowances are paid on). */
	'attendance.checkIn': (actor: Actor, s: PlenarySubject) => belongsToConference(actor, s.conferenceId),
	/** Asking to speak in the plenary: members and moderators (being checked in is checked by the command). */
	'speakers.request': (actor: Actor, s: PlenarySubject) => hasConferenceRole(actor, s.conferenceId, 'member', 'moderator'),
	/** Who is in the room: the office, and the moderators who need the quorum. */
	'attendance.view': (actor: Actor, s: PlenarySubject) => officeOrAdmin(actor, s) || hasConferenceRole(actor, s.conferenceId, 'moderator'),
	/** Marking someone present or absent by hand: the office keeps the list. */
	'attendance.record': (actor: Actor, s: PlenarySubject) => isOffice(actor, s.conferenceId),
	/** Opening, closing and cancelling polls: whoever runs the session. */
	'poll.run': (actor: Actor, s: PlenarySubject) => officeOrAdmin(actor, s) || hasConferenceRole(actor, s.conferenceId, 'moderator'),
	/**
	 * Casting a vote: voting members, and deputies (who vote for their member when that member
	 * is absent). Being checked in and the seat being free are checked by castVote.
	 */
	'poll.vote': (actor: Actor, s: PlenarySubject) => hasMemberStatus(actor, s.conferenceId, 'voting', 'deputy'),
	/**
	 * Entering what was counted in the room (hands, paper) for people without a device: those who
	 * run the session, who see the room. Like the poll itself, never a member for their own vote.
	 */
	'poll.countRoom': (actor: Actor, s: PlenarySubject) => officeOrAdmin(actor, s) || hasConferenceRole(actor, s.conferenceId, 'moderator'),

	// Minutes of a plenary sitting (the text is the shared document `sittingminutes:<sessionId>`)
	/**
	 * A draft is read by those who write it and those who ran the sitting; circulated minutes also
	 * by the conference's members, who are asked for corrections; approved minutes by everyone who
	 * follows the plenary, as its resolutions are.
	 */
	'sittingMinutes.view': (actor: Actor, s: SittingMinutesSubject) =>
		s.status === 'approved'
			? rules['plenary.view'](actor, s)
			: runsPlenary(actor, s) || takesSittingMinutes(actor, s) || (s.status === 'circulated' && hasConferenceRole(actor, s.conferenceId, 'member')),
	/** The named minute-taker writes them, and the office may (it stands in); approval locks them. */
	'sittingMinutes.edit': (actor: Actor, s: SittingMinutesSubject) => s.status !== 'approved' && (officeOrAdmin(actor, s) || takesSittingMinutes(actor, s)),
	'sittingMinutes.circulate': (actor: Actor, s: SittingMinutesSubject) => s.status === 'draft' && (officeOrAdmin(actor, s) || takesSittingMinutes(actor, s)),
	'sittingMinutes.returnToDraft': (actor: Actor, s: SittingMinutesSubject) =>
		s.status === 'circulated' && (officeOrAdmin(actor, s) || takesSittingMinutes(actor, s)),
	/**
	 * Approval is the conference's, by those who ran the sitting (the office or a moderator), and
	 * never by the person who wrote them: a second pair of eyes signs the record.
	 */
	'sittingMinutes.approve': (actor: Actor, s: SittingMinutesSubject) =>
		s.status === 'circulated' &&
		(isOffice(actor, s.conferenceId) || hasConferenceRole(actor, s.conferenceId, 'moderator')) &&
		actor.personId !== s.minuteTakerPersonId,
	/** The office names the minute-taker for each sitting (and may name another until the minutes are approved). */
	'sittingMinutes.assignMinuteTaker': (actor: Actor, s: SittingMinutesSubject) => s.status !== 'approved' && officeOrAdmin(actor, s),

	// Accessibility feedback (BITV 2.0 § 7)
	/** The feedback channel must be open to everyone, without an account or a sign-in. */
	'accessibilityFeedback.submit': (_actor: Actor, _subject: null) => true,
	/**
	 * Feedback about a conference is read and answered by its office (platform admins help);
	 * feedback that names no conference has no office, so platform admins take it.
	 */
	'accessibilityFeedback.list': (actor: Actor, s: FeedbackSubject) =>
		s.conferenceId === null ? actor.isPlatformAdmin : officeOrAdmin(actor, { conferenceId: s.conferenceId }),
	'accessibilityFeedback.answer': (actor: Actor, s: FeedbackSubject) => rules['accessibilityFeedback.list'](actor, s),
	/** Applying the retention rule across all inboxes: the platform (its daily purge) and its admins. */
	'accessibilityFeedback.purge': (actor: Actor, _subject: null) => actor.isPlatformAdmin,

	// Operations
	/** Prometheus metrics of the running server: platform admins (or a configured token). */
	'metrics.view': (actor: Actor, _subject: null) => actor.isPlatformAdmin,
	/** Failed background jobs (a mail that did not go out): the conference's office; jobs of no conference, platform admins. */
	'job.list': (actor: Actor, s: JobSubject) => (s.conferenceId === null ? actor.isPlatformAdmin : officeOrAdmin(actor, { conferenceId: s.conferenceId })),
	'job.retry': (actor: Actor, s: JobSubject) => rules['job.list'](actor, s),

	// One's own profile and sessions
	'self.update': (actor: Actor, s: SelfSubject) => actor.personId !== null && actor.personId === s.personId,
	// Expense allowances (Aufwandsentschädigung): rules and payees are the office's
	'allowance.configure': office,
	/** Account holder and IBAN: the office only. */
	'payee.view': office,
	'payee.update': office,
	'payee.eraseIbans': office,
	/** "Receives social benefits" tells of a person's means: the office only, like health data. */
	'socialBenefits.view': office,
	'socialBenefits.update': office,
	// Claims
	'claim.list': office,
	/** "Mein Geld": one's own claims and yearly total. */
	'claim.listOwn': ownClaim,
	/** Drafting the claims of a meeting now (they are drafted after every meeting anyway). */
	'claim.draft': office,
	'claim.view': (actor: Actor, s: ClaimSubject) => office(actor, s) || ownClaim(actor, s),
	/** Lines, tickets and receipts are added to a draft by the person, or by the office on their behalf. */
	'claim.edit': (actor: Actor, s: ClaimSubject) => s.status === 'draft' && (office(actor, s) || ownClaim(actor, s)),
	'claim.submit': (actor: Actor, s: ClaimSubject) => s.status === 'draft' && (office(actor, s) || ownClaim(actor, s)),
	/** Approving (line by line) or rejecting: an office member, never on their own claim. */
	'claim.approve': (actor: Actor, s: ClaimSubject) => s.status === 'submitted' && decidesFor(actor, s),
	/** Four eyes: released by a different office member than the one who approved. */
	'claim.release': (actor: Actor, s: ClaimSubject) => s.status === 'approved' && decidesFor(actor, s) && actor.personId !== s.approvedByPersonId,
	/** A decided line is never changed, only reversed by a counter-entry with a reason. */
	'claim.reverse': (actor: Actor, s: ClaimSubject) => (s.status === 'approved' || s.status === 'released' || s.status === 'paid') && decidesFor(actor, s),
	/** Receipts and ticket photos: the person they belong to, and the office. */
	'receipt.view': (actor: Actor, s: PersonSubject) => office(actor, s) || ownClaim(actor, s),
	'payout.list': office,
	'payout.create': office,
	// Newsletter: editors and the office write and send; what is published is everyone's.
	'newsletter.manage': editsNewsletter,
	/** Subscribers' addresses, their consent log, export and erasure on request: the office only. */
	'newsletter.subscribers': office,
	/** A member subscribes from their account page, with the address the conference knows. */
	'newsletter.subscribeSelf': (actor: Actor, s: ConferenceSubject) => actor.personId !== null && belongsToConference(actor, s.conferenceId),
	'digest.create': editsNewsletter,
	'digest.view': (actor: Actor, s: DigestSubject) => s.state === 'published' || editsNewsletter(actor, s),
	/** A published digest is a record: nobody edits it. */
	'digest.write': (actor: Actor, s: DigestSubject) => s.state === 'draft' && editsNewsletter(actor, s),
	'digest.publish': (actor: Actor, s: DigestSubject) => s.state === 'draft' && editsNewsletter(actor, s),
	/** Pausing and resuming the sending of a published digest. */
	'digest.send': (actor: Actor, s: DigestSubject) => s.state === 'published' && editsNewsletter(actor, s),

	// Members, seats and who takes part
	/** Target and actual seats per sector: the office and the steering group, who invite on purpose. */
	'member.composition': (actor: Actor, s: ConferenceSubject) => officeOrAdmin(actor, s) || inSteeringGroup(actor, s.conferenceId),
	'member.configureSectors': officeOrAdmin,
	/** A member's sector, term and deputies. */
	'member.updateSeat': officeOrAdmin,
	/**
	 * The diversity view: aggregates only, small counts suppressed. Like support needs, the
	 * self-descriptions are the office's, not the platform admins'; the steering group sees the
	 * aggregates because it decides whom to invite.
	 */
	'diversity.aggregates': (actor: Actor, s: ConferenceSubject) => office(actor, s) || inSteeringGroup(actor, s.conferenceId),
	/** One person's self-description: the person, and the office (who records a paper form and erases on request). */
	'diversity.view': (actor: Actor, s: PersonSubject) => office(actor, s) || ownClaim(actor, s),
	'diversity.record': (actor: Actor, s: PersonSubject) => office(actor, s) || ownClaim(actor, s),
	/** Invitation rounds, letters, reminders and the answers so far. */
	'invitation.manage': officeOrAdmin,
	/** Interpreters, wheelchair places, companions and diets: needs are health data, the office's alone. */
	'invitation.viewNeeds': office,
	/** Answering an invitation while signed in: the person, or the office on their behalf (a phone call). The personal link needs no sign-in. */
	'invitation.answer': (actor: Actor, s: PersonSubject) => office(actor, s) || ownClaim(actor, s),
	/** One's own invitations and answers. */
	'invitation.listOwn': ownClaim,
	/** Which agreed recommendations go to which sitting: whoever runs the plenary, and the steering group. */
	'recommendation.schedule': (actor: Actor, s: RecommendationSubject) => runsPlenary(actor, s) || inSteeringGroup(actor, s.conferenceId),
	/** "Mitmachen": how to take part, public. */
	'participation.view': (_actor: Actor, _s: ConferenceSubject) => true
};

export type Action = keyof RuleTable;
export type SubjectOf<A extends Action> = Parameters<RuleTable[A]>[1];
export const ACTIONS = Object.keys(rules) as Action[];
