import { belongsToConference, hasConferenceRole, hasGroupRole, isOffice, type Actor } from './actor';
import type { ConferenceSubject, GroupSubject, PersonSubject, SelfSubject } from './subjects';

/**
 * Every action the product knows, with the subject it is asked about and who may do it.
 * This table is the only place a permission is decided; pages, form actions, endpoints and
 * the document server call `can`/`authorize` with these names.
 */
const officeOrAdmin = (actor: Actor, s: { conferenceId: string }) =>
	actor.isPlatformAdmin || isOffice(actor, s.conferenceId);

export const rules = {
	// Platform
	'account.create': (actor: Actor, _subject: null) => actor.isPlatformAdmin,

	// Conferences
	'conference.create': (actor: Actor, _subject: null) =>
		actor.isPlatformAdmin || (actor.hasAccount && [...actor.conferences.values()].some((c) => c.roles.has('office'))),
	'conference.view': (actor: Actor, s: ConferenceSubject) =>
		actor.isPlatformAdmin || belongsToConference(actor, s.conferenceId),
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
	'groupRole.assign': (actor: Actor, s: GroupSubject) =>
		officeOrAdmin(actor, s) || hasGroupRole(actor, s, 'coordinator'),

	// One's own profile and sessions
	'self.update': (actor: Actor, s: SelfSubject) => actor.personId !== null && actor.personId === s.personId
} satisfies Record<string, (actor: Actor, subject: never) => boolean>;

export type Action = keyof typeof rules;
export type SubjectOf<A extends Action> = Parameters<(typeof rules)[A]>[1];
export const ACTIONS = Object.keys(rules) as Action[];
