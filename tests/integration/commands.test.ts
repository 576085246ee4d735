import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, conferenceMemberships, people, supportProfiles } from '../../src/lib/server/db/schema';
import { assignConferenceRole } from '../../src/lib/server/commands/assignConferenceRole';
import { assignGroupRole } from '../../src/lib/server/commands/assignGroupRole';
import { createConference } from '../../src/lib/server/commands/createConference';
import { invitePerson } from '../../src/lib/server/commands/invitePerson';
import { recordSupportProfile } from '../../src/lib/server/commands/recordSupportProfile';
import { removeConferenceRole } from '../../src/lib/server/commands/removeConferenceRole';
import { updatePerson } from '../../src/lib/server/commands/updatePerson';
import { loadActorOn, type Actor } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { buildFixture } from './support/fixture';
import { refusalOf } from './support/errors';
import { sqliteData } from '../../src/lib/server/db/client';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let office: Actor;
beforeAll(async () => {
	fixture = await buildFixture(db);
	office = await loadActorOn(sqliteData(db.$client), fixture.ids.office);
});
afterAll(() => storage.cleanup());

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

describe('invitePerson', () => {
	it('creates the person, the role, a link, and audit entries in one go', async () => {
		const { person, link, token } = await invitePerson(sqliteData(db.$client), office, { ...base(), email: 'neu@caritas.example' });
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(link.tokenHash).not.toContain(token);
		const roles = db.select().from(conferenceMemberships).where(eq(conferenceMemberships.personId, person.id)).all();
		expect(roles).toMatchObject([{ role: 'member', memberStatus: 'voting' }]);
		const audit = db.select().from(auditLog).where(eq(auditLog.subjectId, person.id)).all();
		expect(audit.map((a) => a.action)).toEqual(['person.invite', 'accessLink.issue']);
		expect(audit[0].actorPersonId).toBe(fixture.ids.office);
	});

	it('refuses a second person with the same e-mail in the conference, and creates nothing', async () => {
		const before = db.select().from(people).all().length;
		await invitePerson(sqliteData(db.$client), office, { ...base(), email: 'doppelt@example.org' });
		expect(await refusalOf(invitePerson(sqliteData(db.$client), office, { ...base(), email: 'DOPPELT@example.org' }))).toBe('email_taken');
		expect(db.select().from(people).all().length).toBe(before + 1);
	});

	it('a deputy must name a voting member of the same conference', async () => {
		expect(await refusalOf(invitePerson(sqliteData(db.$client), office, { ...base(), memberStatus: 'deputy' }))).toBe('deputy_needs_principal');
		expect(
			await refusalOf(invitePerson(sqliteData(db.$client), office, { ...base(), memberStatus: 'deputy', deputyForPersonId: fixture.ids.advisoryMember }))
		).toBe('principal_not_voting');
		const { person } = await invitePerson(sqliteData(db.$client), office, { ...base(), memberStatus: 'deputy', deputyForPersonId: fixture.ids.votingMember });
		const row = db.select().from(conferenceMemberships).where(eq(conferenceMemberships.personId, person.id)).get();
		expect(row).toMatchObject({ memberStatus: 'deputy', deputyForPersonId: fixture.ids.votingMember });
	});

	it('is refused for anyone but the office (or an admin)', async () => {
		const member = await loadActorOn(sqliteData(db.$client), fixture.ids.votingMember);
		await expect(invitePerson(sqliteData(db.$client), member, base())).rejects.toThrow();
		const otherOffice = await loadActorOn(sqliteData(db.$client), fixture.ids.otherOffice);
		await expect(invitePerson(sqliteData(db.$client), otherOffice, base())).rejects.toThrow();
	});
});

