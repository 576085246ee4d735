import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConferenceRole, MemberStatus } from '../../../src/lib/domain/roles';
import { answerInvitation } from '../../../src/lib/server/commands/answerInvitation';
import { createInvitationRound, type CreateInvitationRoundInput } from '../../../src/lib/server/commands/createInvitationRound';
import { saveInvitationSigner } from '../../../src/lib/server/commands/saveInvitationSigner';
import { sendInvitations } from '../../../src/lib/server/commands/sendInvitations';
import { setSignatureImage } from '../../../src/lib/server/commands/setSignatureImage';
import { createConference } from '../../../src/lib/server/commands/createConference';
import { removeConferenceLogo } from '../../../src/lib/server/commands/removeConferenceLogo';
import { setConferenceLogo } from '../../../src/lib/server/commands/setConferenceLogo';
import { updateConference } from '../../../src/lib/server/commands/updateConference';
import { saveParticipationSettings } from '../../../src/lib/server/commands/saveParticipationSettings';
import { saveSectors } from '../../../src/lib/server/commands/saveSectors';
import { assignConferenceRole } from '../../../src/lib/server/commands/assignConferenceRole';
import { invitePerson, type InvitePersonInput } from '../../../src/lib/server/commands/invitePerson';
import { issueAccessLink } from '../../../src/lib/server/commands/issueAccessLink';
import { issueRoundAccessCards } from '../../../src/lib/server/commands/issueRoundAccessCards';
import { removeConferenceRole } from '../../../src/lib/server/commands/removeConferenceRole';
import { revokeAccessLink } from '../../../src/lib/server/commands/revokeAccessLink';
import { updatePerson } from '../../../src/lib/server/commands/updatePerson';
import type { Data } from '../../../src/lib/server/db/client';
import { invitationToken, linkKeysOn } from '../../../src/lib/server/invitations/links';
import { SYSTEM, type Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';
import { useJobsSecret } from '../support/jobsSecret';

/**
 * The commands of people, roles, invitations and conference settings on the data layer, on both
 * databases: each does its job and refuses what it refused on SQLite. On PostgreSQL, the rules
 * that span rows (README, "Rules that span rows"), each with the real command run from two
 * instances (two handles) started together.
 */
const standing = (conferenceId: string, role: ConferenceRole, memberStatus: MemberStatus | null = null): Actor['conferences'] =>
	new Map([[conferenceId, { roles: new Set([role]), memberStatus }]]);
const person = (personId: string, conferences: Actor['conferences']): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const office = person('o1', standing('c1', 'office'));
const office2 = person('o2', standing('c1', 'office'));

/** Conference c1: two in the office (o1, o2), voting members v1 and v2, a guest g1; c2 beside it. */
async function seed(data: Data) {
	const { q, t } = data;
	await q.insert(t.people).values([
		{ id: 'o1', displayName: 'Olga Amt' },
		{ id: 'o2', displayName: 'Otto Amt' },
		{ id: 'v1', displayName: 'Vera Mitglied', email: 'vera@example.org' },
		{ id: 'v2', displayName: 'Volker Mitglied', email: 'volker@example.org' },
		{ id: 'g1', displayName: 'Gina Gast' },
		{ id: 'x1', displayName: 'Xaver Anderswo' }
	]);
	await q.insert(t.conferences).values([
		{ id: 'c1', name: 'Nord', region: 'Kreis Nord' },
		{ id: 'c2', name: 'Süd', region: 'Kreis Süd' }
	]);
	await q.insert(t.conferenceMemberships).values([
		{ conferenceId: 'c1', personId: 'o1', role: 'office' },
		{ conferenceId: 'c1', personId: 'o2', role: 'office' },
		{ conferenceId: 'c1', personId: 'v1', role: 'member', memberStatus: 'voting' },
		{ conferenceId: 'c1', personId: 'v2', role: 'member', memberStatus: 'voting' },
		{ conferenceId: 'c1', personId: 'g1', role: 'guest' },
		{ conferenceId: 'c2', personId: 'x1', role: 'member', memberStatus: 'voting' }
	]);
	await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'c1', title: 'Plenum', startsAt: FUTURE, place: 'Rathaus', checkInCode: 'ABC123' });
}

