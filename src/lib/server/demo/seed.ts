import { seedInvitations } from './invitations';
import { seedInvitationAnswers } from './invitationAnswers';
import { markDemoMailsSent } from './mailsSent';
import { seedNewsletter } from './newsletter';
import { seedAllowances } from './allowances';
import { count } from 'drizzle-orm';
import { writeFileSync } from 'node:fs';
import type { ConferenceRole, MemberStatus, GroupRole } from '../../domain/roles';
import { first, type Data } from '../db/client';
import { accessLinkUrl } from '../auth/accessLinks';
import { assignConferenceRole } from '../commands/assignConferenceRole';
import { assignGroupRole } from '../commands/assignGroupRole';
import { createConference } from '../commands/createConference';
import { createStaffAccount } from '../commands/createStaffAccount';
import { createWorkingGroup } from '../commands/createWorkingGroup';
import { invitePerson } from '../commands/invitePerson';
import { recordSupportProfile } from '../commands/recordSupportProfile';
import { checkIn } from '../commands/checkIn';
import { createPlenarySession } from '../commands/createPlenarySession';
import { markPresent } from '../commands/markPresent';
import { createGroupMeeting } from '../commands/createGroupMeeting';
import { markMeetingPresent } from '../commands/markMeetingPresent';
import { approveMinutes } from '../commands/approveMinutes';
import { seedSteeringGroup } from './steering';
import { circulateMinutes } from '../commands/circulateMinutes';
import { changeDocumentOn } from '../collab/changeDocument';
import { BODY, addActionItem, addDecision, seedSections } from '../../minutes/document';
import { castVote } from '../commands/castVote';
import { closePoll } from '../commands/closePoll';
import { openPoll } from '../commands/openPoll';
import { calendarDayInZone, wallClockInZone } from '../../domain/time';
import * as Y from 'yjs';
import { minutesDoc, plenaryDoc } from '../../collab/docNames';
import { addAgendaItem, type AgendaItemFields } from '../../plenary/agenda';
import { docStoreOn } from '../collab/docStoreOn';
import { newSecretToken } from '../ids';
import { loadActorOn, SYSTEM, type Actor } from '../policies';
import { seedRecommendations } from './recommendations';
import { seedMembers } from './members';
import { seedEasyTexts } from './easyTexts';
import { seedAccessibilityFeedback } from './accessibilityFeedback';

/**
 * The demo conference a newcomer sees on first start: a realistic district conference with
 * its office, moderators, members from the usual institutions, self-advocates and three
 * working groups. Built through the same commands the office uses, so it is audited too.
 */
interface DemoPerson {
	key: string;
	name: string;
	organisation: string;
	role: ConferenceRole;
	status?: MemberStatus;
	deputyFor?: string;
	email?: string;
	locale?: 'de' | 'en';
	easy?: boolean;
	selfAdvocate?: boolean;
	extraRoles?: { role: ConferenceRole; status?: MemberStatus }[];
}

