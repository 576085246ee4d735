import type { EasyTextKind } from '../../../easy/versions';
import { agendaItemTexts } from './agendaItems';
import { digestTexts } from './digests';
import { groupMeetingTexts } from './groupMeetings';
import { invitationTexts } from './invitation';
import { minutesTexts } from './minutes';
import { plenarySessionTexts } from './plenarySessions';
import { recommendationTextsSource } from './recommendations';
import type { EasySource } from './types';

export type { EasySource, EasySubject } from './types';

/** Every kind of participant-facing text, and where its texts come from (keyed by each source's kind). */
export const EASY_SOURCES: Record<EasyTextKind, EasySource> = {
	plenary_session: plenarySessionTexts,
	agenda_item: agendaItemTexts,
	group_meeting: groupMeetingTexts,
	recommendation: recommendationTextsSource,
	minutes: minutesTexts,
	invitation: invitationTexts,
	digest: digestTexts
};