const FUTURE = new Date(Date.now() + 30 * 86_400_000);
const INVITED = ['v1', 'v2', 'g1', 'o2'];
/** Invitation ids have the shape answer links accept (80 bits as hex). */
const inv = (personId: string) => `${'0'.repeat(19)}${INVITED.indexOf(personId) + 1}`;

/** A sent round for s1 with two seats, one invitation for each of INVITED. */
async function seedRound(data: Data) {
	const { invitationCampaigns, invitations } = data.t;
	await data.q.insert(invitationCampaigns).values({
		id: 'round1',
		conferenceId: 'c1',
		target: 'plenary',
		sessionId: 's1',
		subject: 'Einladung',
		letterStandard: 'Liebe …',
		capacity: 2,
		answerUntil: new Date(FUTURE.getTime() - 86_400_000),
		sentAt: new Date()
	});
	await data.q.insert(invitations).values(INVITED.map((personId) => ({ id: inv(personId), campaignId: 'round1', conferenceId: 'c1', personId })));
}

const newcomer = (over: Partial<InvitePersonInput> = {}): InvitePersonInput => ({
	conferenceId: 'c1',
	displayName: 'Nina Neu',
	email: null,
	organisation: null,
	preferredLocale: 'de',
	prefersEasyLanguage: false,
	role: 'member',
	memberStatus: 'voting',
	deputyForPersonId: null,
	linkExpiresAt: null,
	...over
});

/** Resolves for everyone once `n` have arrived. */
function barrier(n: number): () => Promise<void> {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return () => {
		if (++arrived >= n) open();
		return all;
	};
}

/** What a command ended with: 'ok', or its refusal's code. */
const outcomeOf = async (run: Promise<unknown>) => (await refusalOf(run)) ?? 'ok';

useJobsSecret();