const PEOPLE: DemoPerson[] = [
	{
		key: 'office',
		name: 'Sabine Krüger',
		organisation: 'Geschäftsstelle Gesundheitskonferenz, Gesundheitsamt',
		role: 'office',
		email: 'office@musterstadt.example'
	},
	{
		// A second person in the office: allowances are approved by one and released by another.
		key: 'office2',
		name: 'Murat Yılmaz',
		organisation: 'Geschäftsstelle Gesundheitskonferenz, Gesundheitsamt',
		role: 'office',
		email: 'office2@musterstadt.example'
	},
	{
		key: 'moderator',
		name: 'Dr. Miriam Okafor',
		organisation: 'Gesundheitsamt Landkreis Musterstadt (Leitung)',
		role: 'moderator',
		email: 'moderation@musterstadt.example',
		extraRoles: [{ role: 'member', status: 'voting' }]
	},
	{
		key: 'moderator2',
		name: 'Landrat Thomas Berger',
		organisation: 'Landratsamt Musterstadt',
		role: 'moderator',
		extraRoles: [{ role: 'member', status: 'voting' }]
	},
	{
		key: 'voting',
		name: 'Jens Hoffmann',
		organisation: 'AOK – Die Gesundheitskasse, Regionaldirektion Musterstadt',
		role: 'member',
		status: 'voting',
		email: 'j.hoffmann@aok.example'
	},
	{ key: 'tk', name: 'Petra Lange', organisation: 'Techniker Krankenkasse, Landesvertretung', role: 'member', status: 'voting' },
	{ key: 'kv', name: 'Dr. Stefan Wolf', organisation: 'Kassenärztliche Vereinigung, Bezirksdirektion', role: 'member', status: 'voting' },
	{ key: 'aerzte', name: 'Dr. Aylin Demir', organisation: 'Kreisärzteschaft Musterstadt', role: 'member', status: 'voting' },
	{ key: 'klinikum', name: 'Prof. Dr. Katrin Vogel', organisation: 'Klinikum Musterstadt', role: 'member', status: 'voting' },
	{ key: 'caritas', name: 'Markus Schneider', organisation: 'Caritasverband Musterstadt', role: 'member', status: 'voting' },
	{ key: 'diakonie', name: 'Anna Fischer', organisation: 'Diakonisches Werk Musterstadt', role: 'member', status: 'voting' },
	{ key: 'drk', name: 'Ralf Neumann', organisation: 'DRK-Kreisverband Musterstadt', role: 'member', status: 'voting' },
	{ key: 'pflege', name: 'Claudia Richter', organisation: 'Pflegestützpunkt Landkreis Musterstadt', role: 'member', status: 'voting' },
	{ key: 'apotheke', name: 'Georg Braun', organisation: 'Landesapothekerkammer, Kreisvertrauensapotheker', role: 'member', status: 'voting' },
	{ key: 'sozialamt', name: 'Helga Zimmermann', organisation: 'Stadt Musterstadt, Amt für Soziales', role: 'member', status: 'voting' },
	{ key: 'kiss', name: 'Birgit Hahn', organisation: 'Selbsthilfekontaktstelle KISS Musterstadt', role: 'member', status: 'voting' },
	{ key: 'psychiatrie', name: 'Yusuf Arslan', organisation: 'Psychiatriekoordination des Landkreises', role: 'member', status: 'voting' },
	{ key: 'lebenshilfe', name: 'Monika Schulz', organisation: 'Lebenshilfe Musterstadt', role: 'member', status: 'voting' },
	{
		key: 'selfAdvocate',
		name: 'Lena Maurer',
		organisation: 'Werkstattrat, Lebenshilfe Musterstadt',
		role: 'member',
		status: 'voting',
		easy: true,
		selfAdvocate: true
	},
	{
		key: 'selfAdvocate2',
		name: 'Jürgen Albrecht',
		organisation: 'Verein Psychiatrie-Erfahrener Musterstadt',
		role: 'member',
		status: 'voting',
		selfAdvocate: true,
		extraRoles: [{ role: 'easy_checker' }]
	},
	{
		key: 'selfAdvocate3',
		name: 'Ahmad Nouri',
		organisation: 'Integrationsbeirat Musterstadt',
		role: 'member',
		status: 'voting',
		locale: 'en',
		selfAdvocate: true
	},
	{ key: 'advisory', name: 'Elena Popescu', organisation: 'Integrationsbeauftragte des Landkreises', role: 'member', status: 'advisory' },
	{
		key: 'hochschule',
		name: 'Prof. Dr. Lukas Meier',
		organisation: 'Hochschule für Gesundheit, Studiengang Public Health',
		role: 'member',
		status: 'advisory'
	},
	{ key: 'senioren', name: 'Walter Krause', organisation: 'Kreisseniorenrat Musterstadt', role: 'member', status: 'advisory' },
	{
		key: 'deputy',
		name: 'Sabrina Koch',
		organisation: 'AOK – Die Gesundheitskasse, Regionaldirektion Musterstadt',
		role: 'member',
		status: 'deputy',
		deputyFor: 'voting'
	},
	{ key: 'kvDeputy', name: 'Martin Weber', organisation: 'Kassenärztliche Vereinigung, Bezirksdirektion', role: 'member', status: 'deputy', deputyFor: 'kv' },
	{
		key: 'newsletterEditor',
		name: 'Tobias Engel',
		organisation: 'Pressestelle Landratsamt Musterstadt',
		role: 'newsletter_editor',
		email: 't.engel@musterstadt.example'
	},
	{ key: 'guest', name: 'Dr. Julia Sommer', organisation: 'Landesgesundheitsamt', role: 'guest' }
];

