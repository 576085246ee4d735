import { hashPassword } from '../../../src/lib/server/auth/passwords';
import type { Db } from '../../../src/lib/server/db';
import { accounts, conferenceMemberships, conferences, groupMemberships, people, workingGroups } from '../../../src/lib/server/db/schema';
import type { ConferenceRole, GroupRole, MemberStatus } from '../../../src/lib/domain/roles';

/**
 * Two conferences (A and B) and one person per role, written straight into the tables so the
 * policy tests depend on nothing but the schema and the rules.
 */
export const ACTORS = [
	'admin',
	'office',
	'moderator',
	'votingMember',
	'advisoryMember',
	'deputy',
	'newsletterEditor',
	'easyChecker',
	'guest',
	'groupCoordinator',
	'groupModerator',
	'minuteTaker',
	'groupMember',
	'otherOffice'
] as const;
export type ActorName = (typeof ACTORS)[number] | 'anonymous';

type Spec = {
	account?: { admin?: boolean };
	roles?: [ConferenceRole, MemberStatus?][];
	groupRoles?: GroupRole[];
	otherConference?: ConferenceRole;
};

const SPECS: Record<(typeof ACTORS)[number], Spec> = {
	admin: { account: { admin: true } },
	office: { account: {}, roles: [['office']] },
	moderator: { account: {}, roles: [['moderator'], ['member', 'voting']] },
	votingMember: { roles: [['member', 'voting']] },
	advisoryMember: { roles: [['member', 'advisory']] },
	deputy: { roles: [['member', 'deputy']] },
	newsletterEditor: { roles: [['newsletter_editor']] },
	// A reader of the Prüfgruppe: a self-advocate, an advisory member of the conference.
	easyChecker: { roles: [['member', 'advisory'], ['easy_checker']] },
	guest: { roles: [['guest']] },
	groupCoordinator: { roles: [['member', 'voting']], groupRoles: ['coordinator'] },
	groupModerator: { roles: [['member', 'advisory']], groupRoles: ['moderator'] },
	minuteTaker: { roles: [['member', 'voting']], groupRoles: ['minute_taker'] },
	// A guest of the conference who works in one group only.
	groupMember: { roles: [['guest']], groupRoles: ['member'] },
	otherOffice: { account: {}, otherConference: 'office' }
};

export async function buildFixture(db: Db) {
	const [a, b] = db
		.insert(conferences)
		.values([
			{ name: 'Konferenz A', region: 'Kreis A' },
			{ name: 'Konferenz B', region: 'Kreis B' }
		])
		.returning()
		.all();
	const [group, otherGroup] = db
		.insert(workingGroups)
		.values([
			{ conferenceId: a.id, name: 'AG Pflege' },
			{ conferenceId: a.id, name: 'AG Psyche' }
		])
		.returning()
		.all();
	const passwordHash = await hashPassword('correct horse battery staple');
	const ids = {} as Record<(typeof ACTORS)[number], string>;
	for (const name of ACTORS) {
		const spec = SPECS[name];
		const person = db.insert(people).values({ displayName: name }).returning().get();
		ids[name] = person.id;
		if (spec.account) {
			db.insert(accounts)
				.values({ personId: person.id, email: `${name.toLowerCase()}@test.example`, passwordHash, isPlatformAdmin: spec.account.admin ?? false })
				.run();
		}
		for (const [role, memberStatus] of spec.roles ?? []) {
			db.insert(conferenceMemberships)
				.values({ conferenceId: a.id, personId: person.id, role, memberStatus: memberStatus ?? null })
				.run();
		}
		if (spec.otherConference) {
			db.insert(conferenceMemberships).values({ conferenceId: b.id, personId: person.id, role: spec.otherConference }).run();
		}
		for (const role of spec.groupRoles ?? []) {
			db.insert(groupMemberships).values({ groupId: group.id, personId: person.id, role }).run();
		}
	}
	// Someone the office manages: the subject of the person actions.
	const target = db.insert(people).values({ displayName: 'target' }).returning().get();
	db.insert(conferenceMemberships).values({ conferenceId: a.id, personId: target.id, role: 'member', memberStatus: 'voting' }).run();
	return { conferenceA: a, conferenceB: b, group, otherGroup, ids, targetId: target.id, password: 'correct horse battery staple' };
}