describe.each(DIALECTS)('people, roles, invitations and settings on the data layer, on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
		await seed(db.data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	/** Two instances' handles on PostgreSQL (one on SQLite), each command started at the same moment. */
	async function atOnce<T>(runs: ((data: Data) => Promise<T>)[]): Promise<T[]> {
		const handles = dialect === 'postgres' ? [db.data, await db.another()] : [db.data];
		const start = barrier(runs.length);
		return Promise.all(
			runs.map(async (run, i) => {
				await start();
				return run(handles[i % handles.length]);
			})
		);
	}

	const rolesOf = async (personId: string) => {
		const { conferenceMemberships: m } = db.data.t;
		return db.data.q
			.select({ role: m.role, memberStatus: m.memberStatus, deputyForPersonId: m.deputyForPersonId })
			.from(m)
			.where(and(eq(m.conferenceId, 'c1'), eq(m.personId, personId)));
	};

	// --- People and their links -------------------------------------------------------------------

	it('invitePerson adds the person, the role, a link and the mail job; a second with the same address is refused', async () => {
		const { data } = db;
		const invited = await invitePerson(data, office, newcomer({ email: 'nina@example.org', mailLinkFrom: 'https://ratschlag.example' }));
		expect(invited.token).toMatch(/^[a-z2-7]{32}$/);
		expect(invited.mailQueued).toBe(true);
		expect(await rolesOf(invited.person.id)).toEqual([{ role: 'member', memberStatus: 'voting', deputyForPersonId: null }]);
		const links = await data.q.select().from(data.t.accessLinks).where(eq(data.t.accessLinks.personId, invited.person.id));
		expect(links.map((l) => l.id)).toEqual([invited.link.id]);
		const jobs = await data.q.select({ kind: data.t.jobs.kind, key: data.t.jobs.key }).from(data.t.jobs);
		expect(jobs).toEqual([{ kind: 'mail.accessLink', key: `mail.accessLink:${invited.link.id}` }]);
		const audit = await data.q.select({ action: data.t.auditLog.action }).from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, invited.person.id));
		expect(audit.map((a) => a.action).sort()).toEqual(['accessLink.issue', 'person.invite']);

		expect(await refusalOf(invitePerson(data, office, newcomer({ email: 'NINA@example.org' })))).toBe('email_taken');
		expect(await refusalOf(invitePerson(data, office, newcomer({ memberStatus: 'deputy', deputyForPersonId: 'g1' })))).toBe('principal_not_voting');
		expect(await data.q.select().from(data.t.people)).toHaveLength(7);
	});

	it('updatePerson changes the person with before and after in the audit log; an address taken in the conference is refused', async () => {
		const { data } = db;
		const after = await updatePerson(data, office, {
			conferenceId: 'c1',
			personId: 'v1',
			displayName: 'Vera Umbenannt',
			email: 'vera.neu@example.org',
			organisation: 'Caritas',
			preferredLocale: 'de',
			prefersEasyLanguage: true
		});
		expect(after).toMatchObject({ displayName: 'Vera Umbenannt', prefersEasyLanguage: true });
		const [entry] = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, 'person.update'));
		expect(entry.before).toMatchObject({ displayName: 'Vera Mitglied' });
		expect(
			await refusalOf(
				updatePerson(data, office, {
					conferenceId: 'c1',
					personId: 'v1',
					displayName: 'Vera',
					email: 'Volker@example.org',
					organisation: null,
					preferredLocale: 'de',
					prefersEasyLanguage: false
				})
			)
		).toBe('email_taken');
		expect(
			await refusalOf(
				updatePerson(data, office, {
					conferenceId: 'c1',
					personId: 'x1',
					displayName: 'X',
					email: null,
					organisation: null,
					preferredLocale: 'de',
					prefersEasyLanguage: false
				})
			)
		).toBe('person_not_in_conference');
	});

	it('issueAccessLink and revokeAccessLink: a revoked link ends its sessions, and is not revoked twice', async () => {
		const { data } = db;
		const { link, token } = await issueAccessLink(data, office, { conferenceId: 'c1', personId: 'v1', expiresAt: null });
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		await data.q.insert(data.t.sessions).values({ id: 'session-hash', personId: 'v1', accessLinkId: link.id, expiresAt: new Date(Date.now() + 86_400_000) });
		await revokeAccessLink(data, office, { conferenceId: 'c1', personId: 'v1', linkId: link.id });
		const [row] = await data.q.select().from(data.t.accessLinks).where(eq(data.t.accessLinks.id, link.id));
		expect(row.revokedAt).not.toBeNull();
		expect(await data.q.select().from(data.t.sessions)).toEqual([]);
		const [entry] = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, 'accessLink.revoke'));
		expect(entry.after).toMatchObject({ sessionsEnded: 1 });
		expect(await refusalOf(revokeAccessLink(data, office, { conferenceId: 'c1', personId: 'v1', linkId: link.id }))).toBe('link_already_revoked');
		expect(await refusalOf(issueAccessLink(data, office, { conferenceId: 'c1', personId: 'x1', expiresAt: null }))).toBe('person_not_in_conference');
	});

	it('issueRoundAccessCards issues one link per person in one transaction; a stranger among them issues none', async () => {
		const { data } = db;
		const tokens = await issueRoundAccessCards(data, office, { conferenceId: 'c1', personIds: ['v1', 'v2'], expiresAt: null });
		expect([...tokens.keys()]).toEqual(['v1', 'v2']);
		expect(await data.q.select().from(data.t.accessLinks)).toHaveLength(2);
		expect(await refusalOf(issueRoundAccessCards(data, office, { conferenceId: 'c1', personIds: ['g1', 'x1'], expiresAt: null }))).toBe(
			'person_not_in_conference'
		);
		expect(await data.q.select().from(data.t.accessLinks)).toHaveLength(2);
	});

	// --- Invitations -------------------------------------------------------------------------------

	const answerLink = (data: Data, personId: string) => ({
		via: 'link' as const,
		token: invitationToken(linkKeysOn(data), { id: inv(personId), tokenVersion: 1 })
	});

	it('answerInvitation gives seats, then the waiting list, and a "no" moves the first waiting up; a forged link is refused', async () => {
		const { data } = db;
		await seedRound(data);
		expect(await answerInvitation(data, answerLink(data, 'v1'), { answer: 'yes', needs: [{ need: 'dietary', detail: 'vegetarisch' }] })).toMatchObject({
			place: 'seat'
		});
		expect(await answerInvitation(data, { via: 'signedIn', actor: office, invitationId: inv('v2') }, { answer: 'yes', needs: [] })).toMatchObject({
			place: 'seat'
		});
		expect(await answerInvitation(data, answerLink(data, 'g1'), { answer: 'yes', needs: [] })).toMatchObject({ place: 'waiting', waitingPosition: 1 });
		expect(await answerInvitation(data, answerLink(data, 'v1'), { answer: 'no', needs: [] })).toMatchObject({ place: null, movedUp: [inv('g1')] });
		const { invitations, invitationNeeds, jobs } = data.t;
		const [g1] = await data.q
			.select()
			.from(invitations)
			.where(eq(invitations.id, inv('g1')));
		expect(g1.place).toBe('seat');
		expect(await data.q.select().from(invitationNeeds)).toEqual([]);
		expect((await data.q.select({ kind: jobs.kind }).from(jobs)).map((j) => j.kind)).toEqual(['mail.invitationMovedUp']);
		const forged = { via: 'link' as const, token: answerLink(data, 'o2').token.slice(0, -2) + 'xx' };
		expect(await refusalOf(answerInvitation(data, forged, { answer: 'yes', needs: [] }))).toBe('not_found');
	});

	const roundInput = (over: Partial<CreateInvitationRoundInput> = {}): CreateInvitationRoundInput => ({
		conferenceId: 'c1',
		target: 'plenary',
		dateId: 's1',
		recipients: { kind: 'all' },
		subject: 'Einladung',
		letterStandard: 'Liebe Mitglieder',
		letterEasy: null,
		capacity: 10,
		answerUntil: new Date(FUTURE.getTime() - 86_400_000),
		remindDaysBefore: 3,
		channel: 'mail',
		...over
	});

	it('createInvitationRound writes one invitation per recipient; a second round for the date is refused', async () => {
		const { data } = db;
		const created = await createInvitationRound(data, office, roundInput());
		expect(created.invited).toBe(2);
		const rows = await data.q.select().from(data.t.invitations).where(eq(data.t.invitations.campaignId, created.campaignId));
		expect(rows.map((r) => r.personId).sort()).toEqual(['v1', 'v2']);
		for (const row of rows) {
			expect(row.id).toMatch(/^[0-9a-f]{20}$/);
			expect(row.createdAt).toBeInstanceOf(Date);
		}
		expect(await refusalOf(createInvitationRound(data, office, roundInput()))).toBe('invite_date_has_round');
		expect(await refusalOf(createInvitationRound(data, office, roundInput({ dateId: 'nope' })))).toBe('invite_date_unknown');
	});

	it('sendInvitations writes a mail job per address and the reminder, once', async () => {
		const { data } = db;
		const { campaignId } = await createInvitationRound(data, office, roundInput());
		const sent = await sendInvitations(data, office, { conferenceId: 'c1', campaignId, origin: 'https://ratschlag.example' });
		expect(sent).toMatchObject({ invited: 2, mailed: 2, byPost: 0 });
		expect(sent.remindAt).toBeInstanceOf(Date);
		const kinds = (await data.q.select({ kind: data.t.jobs.kind }).from(data.t.jobs)).map((j) => j.kind).sort();
		expect(kinds).toEqual(['invitations.remind', 'mail.invitation', 'mail.invitation']);
		expect(await refusalOf(sendInvitations(data, office, { conferenceId: 'c1', campaignId }))).toBe('invite_already_sent');
	});

	it('saveInvitationSigner and setSignatureImage keep the signer and the signature; an unknown conference and a GIF are refused', async () => {
		const { data } = db;
		expect(await saveInvitationSigner(data, office, 'c1', { name: 'Thomas Berger', title: 'Landrat' })).toEqual({ name: 'Thomas Berger', title: 'Landrat' });
		const [c1] = await data.q.select().from(data.t.conferences).where(eq(data.t.conferences.id, 'c1'));
		expect(c1.settings.invitationSigner).toEqual({ name: 'Thomas Berger', title: 'Landrat' });
		expect(await refusalOf(saveInvitationSigner(data, SYSTEM, 'nope', null))).toBe('not_found');
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
		const set = await setSignatureImage(data, office, 'c1', png);
		expect(set.contentType).toBe('image/png');
		await setSignatureImage(data, office, 'c1', png);
		const signatures = await data.q.select().from(data.t.conferenceSignatures);
		expect(signatures).toHaveLength(1);
		expect(Buffer.from(signatures[0].bytes).equals(Buffer.from(png))).toBe(true);
		expect(await refusalOf(setSignatureImage(data, office, 'c1', new TextEncoder().encode('GIF89a……')))).toBe('invite_signature_type');
	});

	// --- The conference ------------------------------------------------------------------------------

	it('createConference makes its creator the office, with the usual sectors; an unreadable accent is refused', async () => {
		const { data } = db;
		const creator = { ...person('o1', new Map()), isPlatformAdmin: true };
		const conference = await createConference(data, creator, { name: 'West', region: 'Kreis West', description: null, settings: {} as never });
		const { conferenceMemberships: m, conferenceSectors } = data.t;
		expect(await data.q.select({ personId: m.personId, role: m.role }).from(m).where(eq(m.conferenceId, conference.id))).toEqual([
			{ personId: 'o1', role: 'office' }
		]);
		expect((await data.q.select().from(conferenceSectors).where(eq(conferenceSectors.conferenceId, conference.id))).length).toBeGreaterThan(0);
		expect(
			await refusalOf(createConference(data, creator, { name: 'Ost', region: 'Kreis Ost', description: null, settings: { accentColor: '#ffff00' } as never }))
		).toBe('look_accent_contrast');
	});

	it('updateConference keeps the settings of other pages; setConferenceLogo and removeConferenceLogo keep one logo', async () => {
		const { data } = db;
		await saveInvitationSigner(data, office, 'c1', { name: 'Thomas Berger', title: 'Landrat' });
		const after = await updateConference(data, office, 'c1', {
			name: 'Nord neu',
			region: 'Kreis Nord',
			description: 'Neu',
			settings: { contactEmail: 'amt@example.org' } as never
		});
		expect(after).toMatchObject({ name: 'Nord neu', description: 'Neu' });
		expect(after.settings).toMatchObject({ contactEmail: 'amt@example.org', invitationSigner: { name: 'Thomas Berger', title: 'Landrat' } });
		expect(await refusalOf(updateConference(data, SYSTEM, 'nope', { name: 'X', region: 'Y', description: null, settings: {} as never }))).toBe('not_found');

		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
		expect(await setConferenceLogo(data, office, 'c1', png)).toMatchObject({ contentType: 'image/png' });
		await setConferenceLogo(data, office, 'c1', png);
		expect(await data.q.select().from(data.t.conferenceLogos)).toHaveLength(1);
		expect(await refusalOf(setConferenceLogo(data, office, 'c1', new TextEncoder().encode('GIF89a……')))).toBe('look_logo_type');
		await removeConferenceLogo(data, office, 'c1');
		await removeConferenceLogo(data, office, 'c1');
		expect(await data.q.select().from(data.t.conferenceLogos)).toEqual([]);
		const removals = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, 'conference.removeLogo'));
		expect(removals).toHaveLength(1);
	});

	it('saveSectors replaces the list, swapping names in one save; a name twice is refused', async () => {
		const { data } = db;
		const { conferenceSectors: cs } = data.t;
		const listed = () =>
			data.q.select({ id: cs.id, name: cs.name, targetSeats: cs.targetSeats }).from(cs).where(eq(cs.conferenceId, 'c1')).orderBy(cs.position);
		await saveSectors(data, office, {
			conferenceId: 'c1',
			sectors: [
				{ id: null, name: 'Krankenkassen', targetSeats: 3, field: 'name_new' },
				{ id: null, name: 'Selbsthilfe', targetSeats: 5, field: 'name_new' }
			]
		});
		const [kk, sh] = await listed();
		await saveSectors(data, office, {
			conferenceId: 'c1',
			sectors: [
				{ id: sh.id, name: 'Krankenkassen', targetSeats: 5, field: `name_${sh.id}` },
				{ id: kk.id, name: 'Selbsthilfe', targetSeats: 3, field: `name_${kk.id}` }
			]
		});
		expect(await listed()).toEqual([
			{ id: sh.id, name: 'Krankenkassen', targetSeats: 5 },
			{ id: kk.id, name: 'Selbsthilfe', targetSeats: 3 }
		]);
		expect(
			await refusalOf(
				saveSectors(data, office, {
					conferenceId: 'c1',
					sectors: [
						{ id: sh.id, name: 'Pflege', targetSeats: 1, field: 'name_a' },
						{ id: null, name: ' pflege ', targetSeats: 1, field: 'name_new' }
					]
				})
			)
		).toBe('sector_name_taken');
	});

	it('saveParticipationSettings keeps the words beside the other settings; an unknown conference is refused', async () => {
		const { data } = db;
		const words = { whoCanJoin: 'Alle', howToJoin: 'Schreiben', whoCanJoinEasy: null, howToJoinEasy: null, costs: null } as never;
		await saveInvitationSigner(data, office, 'c1', { name: 'Thomas Berger', title: 'Landrat' });
		await saveParticipationSettings(data, office, { conferenceId: 'c1', participation: words });
		const [c1] = await data.q.select().from(data.t.conferences).where(eq(data.t.conferences.id, 'c1'));
		expect(c1.settings).toMatchObject({ participation: words, invitationSigner: { name: 'Thomas Berger', title: 'Landrat' } });
		expect(await refusalOf(saveParticipationSettings(data, SYSTEM, { conferenceId: 'nope', participation: words }))).toBe('not_found');
	});

	// --- Roles --------------------------------------------------------------------------------------

	it('assignConferenceRole gives a role and changes a member status; a role held twice and a voting member with a deputy are refused', async () => {
		const { data } = db;
		await assignConferenceRole(data, office, { conferenceId: 'c1', personId: 'g1', role: 'moderator', memberStatus: null, deputyForPersonId: null });
		expect((await rolesOf('g1')).map((r) => r.role).sort()).toEqual(['guest', 'moderator']);
		await assignConferenceRole(data, office, { conferenceId: 'c1', personId: 'v2', role: 'member', memberStatus: 'advisory', deputyForPersonId: null });
		expect(await rolesOf('v2')).toEqual([{ role: 'member', memberStatus: 'advisory', deputyForPersonId: null }]);
		expect(
			await refusalOf(assignConferenceRole(data, office, { conferenceId: 'c1', personId: 'g1', role: 'guest', memberStatus: null, deputyForPersonId: null }))
		).toBe('role_already_held');
		await invitePerson(data, office, newcomer({ memberStatus: 'deputy', deputyForPersonId: 'v1' }));
		expect(
			await refusalOf(
				assignConferenceRole(data, office, { conferenceId: 'c1', personId: 'v1', role: 'member', memberStatus: 'advisory', deputyForPersonId: null })
			)
		).toBe('has_deputies');
	});

	it('removeConferenceRole takes a role away, and the last one takes the person out; the last office role stays', async () => {
		const { data } = db;
		const { link } = await issueAccessLink(data, office, { conferenceId: 'c1', personId: 'v2', expiresAt: null });
		expect(link.personId).toBe('v2');
		await data.q.insert(data.t.diversityProfiles).values({ conferenceId: 'c1', personId: 'v2', consentRecordedAt: new Date() });
		await removeConferenceRole(data, office, { conferenceId: 'c1', personId: 'v2', role: 'member' });
		expect(await rolesOf('v2')).toEqual([]);
		expect(await data.q.select().from(data.t.diversityProfiles)).toEqual([]);
		const [entry] = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, 'conferenceRole.remove'));
		expect(entry.after).toEqual({ leftConference: true });

		expect(await refusalOf(removeConferenceRole(data, office, { conferenceId: 'c1', personId: 'g1', role: 'moderator' }))).toBe('role_not_held');
		await removeConferenceRole(data, office, { conferenceId: 'c1', personId: 'o2', role: 'office' });
		expect(await refusalOf(removeConferenceRole(data, office, { conferenceId: 'c1', personId: 'o1', role: 'office' }))).toBe('last_office_role');
	});

	// --- Rules that span rows, from two instances at once -----------------------------------------

	it('the last office role stays (conference row): two office members removing each other at once leave one', async () => {
		const outcomes = await atOnce([
			(data) => outcomeOf(removeConferenceRole(data, office, { conferenceId: 'c1', personId: 'o2', role: 'office' })),
			(data) => outcomeOf(removeConferenceRole(data, office2, { conferenceId: 'c1', personId: 'o1', role: 'office' }))
		]);
		expect(outcomes.sort()).toEqual(['last_office_role', 'ok']);
		const { conferenceMemberships: m } = db.data.t;
		expect(
			await db.data.q
				.select()
				.from(m)
				.where(and(eq(m.conferenceId, 'c1'), eq(m.role, 'office')))
		).toHaveLength(1);
	});

	it('a deputy stands in for a voting member (the principal row): a deputy added while the principal loses the vote, one of them wins', async () => {
		for (const round of [0, 1]) {
			const principal = round === 0 ? 'v1' : 'v2';
			const lose =
				round === 0
					? (data: Data) =>
							outcomeOf(
								assignConferenceRole(data, office, {
									conferenceId: 'c1',
									personId: principal,
									role: 'member',
									memberStatus: 'advisory',
									deputyForPersonId: null
								})
							)
					: (data: Data) => outcomeOf(removeConferenceRole(data, office, { conferenceId: 'c1', personId: principal, role: 'member' }));
			const outcomes = await atOnce([
				(data) => outcomeOf(invitePerson(data, office, newcomer({ displayName: `Deputy ${round}`, memberStatus: 'deputy', deputyForPersonId: principal }))),
				lose
			]);
			expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
			expect(outcomes.filter((o) => o === 'principal_not_voting' || o === 'has_deputies')).toHaveLength(1);
			// Never a deputy standing in for someone who does not vote.
			const { conferenceMemberships: m } = db.data.t;
			const deputies = await db.data.q.select().from(m).where(eq(m.deputyForPersonId, principal));
			const principalRows = await rolesOf(principal);
			if (deputies.length > 0) expect(principalRows).toEqual([{ role: 'member', memberStatus: 'voting', deputyForPersonId: null }]);
		}
	});

	it('a role is held once (unique index): the same role given twice at once, one is refused', async () => {
		const outcomes = await atOnce([
			(data) =>
				outcomeOf(assignConferenceRole(data, office, { conferenceId: 'c1', personId: 'v1', role: 'moderator', memberStatus: null, deputyForPersonId: null })),
			(data) =>
				outcomeOf(assignConferenceRole(data, office2, { conferenceId: 'c1', personId: 'v1', role: 'moderator', memberStatus: null, deputyForPersonId: null }))
		]);
		expect(outcomes.sort()).toEqual(['ok', 'role_already_held']);
	});

	it('seats of an invitation round (the round row): four answering yes at once for two seats, two get one, two wait', async () => {
		await seedRound(db.data);
		const places = await atOnce(
			INVITED.map((personId) => async (data: Data) => (await answerInvitation(data, answerLink(data, personId), { answer: 'yes', needs: [] })).place)
		);
		expect(places.filter((p) => p === 'seat')).toHaveLength(2);
		expect(places.filter((p) => p === 'waiting')).toHaveLength(2);
		const { invitations } = db.data.t;
		const rows = await db.data.q.select().from(invitations);
		expect(rows.filter((r) => r.place === 'seat')).toHaveLength(2);
		// Two "no" at once free both seats: each goes to one of those waiting, never one seat twice.
		const seated = rows.filter((r) => r.place === 'seat').map((r) => r.personId);
		const movedUp = await atOnce(
			seated.map((personId) => async (data: Data) => (await answerInvitation(data, answerLink(data, personId), { answer: 'no', needs: [] })).movedUp)
		);
		expect(movedUp.flat().sort()).toEqual(
			rows
				.filter((r) => r.place === 'waiting')
				.map((r) => r.id)
				.sort()
		);
		expect((await db.data.q.select().from(invitations)).filter((r) => r.place === 'seat')).toHaveLength(2);
	});

	it('one invitation round per date (unique index): two rounds for one date at once, one is refused', async () => {
		const outcomes = await atOnce([
			(data) => outcomeOf(createInvitationRound(data, office, roundInput())),
			(data) => outcomeOf(createInvitationRound(data, office2, roundInput({ subject: 'Zweite' })))
		]);
		expect(outcomes.sort()).toEqual(['invite_date_has_round', 'ok']);
		expect(await db.data.q.select().from(db.data.t.invitationCampaigns)).toHaveLength(1);
		expect(await db.data.q.select().from(db.data.t.invitations)).toHaveLength(2);
	});

	it('invitations are sent once (the conditional update): two sends at once, one is refused, the mails are queued once', async () => {
		const { campaignId } = await createInvitationRound(db.data, office, roundInput());
		const outcomes = await atOnce([
			(data) => outcomeOf(sendInvitations(data, office, { conferenceId: 'c1', campaignId })),
			(data) => outcomeOf(sendInvitations(data, office2, { conferenceId: 'c1', campaignId }))
		]);
		expect(outcomes.sort()).toEqual(['invite_already_sent', 'ok']);
		expect(await db.data.q.select().from(db.data.t.jobs).where(eq(db.data.t.jobs.kind, 'mail.invitation'))).toHaveLength(2);
	});

	it('settings changed at once on their own pages (the conference row): neither is written over', async () => {
		const words = { whoCanJoin: 'Alle', howToJoin: 'Schreiben', whoCanJoinEasy: null, howToJoinEasy: null, costs: null } as never;
		await atOnce<unknown>([
			(data) => saveInvitationSigner(data, office, 'c1', { name: 'Thomas Berger', title: 'Landrat' }),
			(data) => saveParticipationSettings(data, office2, { conferenceId: 'c1', participation: words })
		]);
		const [c1] = await db.data.q.select().from(db.data.t.conferences).where(eq(db.data.t.conferences.id, 'c1'));
		expect(c1.settings).toMatchObject({ participation: words, invitationSigner: { name: 'Thomas Berger', title: 'Landrat' } });
	});

	it('a link is revoked once: two revocations at once, one is refused', async () => {
		const { link } = await issueAccessLink(db.data, office, { conferenceId: 'c1', personId: 'v1', expiresAt: null });
		const outcomes = await atOnce([
			(data) => outcomeOf(revokeAccessLink(data, office, { conferenceId: 'c1', personId: 'v1', linkId: link.id })),
			(data) => outcomeOf(revokeAccessLink(data, office2, { conferenceId: 'c1', personId: 'v1', linkId: link.id }))
		]);
		expect(outcomes.sort()).toEqual(['link_already_revoked', 'ok']);
		const audit = await db.data.q.select().from(db.data.t.auditLog).where(eq(db.data.t.auditLog.action, 'accessLink.revoke'));
		expect(audit).toHaveLength(1);
	});
});