const GROUPS: { name: string; description: string; roles: [string, GroupRole][] }[] = [
	{
		name: 'AG Pflege und Versorgung im Alter',
		description: 'Versorgung pflegebedürftiger Menschen zu Hause und im Quartier: Beratung, Kurzzeitpflege, Entlastung pflegender Angehöriger.',
		roles: [
			['pflege', 'coordinator'],
			['diakonie', 'moderator'],
			['senioren', 'minute_taker'],
			['drk', 'member'],
			['klinikum', 'member'],
			['tk', 'member']
		]
	},
	{
		name: 'AG Psychische Gesundheit',
		description: 'Wege in Hilfe bei psychischen Krisen: Krisendienst, Wartezeiten, Selbsthilfe und Genesungsbegleitung.',
		roles: [
			['psychiatrie', 'coordinator'],
			['kiss', 'moderator'],
			['selfAdvocate2', 'minute_taker'],
			['caritas', 'member'],
			['aerzte', 'member'],
			['kv', 'member']
		]
	},
	{
		name: 'AG Zugang für alle',
		description: 'Gesundheitliche Chancengleichheit: barrierefreie Praxen, Sprachmittlung, Informationen in Leichter Sprache.',
		roles: [
			['advisory', 'coordinator'],
			['lebenshilfe', 'moderator'],
			['tk', 'minute_taker'],
			['selfAdvocate', 'member'],
			['selfAdvocate3', 'member'],
			['sozialamt', 'member'],
			['apotheke', 'member']
		]
	}
];

/** Which demo people a newcomer is offered, and as what. */
const DEMO_ROLES: [string, string][] = [
	['office', 'Geschäftsstelle (office)'],
	['office2', 'Zweite Person der Geschäftsstelle, gibt Aufwandsentschädigungen frei (second office member, four eyes)'],
	['moderator', 'Moderation (moderator)'],
	['voting', 'Stimmberechtigtes Mitglied (voting member)'],
	['advisory', 'Beratendes Mitglied, Koordination AG Zugang für alle (advisory member, group coordinator)'],
	['deputy', 'Stellvertretung (deputy)'],
	['selfAdvocate', 'Selbstvertreterin, Leichte Sprache (self-advocate, easy language)'],
	['selfAdvocate2', 'Selbstvertreter, Protokoll AG Psychische Gesundheit, Prüfgruppe Leichte Sprache (self-advocate, minute-taker, easy-language reviewer)'],
	['newsletterEditor', 'Newsletter-Redaktion (newsletter editor)'],
	['guest', 'Gast (guest)']
];

export interface DemoAccess {
	role: string;
	name: string;
	link: string;
	email?: string;
	password?: string;
}

/** Whether the database holds nobody yet (a first start: the demo is seeded). */
export async function isEmptyOn(data: Data): Promise<boolean> {
	const { people } = data.t;
	return Number(first(await data.q.select({ n: count() }).from(people))?.n ?? 0) === 0;
}

