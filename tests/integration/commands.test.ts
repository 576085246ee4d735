import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignConferenceRole } from '../../src/lib/server/commands/assignConferenceRole';
import { assignGroupRole } from '../../src/lib/server/commands/assignGroupRole';
import { createConference } from '../../src/lib/server/commands/createConference';
import { invitePerson } from '../../src/lib/server/commands/invitePerson';
import { recordSupportProfile } from '../../src/lib/server/commands/recordSupportProfile';
import { removeConferenceRole } from '../../src/lib/server/commands/removeConferenceRole';
import { updatePerson } from '../../src/lib/server/commands/updatePerson';
import { first, type Data } from '../../src/lib/server/db/client';
import { loadActorOn, type Actor } from '../../src/lib/server/policies';
import { DIALECTS } from './support/data';
import { messagesOf, refusalOf } from './support/errors';
import { fixtureOn, type Fixture } from './support/fixtureOn';

describe.each(DIALECTS)('commands on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let office: Actor;
	beforeAll(async () => {
		({ data, fixture } = on);
		office = await loadActorOn(data, fixture.ids.office);
	});

	const base = () => ({
		conferenceId: fixture.conferenceA.id,
		displayName: 'Neue Person',
		email: null,
		organisation: 'Caritas',
		preferredLocale: 'de' as const,
		prefersEasyLanguage: false,
		role: 'member' as const,
		memberStatus: 'voting' as const,
		deputyForPersonId: null,
		linkExpiresAt: null
	});
	const rolesOf = (personId: string) => data.q.select().from(data.t.conferenceMemberships).where(eq(data.t.conferenceMemberships.personId, personId));
	/** Audit rows in the order they were written (PostgreSQL keeps no order without ORDER BY). */
	const auditWhere = (column: 'subjectId' | 'action', value: string) =>
		data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog[column], value)).orderBy(asc(data.t.auditLog.seq));

	describe('invitePerson', () => {
		it('creates the person, the role, a link, and audit entries in one go', async () => {
			const { person, link, token } = await invitePerson(data, office, { ...base(), email: 'neu@caritas.example' });
			expect(token).toMatch(/^[a-z2-7]{32}$/);
			expect(link.tokenHash).not.toContain(token);
			const roles = await rolesOf(person.id);
			expect(roles).toMatchObject([{ role: 'member', memberStatus: 'voting' }]);
			const audit = await auditWhere('subjectId', person.id);
			expect(audit.map((a) => a.action)).toEqual(['person.invite', 'accessLink.issue']);
			expect(audit[0].actorPersonId).toBe(fixture.ids.office);
		});

		it('refuses a second person with the same e-mail in the conference, and creates nothing', async () => {
			const before = (await data.q.select().from(data.t.people)).length;
			await invitePerson(data, office, { ...base(), email: 'doppelt@example.org' });
			expect(await refusalOf(invitePerson(data, office, { ...base(), email: 'DOPPELT@example.org' }))).toBe('email_taken');
			expect((await data.q.select().from(data.t.people)).length).toBe(before + 1);
		});

		it('a deputy must name a voting member of the same conference', async () => {
			expect(await refusalOf(invitePerson(data, office, { ...base(), memberStatus: 'deputy' }))).toBe('deputy_needs_principal');
			expect(await refusalOf(invitePerson(data, office, { ...base(), memberStatus: 'deputy', deputyForPersonId: fixture.ids.advisoryMember }))).toBe(
				'principal_not_voting'
			);
			const { person } = await invitePerson(data, office, { ...base(), memberStatus: 'deputy', deputyForPersonId: fixture.ids.votingMember });
			const row = first(await rolesOf(person.id));
			expect(row).toMatchObject({ memberStatus: 'deputy', deputyForPersonId: fixture.ids.votingMember });
		});

		it('is refused for anyone but the office (or an admin)', async () => {
			const member = await loadActorOn(data, fixture.ids.votingMember);
			await expect(invitePerson(data, member, base())).rejects.toThrow();
			const otherOffice = await loadActorOn(data, fixture.ids.otherOffice);
			await expect(invitePerson(data, otherOffice, base())).rejects.toThrow();
		});
	});

	describe('roles', () => {
		it('re-assigning “member” changes the status, with before and after in the audit log', async () => {
			const { person } = await invitePerson(data, office, base());
			await assignConferenceRole(data, office, {
				conferenceId: fixture.conferenceA.id,
				personId: person.id,
				role: 'member',
				memberStatus: 'advisory',
				deputyForPersonId: null
			});
			const row = first(await rolesOf(person.id));
			expect(row?.memberStatus).toBe('advisory');
			const entry = (await auditWhere('action', 'conferenceRole.assign')).at(-1)!;
			expect(entry.before).toMatchObject({ memberStatus: 'voting' });
			expect(entry.after).toMatchObject({ memberStatus: 'advisory' });
		});

		it('a voting member with a deputy keeps the vote until the deputy is changed', async () => {
			const conferenceId = fixture.conferenceA.id;
			const { person: principal } = await invitePerson(data, office, base());
			const { person: deputy } = await invitePerson(data, office, { ...base(), memberStatus: 'deputy', deputyForPersonId: principal.id });
			expect(
				await refusalOf(
					assignConferenceRole(data, office, {
						conferenceId,
						personId: principal.id,
						role: 'member',
						memberStatus: 'advisory',
						deputyForPersonId: null
					})
				)
			).toBe('has_deputies');
			expect(await refusalOf(removeConferenceRole(data, office, { conferenceId, personId: principal.id, role: 'member' }))).toBe('has_deputies');
			await removeConferenceRole(data, office, { conferenceId, personId: deputy.id, role: 'member' });
			await assignConferenceRole(data, office, {
				conferenceId,
				personId: principal.id,
				role: 'member',
				memberStatus: 'advisory',
				deputyForPersonId: null
			});
		});

		it('a role held twice is refused', async () => {
			const { person } = await invitePerson(data, office, { ...base(), role: 'guest', memberStatus: null as never });
			expect(
				await refusalOf(
					assignConferenceRole(data, office, {
						conferenceId: fixture.conferenceA.id,
						personId: person.id,
						role: 'guest',
						memberStatus: null,
						deputyForPersonId: null
					})
				)
			).toBe('role_already_held');
		});

		it('the last office role of a conference cannot be removed', async () => {
			expect(await refusalOf(removeConferenceRole(data, office, { conferenceId: fixture.conferenceA.id, personId: fixture.ids.office, role: 'office' }))).toBe(
				'last_office_role'
			);
		});

		it('group roles are for people of the conference only', async () => {
			const stranger = first(await data.q.insert(data.t.people).values({ displayName: 'Fremd' }).returning())!;
			expect(
				await refusalOf(
					assignGroupRole(data, office, {
						conferenceId: fixture.conferenceA.id,
						groupId: fixture.group.id,
						personId: stranger.id,
						role: 'member'
					})
				)
			).toBe('person_not_in_conference');
		});

		it('creating a conference makes its creator the office', async () => {
			const otherOffice = await loadActorOn(data, fixture.ids.otherOffice);
			const conference = await createConference(data, otherOffice, {
				name: 'Neu',
				region: 'Kreis C',
				description: null,
				settings: { easySeparator: 'hyphen', contactEmail: null, contactPhone: null, majority: 'simple', quorumPercent: 50 }
			});
			const rows = await data.q.select().from(data.t.conferenceMemberships).where(eq(data.t.conferenceMemberships.conferenceId, conference.id));
			expect(rows).toMatchObject([{ personId: fixture.ids.otherOffice, role: 'office' }]);
		});
	});

	describe('people and health data', () => {
		it('updatePerson keeps before/after in the audit log', async () => {
			const { person } = await invitePerson(data, office, base());
			await updatePerson(data, office, {
				conferenceId: fixture.conferenceA.id,
				personId: person.id,
				displayName: 'Umbenannt',
				email: null,
				organisation: 'Diakonie',
				preferredLocale: 'en',
				prefersEasyLanguage: true
			});
			const entry = (await auditWhere('action', 'person.update')).at(-1)!;
			expect(entry.before).toMatchObject({ displayName: 'Neue Person', organisation: 'Caritas' });
			expect(entry.after).toMatchObject({ displayName: 'Umbenannt', organisation: 'Diakonie', preferredLocale: 'en' });
		});

		it('support needs are stored only with consent; withdrawing consent erases them; the log never holds them', async () => {
			const subject = { conferenceId: fixture.conferenceA.id, personId: fixture.targetId };
			const flags = { selfAdvocate: true, needsSignLanguage: true, needsStepFreeAccess: false, needsCompanion: false };
			await recordSupportProfile(data, office, { ...subject, ...flags, consent: true });
			const profile = () => data.q.select().from(data.t.supportProfiles).where(eq(data.t.supportProfiles.personId, fixture.targetId));
			expect(first(await profile())).toMatchObject(flags);
			await recordSupportProfile(data, office, { ...subject, ...flags, consent: false });
			expect(first(await profile())).toBeUndefined();
			const logged = JSON.stringify(await auditWhere('subjectId', fixture.targetId));
			expect(logged).not.toContain('needsSignLanguage');
			expect(logged).not.toContain('selfAdvocate');
		});

		it('a platform admin cannot record health data', async () => {
			const admin = await loadActorOn(data, fixture.ids.admin);
			await expect(
				recordSupportProfile(data, admin, {
					conferenceId: fixture.conferenceA.id,
					personId: fixture.targetId,
					consent: true,
					selfAdvocate: true,
					needsSignLanguage: false,
					needsStepFreeAccess: false,
					needsCompanion: false
				})
			).rejects.toThrow();
		});
	});

	describe('audit log', () => {
		it('is append-only: the database refuses to change or delete a row', async () => {
			expect((await data.q.select().from(data.t.auditLog)).length).toBeGreaterThan(0);
			const refusal = (run: Promise<unknown>) =>
				run.then(
					() => 'ran',
					(error: unknown) => messagesOf(error)
				);
			expect(await refusal(data.execute(sql`UPDATE audit_log SET action = ${'tampered'}`))).toMatch(/append-only/);
			expect(await refusal(data.execute(sql`DELETE FROM audit_log`))).toMatch(/append-only/);
		});
	});
});
