import { agendaItemSubjectId, type EasyVersion } from '../../easy/versions';
import { schedule, type AgendaItemType } from '../../plenary/agenda';
import { placeOf } from '../../plenary/speakers';
import type { PlenaryView } from '../../plenary/view';
import { plenaryViewOn } from '../queries/plenaryView';
import type { Data } from '../db/client';
import { easyVersionsOf } from './versions';
import { agendaItemText } from '../../easy/standardTexts';

export interface EasyAgendaItem {
	id: string;
	number: string | null;
	type: AgendaItemType;
	title: string;
	description: string;
	plannedStart: Date;
	easy: EasyVersion;
	current: boolean;
}

/**
 * A session's agenda with each item's easy version, what is on now, and where the person stands
 * on the list of speakers: read from the running document server's copy, so a reload shows what
 * the moderator did a moment ago. A document that cannot be opened shows nothing (`broken`: the
 * page says so), and the pages that list sessions still show the others.
 */
export async function easyPlenaryView(data: Data, session: { id: string; startsAt: Date }, personId: string) {
	const read = await plenaryViewOn(data, session.id);
	const broken = read === null;
	const view: Partial<PlenaryView> = read ?? {};
	const agenda = view.agenda ?? [];
	const currentId = view.now?.current?.id ?? null;
	const versions = await easyVersionsOf(
		data,
		'agenda_item',
		agenda.map((item) => ({ subjectId: agendaItemSubjectId(session.id, item.id), standardText: agendaItemText(item) }))
	);
	const items: EasyAgendaItem[] = schedule(agenda, session.startsAt).map((item) => ({
		id: item.id,
		number: item.number,
		type: item.type,
		title: item.title,
		description: item.description,
		plannedStart: item.plannedStart,
		easy: versions.get(agendaItemSubjectId(session.id, item.id))!,
		current: item.id === currentId
	}));
	const speakers = view.speakers;
	return {
		items,
		broken,
		current: items.find((item) => item.current) ?? null,
		announcement: view.now?.announcement ?? '',
		speakers: {
			place: speakers ? placeOf(speakers, personId) : null,
			closed: speakers?.closed ?? false,
			speakingNow: speakers?.speaking?.personId === personId
		}
	};
}