/** Seeds the demo conference through `data` (SQLite or PostgreSQL); nothing is live yet, so documents go straight into the store. */
export async function seedDemo(data: Data, origin: string): Promise<{ conferenceId: string; access: DemoAccess[] }> {
	const conference = await createConference(data, SYSTEM, {
		name: 'Gesundheitskonferenz Landkreis Musterstadt',
		region: 'Landkreis Musterstadt',
		description:
			'Die Kommunale Gesundheitskonferenz bringt Krankenkassen, Ärzteschaft, Kliniken, Pflege, Wohlfahrtsverbände, Selbsthilfe und Selbstvertreter:innen an einen Tisch. Sie tagt zweimal im Jahr im Plenum; die Arbeitsgruppen treffen sich alle sechs bis acht Wochen.',
		settings: {
			easySeparator: 'mediopunkt',
			contactEmail: 'gesundheitskonferenz@musterstadt.example',
			contactPhone: '07000 123-456',
			majority: 'simple',
			quorumPercent: 50,
			// A page of the district's website with the video (the public page links to it).
			signLanguageVideoUrl: 'https://www.musterstadt.example/gesundheitskonferenz/gebaerdensprache'
		}
	});
	const ids = new Map<string, string>();
	const groupIds = new Map<string, string>();
	const tokens = new Map<string, string>();
	// The installation invites the office; from then on the office does the work, as in life.
	let actor: Actor = SYSTEM;
	for (const p of PEOPLE) {
		const invited = await invitePerson(data, actor, {
			conferenceId: conference.id,
			displayName: p.name,
			email: p.email ?? null,
			organisation: p.organisation,
			preferredLocale: p.locale ?? 'de',
			prefersEasyLanguage: p.easy ?? false,
			role: p.role,
			memberStatus: p.status ?? null,
			deputyForPersonId: p.deputyFor ? ids.get(p.deputyFor)! : null,
			linkExpiresAt: null
		});
		ids.set(p.key, invited.person.id);
		tokens.set(p.key, invited.token);
		if (p.key === 'office') actor = await loadActorOn(data, invited.person.id);
		for (const extra of p.extraRoles ?? []) {
			await assignConferenceRole(data, actor, {
				conferenceId: conference.id,
				personId: invited.person.id,
				role: extra.role,
				memberStatus: extra.status ?? null,
				deputyForPersonId: null
			});
		}
		if (p.selfAdvocate) {
			await recordSupportProfile(data, actor, {
				conferenceId: conference.id,
				personId: invited.person.id,
				consent: true,
				selfAdvocate: true,
				needsSignLanguage: false,
				needsStepFreeAccess: p.key === 'selfAdvocate2',
				needsCompanion: p.key === 'selfAdvocate'
			});
		}
	}
	for (const g of GROUPS) {
		const group = await createWorkingGroup(data, actor, { conferenceId: conference.id, name: g.name, description: g.description });
		groupIds.set(g.name, group.id);
		for (const [key, role] of g.roles) {
			await assignGroupRole(data, actor, { conferenceId: conference.id, groupId: group.id, personId: ids.get(key)!, role });
		}
		await seedMeetings(data, conference.id, group.id, g, ids);
	}

	const plenary = await seedPlenary(data, actor, conference.id, ids);
	await seedRecommendations(data, { conferenceId: conference.id, office: actor, people: ids, groups: groupIds, plenary, day });
	await seedEasyTexts(data, {
		conferenceId: conference.id,
		office: actor,
		checker: await loadActorOn(data, ids.get('selfAdvocate2')!),
		todaySessionId: plenary.todaySessionId
	});
	await seedAccessibilityFeedback(data, actor, conference.id, day);
	await seedAllowances(data, {
		conferenceId: conference.id,
		office: actor,
		office2: await loadActorOn(data, ids.get('office2')!),
		people: ids,
		groups: groupIds,
		lastSessionId: plenary.lastSessionId,
		origin,
		day
	});

	const members: Actor[] = [];
	for (const key of ['newsletterEditor', 'office2', 'moderator']) members.push(await loadActorOn(data, ids.get(key)!));
	await seedNewsletter(data, {
		conferenceId: conference.id,
		editor: await loadActorOn(data, ids.get('newsletterEditor')!),
		checker: await loadActorOn(data, ids.get('selfAdvocate2')!),
		members,
		origin,
		day
	});

	await seedMembers(data, { conferenceId: conference.id, office: actor, people: ids, groups: groupIds, day });
	await seedSteeringGroup(data, { conferenceId: conference.id, office: actor, people: ids, day });
	const round = await seedInvitations(data, { conferenceId: conference.id, office: actor, people: ids, origin, day });
	await seedInvitationAnswers(data, { conferenceId: conference.id, campaignId: round.campaignId, office: actor, people: ids, day, origin });
	await markDemoMailsSent(data, new Date());

	const passwords = new Map<string, string>();
	for (const key of ['office', 'office2', 'moderator']) {
		const password = newSecretToken().slice(0, 16);
		const email = PEOPLE.find((p) => p.key === key)!.email!;
		await createStaffAccount(data, SYSTEM, { personId: ids.get(key)!, email, password, isPlatformAdmin: false });
		passwords.set(key, password);
	}

	const access = DEMO_ROLES.map(([key, role]) => {
		const person = PEOPLE.find((p) => p.key === key)!;
		return {
			role,
			name: person.name,
			link: accessLinkUrl(origin, tokens.get(key)!),
			...(passwords.has(key) ? { email: person.email, password: passwords.get(key) } : {})
		};
	});
	return { conferenceId: conference.id, access };
}

