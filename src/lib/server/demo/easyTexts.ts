import { and, eq, inArray } from 'drizzle-orm';
import { plenaryDoc } from '../../collab/docNames';
import { PUBLIC_STATUSES } from '../../recommendations/status';
import { agendaItemSubjectId, type EasyTextKind } from '../../easy/versions';
import { readAgenda } from '../../plenary/agenda';
import { first, type Data } from '../db/client';
import { readDocumentOn } from '../collab/readDocument';
import { checkEasyText } from '../commands/checkEasyText';
import { writeEasyText } from '../commands/writeEasyText';
import type { Actor } from '../policies';

const lines = (...sentences: string[]) => sentences.join('\n');

/**
 * Easy-language versions for today's sitting, as the office writes them and the Prüfgruppe
 * checks them: most checked, one still a draft, one missing, so the easy pages show all three.
 */
export async function seedEasyTexts(data: Data, input: { conferenceId: string; office: Actor; checker: Actor; todaySessionId: string }) {
	const { conferenceId, office, checker } = input;
	const { groupMeetings, meetingMinutes, recommendations, workingGroups } = data.t;
	const write = async (kind: EasyTextKind, subjectId: string, body: string, checked: boolean) => {
		const saved = await writeEasyText(data, office, { conferenceId, kind, subjectId, body, basedOn: null });
		if (checked) await checkEasyText(data, checker, { conferenceId, kind, subjectId, basedOn: saved.writtenAt.getTime() });
	};
	await write(
		'plenary_session',
		input.todaySessionId,
		lines(
			'Heute ist das Plenum.',
			'Das Plenum ist das große Treffen der Gesundheits·konferenz.',
			'Heute geht es um junge Menschen.',
			'Manche junge Menschen haben Sorgen und Ängste.',
			'Wir sprechen darüber: Wie bekommen sie gute Hilfe?',
			'Das Treffen beginnt um 17:00 Uhr.',
			'Es ist im Landratsamt in Raum 101.'
		),
		true
	);
	await write(
		'invitation',
		conferenceId,
		lines(
			'Hallo!',
			'Sie sind eingeladen.',
			'Zur Gesundheits·konferenz im Landkreis Musterstadt.',
			'Mit Ihrem Link kommen Sie auf unsere Internet·seite.',
			'Sie brauchen kein Passwort.'
		),
		true
	);
	const items = await readDocumentOn(data, plenaryDoc(input.todaySessionId), readAgenda);
	const easy: Record<string, [string, boolean]> = {
		'Begrüßung und Feststellung der Beschlussfähigkeit': [
			lines('Der Landrat begrüßt alle.', 'Dann zählen wir: Sind genug Mitglieder da?', 'Nur dann darf das Plenum abstimmen.'),
			true
		],
		'Bericht der Geschäftsstelle': [lines('Die Geschäfts·stelle erzählt:', 'Das haben wir seit dem letzten Plenum gemacht.'), true],
		// Still a draft: the easy pages show it with the note that nobody has checked it yet.
		'Psychische Gesundheit junger Menschen im Landkreis: Lagebild': [
			lines('Yusuf Arslan erzählt:', 'So geht es jungen Menschen im Landkreis.', 'Er zeigt Zahlen und Bilder.'),
			false
		],
		'Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen': [
			lines(
				'Die Arbeits·gruppe hat eine Idee.',
				'Beratungs·stellen sollen in die Schulen kommen.',
				'Dann finden Schüler leichter Hilfe.',
				'Es soll auch ein Heft in Leichter Sprache geben.',
				'Das Plenum stimmt heute darüber ab.'
			),
			true
		]
		// "Verschiedenes" has no easy version yet: the easy pages show the standard title with a note.
	};
	for (const item of items) {
		const text = easy[item.title];
		if (text) await write('agenda_item', agendaItemSubjectId(input.todaySessionId, item.id), text[0], text[1]);
	}
	// A summary of approved minutes, for the group's self-advocates (on their dates page).
	const approved = first(
		await data.q
			.select({ meetingId: meetingMinutes.meetingId })
			.from(meetingMinutes)
			.innerJoin(groupMeetings, eq(groupMeetings.id, meetingMinutes.meetingId))
			.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
			.where(and(eq(workingGroups.conferenceId, conferenceId), eq(workingGroups.name, 'AG Zugang für alle'), eq(meetingMinutes.status, 'approved')))
	);
	if (approved)
		await write(
			'minutes',
			approved.meetingId,
			lines(
				'Die Gruppe hat über Arzt·praxen gesprochen.',
				'Nur 3 von 10 Praxen sind ohne Stufen.',
				'Manche Menschen brauchen Hilfe beim Übersetzen.',
				'Die Gruppe möchte eine Liste mit guten Praxen.',
				'Die Unterlagen kommen jetzt 2 Wochen vor jedem Treffen.'
			),
			true
		);
	// The adopted recommendations' easy summaries, taken over by the office from what the groups wrote, checked for the public pages.
	const adopted = await data.q
		.select({ id: recommendations.id, easySummary: recommendations.easySummary })
		.from(recommendations)
		.where(and(eq(recommendations.conferenceId, conferenceId), inArray(recommendations.status, [...PUBLIC_STATUSES])))
		.orderBy(recommendations.createdAt, recommendations.id);
	for (const recommendation of adopted) {
		if (recommendation.easySummary) await write('recommendation', recommendation.id, recommendation.easySummary, true);
	}
}