describe('roles', () => {
	it('re-assigning “member” changes the status, with before and after in the audit log', async () => {
		const { person } = await invitePerson(sqliteData(db.$client), office, base());
		await assignConferenceRole(sqliteData(db.$client), office, {
			conferenceId: fixture.conferenceA.id,
			personId: person.id,
			role: 'member',
			memberStatus: 'advisory',
			deputyForPersonId: null
		});
		const row = db.select().from(conferenceMemberships).where(eq(conferenceMemberships.personId, person.id)).get();
		expect(row?.memberStatus).toBe('advisory');
		const entry = db.select().from(auditLog).where(eq(auditLog.action, 'conferenceRole.assign')).all().at(-1)!;
		expect(entry.before).toMatchObject({ memberStatus: 'voting' });
		expect(entry.after).toMatchObject({ memberStatus: 'advisory' });
	});

	it('a voting member with a deputy keeps the vote until the deputy is changed', async () => {
		const conferenceId = fixture.conferenceA.id;
		const { person: principal } = await invitePerson(sqliteData(db.$client), office, base());
		const { person: deputy } = await invitePerson(sqliteData(db.$client), office, { ...base(), memberStatus: 'deputy', deputyForPersonId: principal.id });
		expect(
			await refusalOf(
				assignConferenceRole(sqliteData(db.$client), office, {
					conferenceId,
					personId: principal.id,
					role: 'member',
					memberStatus: 'advisory',
					deputyForPersonId: null
				})
			)
		).toBe('has_deputies');
		expect(await refusalOf(removeConferenceRole(sqliteData(db.$client), office, { conferenceId, personId: principal.id, role: 'member' }))).toBe(
			'has_deputies'
		);
		await removeConferenceRole(sqliteData(db.$client), office, { conferenceId, personId: deputy.id, role: 'member' });
		await assignConferenceRole(sqliteData(db.$client), office, {
			conferenceId,
			personId: principal.id,
			role: 'member',
			memberStatus: 'advisory',
			deputyForPersonId: null
		});
	});

	it('a role held twice is refused', async () => {
		const { person } = await invitePerson(sqliteData(db.$client), office, { ...base(), role: 'guest', memberStatus: null as never });
		expect(
			await refusalOf(
				assignConferenceRole(sqliteData(db.$client), office, {
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
		expect(
			await refusalOf(
				removeConferenceRole(sqliteData(db.$client), office, { conferenceId: fixture.conferenceA.id, personId: fixture.ids.office, role: 'office' })
			)
		).toBe('last_office_role');
	});

	it('group roles are for people of the conference only', async () => {
		const stranger = db.insert(people).values({ displayName: 'Fremd' }).returning().get();
		expect(
			await refusalOf(
				assignGroupRole(sqliteData(db.$client), office, {
					conferenceId: fixture.conferenceA.id,
					groupId: fixture.group.id,
					personId: stranger.id,
					role: 'member'
				})
			)
		).toBe('person_not_in_conference');
	});

	it('creating a conference makes its creator the office', async () => {
		const otherOffice = await loadActorOn(sqliteData(db.$client), fixture.ids.otherOffice);
		const conference = await createConference(sqliteData(db.$client), otherOffice, {
			name: 'Neu',
			region: 'Kreis C',
			description: null,
			settings: { easySeparator: 'hyphen', contactEmail: null, contactPhone: null, majority: 'simple', quorumPercent: 50 }
		});
		const rows = db.select().from(conferenceMemberships).where(eq(conferenceMemberships.conferenceId, conference.id)).all();
		expect(rows).toMatchObject([{ personId: fixture.ids.otherOffice, role: 'office' }]);
	});
});

describe('people and health data', () => {
	it('updatePerson keeps before/after in the audit log', async () => {
		const { person } = await invitePerson(sqliteData(db.$client), office, base());
		await updatePerson(sqliteData(db.$client), office, {
			conferenceId: fixture.conferenceA.id,
			personId: person.id,
			displayName: 'Umbenannt',
			email: null,
			organisation: 'Diakonie',
			preferredLocale: 'en',
			prefersEasyLanguage: true
		});
		const entry = db.select().from(auditLog).where(eq(auditLog.action, 'person.update')).all().at(-1)!;
		expect(entry.before).toMatchObject({ displayName: 'Neue Person', organisation: 'Caritas' });
		expect(entry.after).toMatchObject({ displayName: 'Umbenannt', organisation: 'Diakonie', preferredLocale: 'en' });
	});

	it('support needs are stored only with consent; withdrawing consent erases them; the log never holds them', async () => {
		const subject = { conferenceId: fixture.conferenceA.id, personId: fixture.targetId };
		const flags = { selfAdvocate: true, needsSignLanguage: true, needsStepFreeAccess: false, needsCompanion: false };
		await recordSupportProfile(sqliteData(db.$client), office, { ...subject, ...flags, consent: true });
		expect(db.select().from(supportProfiles).where(eq(supportProfiles.personId, fixture.targetId)).get()).toMatchObject(flags);
		await recordSupportProfile(sqliteData(db.$client), office, { ...subject, ...flags, consent: false });
		expect(db.select().from(supportProfiles).where(eq(supportProfiles.personId, fixture.targetId)).get()).toBeUndefined();
		const logged = JSON.stringify(db.select().from(auditLog).where(eq(auditLog.subjectId, fixture.targetId)).all());
		expect(logged).not.toContain('needsSignLanguage');
		expect(logged).not.toContain('selfAdvocate');
	});

	it('a platform admin cannot record health data', async () => {
		const admin = await loadActorOn(sqliteData(db.$client), fixture.ids.admin);
		await expect(
			recordSupportProfile(sqliteData(db.$client), admin, {
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
	it('is append-only: the database refuses to change or delete a row', () => {
		expect(db.select().from(auditLog).all().length).toBeGreaterThan(0);
		expect(() => db.$client.prepare('UPDATE audit_log SET action = ?').run('tampered')).toThrow(/append-only/);
		expect(() => db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
	});
});