/** Berlin wall-clock time on a day counted from the day of seeding. */
function day(offsetDays: number, hour: number, minute = 0): Date {
	const [y, m, d] = calendarDayInZone(new Date(Date.now() + offsetDays * 86_400_000))
		.split('-')
		.map(Number);
	return wallClockInZone(y, m, d, hour, minute);
}

/**
 * Each group met three weeks ago (the minute-taker kept the list) and meets again in two weeks,
 * with moderation and minutes passed on to the next people, as the groups rotate them.
 */
async function seedMeetings(data: Data, conferenceId: string, groupId: string, g: (typeof GROUPS)[number], ids: Map<string, string>) {
	const person = (role: GroupRole, n = 0) => ids.get(g.roles.filter(([, r]) => r === role)[n]![0])!;
	const members = g.roles.filter(([, r]) => r === 'member').map(([key]) => ids.get(key)!);
	const coordinator = await loadActorOn(data, person('coordinator'));
	const past = await createGroupMeeting(data, coordinator, {
		conferenceId,
		groupId,
		title: `${g.name}: Bestandsaufnahme`,
		startsAt: day(-21, 14),
		durationMinutes: 120,
		place: 'Gesundheitsamt Musterstadt, Raum 2.14',
		videoUrl: null,
		agenda: [
			'Begrüßung und Protokoll der letzten Sitzung',
			'Bestandsaufnahme: Was fehlt im Landkreis?',
			'Entwurf einer Empfehlung für das Plenum',
			'Verschiedenes'
		],
		moderatorPersonId: person('moderator'),
		minuteTakerPersonId: person('minute_taker')
	});
	const minuteTaker = await loadActorOn(data, person('minute_taker'));
	for (const [i, personId] of [person('coordinator'), person('moderator'), person('minute_taker'), ...members.slice(0, -1)].entries())
		await markMeetingPresent(data, minuteTaker, { conferenceId, groupId, meetingId: past.id, personId, now: day(-21, 14, i) });
	await seedMinutes(data, { conferenceId, groupId, meetingId: past.id }, past.agenda, MINUTES[g.name], minuteTaker, coordinator);
	await createGroupMeeting(data, coordinator, {
		conferenceId,
		groupId,
		title: `${g.name}: Empfehlung abstimmen`,
		startsAt: day(14, 14),
		durationMinutes: 90,
		place: 'Gesundheitsamt Musterstadt, Raum 2.14',
		videoUrl: 'https://video.musterstadt.example/ag',
		agenda: ['Protokoll der letzten Sitzung', 'Empfehlung: letzte Änderungen und Einigung in der AG', 'Wer stellt die Empfehlung im Plenum vor?'],
		moderatorPersonId: members[0],
		minuteTakerPersonId: person('moderator')
	});
}

