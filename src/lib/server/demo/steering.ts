import { assignGroupRole } from '../commands/assignGroupRole';
import { createGroupMeeting } from '../commands/createGroupMeeting';
import { createWorkingGroup } from '../commands/createWorkingGroup';
import { markMeetingPresent } from '../commands/markMeetingPresent';
import { saveParticipationSettings } from '../commands/saveParticipationSettings';
import type { Data } from '../db/client';
import { loadActorOn, type Actor } from '../policies';
import type { GroupRole } from '../../domain/roles';
import { seedMinutes } from './seed';

interface SteeringDemo {
	conferenceId: string;
	office: Actor;
	people: Map<string, string>;
	day: (offsetDays: number, hour: number, minute?: number) => Date;
}

/** The Lenkungsgruppe: the Landrat coordinates; the office keeps the minutes; a self-advocate sits at the table. */
const MEMBERS: [string, GroupRole][] = [
	['moderator2', 'coordinator'],
	['moderator', 'moderator'],
	['office', 'minute_taker'],
	['hochschule', 'member'],
	['selfAdvocate2', 'member']
];

const PLACE = 'Kreishaus Musterstadt, Sitzungszimmer 1';

/**
 * The steering group as a body of the conference, with one past meeting whose minutes are
 * approved and one ahead that prepares the next sitting; and the words of the public page
 * "Mitmachen".
 */
export async function seedSteeringGroup(data: Data, { conferenceId, office, people, day }: SteeringDemo) {
	const person = (key: string) => people.get(key)!;
	const group = await createWorkingGroup(data, office, {
		conferenceId,
		name: 'Lenkungsgruppe',
		description: 'Bereitet die Sitzungen der Gesundheitskonferenz vor: Tagesordnung, welche Empfehlungen ins Plenum kommen, wen wir einladen.',
		kind: 'steering'
	});
	for (const [key, role] of MEMBERS) await assignGroupRole(data, office, { conferenceId, groupId: group.id, personId: person(key), role });

	const coordinator = await loadActorOn(data, person('moderator2'));
	const past = await createGroupMeeting(data, coordinator, {
		conferenceId,
		groupId: group.id,
		title: 'Lenkungsgruppe: Rückblick auf das Plenum',
		startsAt: day(-28, 10),
		durationMinutes: 90,
		place: PLACE,
		videoUrl: null,
		agenda: ['Begrüßung', 'Rückblick auf die letzte Sitzung', 'Zusammensetzung: wer fehlt am Tisch?', 'Verschiedenes'],
		moderatorPersonId: person('moderator'),
		minuteTakerPersonId: person('office')
	});
	const minuteTaker = await loadActorOn(data, person('office'));
	for (const [i, [key]] of MEMBERS.entries())
		await markMeetingPresent(data, minuteTaker, { conferenceId, groupId: group.id, meetingId: past.id, personId: person(key), now: day(-28, 10, i) });
	await seedMinutes(
		data,
		{ conferenceId, groupId: group.id, meetingId: past.id },
		past.agenda,
		{
			text: [
				'Landrat Berger begrüßt die Lenkungsgruppe.',
				'Die letzte Sitzung war gut besucht. Zwei Empfehlungen wurden beschlossen und an den Kreistag weitergeleitet.',
				'Die Pflegekassen und die Selbsthilfe sind gut vertreten. Es fehlen Stimmen aus der Jugendhilfe und von Menschen mit Migrationsgeschichte.',
				'Einladungen zum nächsten Plenum unterschreibt der Landrat persönlich.'
			],
			decision: 'Die Geschäftsstelle lädt die Jugendhilfe und den Integrationsrat gezielt zum nächsten Plenum ein.',
			action: { what: 'Einladungen an Jugendhilfe und Integrationsrat vorbereiten', who: 'Frau Krüger (Geschäftsstelle)', inDays: 7 },
			approved: true
		},
		minuteTaker,
		coordinator
	);

	await createGroupMeeting(data, coordinator, {
		conferenceId,
		groupId: group.id,
		title: 'Lenkungsgruppe: nächstes Plenum vorbereiten',
		startsAt: day(10, 10),
		durationMinutes: 90,
		place: PLACE,
		videoUrl: null,
		agenda: [
			'Tagesordnung des nächsten Plenums',
			'Welche beschlossenen Empfehlungen kommen ins Plenum?',
			'Einladungen: Gebärdensprache, Begleitpersonen, Leichte Sprache',
			'Verschiedenes'
		],
		moderatorPersonId: person('moderator'),
		minuteTakerPersonId: person('office')
	});

	await saveParticipationSettings(data, office, {
		conferenceId,
		participation: {
			whoCanJoin:
				'Mitglied werden Einrichtungen und Verbände des Gesundheits- und Sozialwesens im Landkreis, die Kommunen, die Selbsthilfe und Selbstvertreter:innen: Menschen mit Behinderung, mit chronischer Erkrankung, mit Psychiatrie-Erfahrung oder mit Migrationsgeschichte.',
			howToJoin:
				'Schreiben Sie der Geschäftsstelle, wer Sie sind und warum Sie mitmachen möchten. Die Lenkungsgruppe schlägt neue Mitglieder vor; das Plenum bestätigt sie. In den Arbeitsgruppen können Sie auch ohne Mitgliedschaft mitarbeiten.',
			whoCanJoinEasy:
				'Alle aus dem Land·kreis können mitmachen.\nSie kennen sich mit Gesundheit aus.\nOder Sie haben selbst eine Behinderung.\nOder Sie sind lange krank.',
			howToJoinEasy: 'Schreiben Sie uns.\nOder rufen Sie uns an.\nWir laden Sie dann ein.',
			costs: null
		}
	});
	return { groupId: group.id };
}