/** What a meeting's minutes say (see `seedMinutes`). */
export type MinutesContent = { text: string[]; decision: string; action: { what: string; who: string; inDays: number }; approved: boolean };

/** What each group's last meeting wrote down, one paragraph per agenda point. */
const MINUTES: Record<string, MinutesContent> = {
	'AG Pflege und Versorgung im Alter': {
		text: [
			'Frau Richter begrüßt 6 Anwesende. Das Protokoll der letzten Sitzung wird ohne Änderungen genehmigt.',
			'Im Landkreis gibt es 14 Plätze für Kurzzeitpflege. Angehörige warten im Schnitt 6 Wochen. Nach einem Krankenhausaufenthalt fehlt oft eine Lösung für die ersten Tage zu Hause.',
			'Die AG schreibt eine Empfehlung für eingestreute Kurzzeitpflegeplätze und eine gemeinsame Vermittlungsstelle.',
			'Keine weiteren Punkte.'
		],
		decision: 'Die AG legt dem Plenum eine Empfehlung zur Kurzzeitpflege vor.',
		action: { what: 'Zahlen der Pflegekassen zur Kurzzeitpflege anfragen', who: 'Frau Lange (TK)', inDays: 10 },
		approved: true
	},
	'AG Psychische Gesundheit': {
		text: [
			'Herr Arslan begrüßt die Anwesenden. Das Protokoll der letzten Sitzung wird genehmigt.',
			'Auf einen Termin bei einer Psychotherapeutin warten Erwachsene 5 Monate, Jugendliche noch länger. Der Krisendienst ist nachts nur telefonisch erreichbar.',
			'Die Selbsthilfe schlägt Genesungsbegleiterinnen und -begleiter in der Notaufnahme vor. Die AG arbeitet das in den Entwurf ein.',
			'Die nächste Sitzung findet per Video statt.'
		],
		decision: 'Der Entwurf nennt Genesungsbegleitung als eigenen Punkt.',
		action: { what: 'Erfahrungen aus dem Nachbarkreis mit dem Krisendienst einholen', who: 'Frau Hahn (KISS)', inDays: 14 },
		approved: false
	},
	'AG Zugang für alle': {
		text: [
			'Frau Popescu begrüßt alle. Frau Maurer und Herr Nouri sind als Selbstvertretung dabei. Das Protokoll der letzten Sitzung wird genehmigt.',
			'Nur 3 von 10 Hausarztpraxen im Landkreis sind stufenlos erreichbar. Sprachmittlung wird von den Praxen selbst organisiert, oft durch Angehörige.',
			'Die AG empfiehlt ein Verzeichnis barrierefreier Praxen und einen Pool für Sprachmittlung. Eine Zusammenfassung in Leichter Sprache kommt dazu.',
			'Frau Maurer bittet darum, Unterlagen 2 Wochen vorher zu verschicken.'
		],
		decision: 'Unterlagen gehen künftig 2 Wochen vor jeder Sitzung an alle Mitglieder.',
		action: { what: 'Liste der Praxen mit stufenlosem Zugang von der KV erfragen', who: 'Frau Popescu', inDays: 7 },
		approved: true
	}
};

/** The minutes of a past meeting: written, sent round, and for most groups approved. */
export async function seedMinutes(
	data: Data,
	where: { conferenceId: string; groupId: string; meetingId: string },
	agenda: string[],
	content: MinutesContent,
	minuteTaker: Actor,
	coordinator: Actor
) {
	await changeDocumentOn(data, minutesDoc(where.meetingId), (doc) => {
		seedSections(doc, agenda);
		const body = doc.getXmlFragment(BODY);
		content.text.forEach((text, i) => {
			const paragraph = body.get(i * 2 + 1) as Y.XmlElement;
			(paragraph.get(0) as Y.XmlText).insert(0, text);
		});
		addDecision(doc, { text: content.decision, point: 3 });
		addActionItem(doc, {
			what: content.action.what,
			who: content.action.who,
			due: calendarDayInZone(new Date(Date.now() + content.action.inDays * 86_400_000)),
			point: 2
		});
	});
	// History, not news: the demo mails nobody about minutes of past meetings.
	await circulateMinutes(data, minuteTaker, { ...where, notify: false });
	if (content.approved) await approveMinutes(data, coordinator, where);
}

/**
 * Three sittings relative to the day of seeding: the last one (most members came; some checked
 * in by QR code, some by typing the code, two were marked present by the office; it took two
 * resolutions), today's (open for check-in, nobody there yet) and the next one.
 */
async function seedPlenary(data: Data, office: Actor, conferenceId: string, ids: Map<string, string>) {
	const last = await createPlenarySession(data, office, {
		conferenceId,
		title: 'Plenum: Gesundheitliche Versorgung im ländlichen Raum',
		startsAt: day(-91, 17),
		place: 'Landratsamt Musterstadt, Großer Sitzungssaal (Raum 101)',
		videoUrl: null
	});
	const cameBy: [string, 'qr' | 'code' | 'office'][] = [
		['moderator', 'qr'],
		['moderator2', 'code'],
		['voting', 'qr'],
		['tk', 'qr'],
		['kv', 'code'],
		['aerzte', 'qr'],
		['klinikum', 'qr'],
		['caritas', 'code'],
		['diakonie', 'qr'],
		['pflege', 'qr'],
		['kiss', 'code'],
		['psychiatrie', 'qr'],
		['lebenshilfe', 'qr'],
		['selfAdvocate', 'office'],
		['selfAdvocate2', 'qr'],
		['advisory', 'code'],
		['senioren', 'office']
	];
	for (const [i, [key, method]] of cameBy.entries()) {
		const now = day(-91, 16, 40 + i);
		if (method === 'office') await markPresent(data, office, { conferenceId, sessionId: last.id, personId: ids.get(key)!, now });
		else await checkIn(data, await loadActorOn(data, ids.get(key)!), { code: last.checkInCode, method, now });
	}
	const decided = await seedResolutions(data, office, conferenceId, last.id, ids, day(-91, 17));
	const today = await createPlenarySession(data, office, {
		conferenceId,
		title: 'Plenum: Psychische Gesundheit junger Menschen',
		startsAt: day(0, 17),
		place: 'Landratsamt Musterstadt, Großer Sitzungssaal (Raum 101)',
		videoUrl: 'https://video.musterstadt.example/gesundheitskonferenz'
	});
	const item = (title: string, type: AgendaItemFields['type'], durationMinutes: number, presenter = '', description = '') => ({
		title,
		type,
		durationMinutes,
		presenter,
		description
	});
	const [, , , , schoolItem] = await seedAgenda(data, today.id, [
		item('Begrüßung und Feststellung der Beschlussfähigkeit', 'information', 10, 'Landrat Thomas Berger'),
		item('Bericht der Geschäftsstelle', 'information', 15, 'Sabine Krüger'),
		item('Psychische Gesundheit junger Menschen im Landkreis: Lagebild', 'information', 25, 'Yusuf Arslan, Psychiatriekoordination'),
		item('Pause', 'break', 15),
		item(
			'Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen',
			'decision',
			40,
			'AG Psychische Gesundheit',
			'Die Arbeitsgruppe empfiehlt feste Sprechstunden der Beratungsstellen an Schulen und einen gemeinsamen Wegweiser in Leichter Sprache.'
		),
		item('Verschiedenes', 'discussion', 10, 'Dr. Miriam Okafor')
	]);
	await createPlenarySession(data, office, {
		conferenceId,
		title: 'Plenum: Pflege zu Hause – Bilanz der Empfehlungen',
		startsAt: day(119, 17),
		place: 'Kreiskrankenhaus Musterstadt, Konferenzzentrum',
		videoUrl: null
	});
	return { lastSessionId: last.id, ...decided, todaySessionId: today.id, todayItemId: schoolItem };
}

/** Writes a session's agenda straight into the document store (nothing is live while seeding). */
async function seedAgenda(data: Data, sessionId: string, items: AgendaItemFields[]): Promise<string[]> {
	const doc = new Y.Doc();
	const ids = items.map((fields) => addAgendaItem(doc, fields));
	await docStoreOn(data).append(new Map([[plenaryDoc(sessionId), [Y.encodeStateAsUpdate(doc)]]]));
	return ids;
}

/**
 * The last sitting's decisions, taken through the same commands as in a live session: a named
 * vote that adopted a recommendation, and a consensus with concerns on record.
 */
async function seedResolutions(data: Data, office: Actor, conferenceId: string, sessionId: string, ids: Map<string, string>, startsAt: Date) {
	const [mobile, , training] = await seedAgenda(data, sessionId, [
		{
			title: 'Empfehlung: Mobile Gesundheitsberatung in den Ortsteilen',
			type: 'decision',
			durationMinutes: 40,
			presenter: 'AG Pflege und Versorgung im Alter',
			description: ''
		},
		{ title: 'Pause', type: 'break', durationMinutes: 15, presenter: '', description: '' },
		{
			title: 'Weiterbildungsverbund Allgemeinmedizin unterstützen',
			type: 'decision',
			durationMinutes: 30,
			presenter: 'Kassenärztliche Vereinigung',
			description: ''
		}
	]);
	const subject = { conferenceId, sessionId };
	const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
	const voters = [
		'voting',
		'tk',
		'kv',
		'aerzte',
		'klinikum',
		'caritas',
		'diakonie',
		'pflege',
		'kiss',
		'psychiatrie',
		'lebenshilfe',
		'selfAdvocate',
		'selfAdvocate2'
	];

	const vote = await openPoll(data, office, {
		...subject,
		agendaItemId: mobile,
		motion:
			'Die Gesundheitskonferenz empfiehlt dem Kreistag, ab 2027 eine mobile Gesundheitsberatung einzurichten, die jeden Ortsteil mindestens einmal im Monat besucht.',
		kind: 'vote',
		secrecy: 'named',
		now: at(35)
	});
	const choices = ['yes', 'yes', 'no', 'yes', 'yes', 'yes', 'abstain', 'yes', 'yes', 'yes', 'yes', 'yes', 'no'] as const;
	for (const [i, key] of voters.entries())
		await castVote(data, await loadActorOn(data, ids.get(key)!), { ...subject, pollId: vote.id, choice: choices[i], statement: null, now: at(36) });
	const adopted = await closePoll(data, office, { ...subject, pollId: vote.id, now: at(38) });

	const consensus = await openPoll(data, office, { ...subject, agendaItemId: training, motion: null, kind: 'consensus', secrecy: 'named', now: at(80) });
	for (const key of voters) {
		const concerns = key === 'klinikum';
		await castVote(data, await loadActorOn(data, ids.get(key)!), {
			...subject,
			pollId: consensus.id,
			choice: concerns ? 'concerns' : 'agree',
			statement: concerns ? 'Wir tragen den Verbund mit. Die Rotationsstellen im Klinikum sind aber erst ab 2028 finanziert.' : null,
			now: at(82)
		});
	}
	await closePoll(data, office, { ...subject, pollId: consensus.id, now: at(84) });
	return { mobileItemId: mobile, mobileResolutionId: adopted.id };
}

/** The demo's sign-in links: next to the SQLite file, or in DATA_DIR on PostgreSQL (server/index.ts). */
export function writeDemoAccess(file: string, access: DemoAccess[]): void {
	writeFileSync(file, JSON.stringify({ note: 'Demo sign-in links. Anyone with a link is signed in as that person.', access }, null, 2) + '\n', { mode: 0o600 });
}
