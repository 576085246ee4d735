import type * as Y from 'yjs';
import { AGENDA, readAgenda, type AgendaItem } from './agenda';
import { LIVE, readLive, type LiveState } from './live';
import { POLL, readPoll, type PublicPoll } from './poll';
import { readSpeakers, SPEAKER_LISTS, SPEAKERS, type SpeakersState } from './speakers';
import { SPEECHES } from './speechLog';

/** Everything a screen shows of a session's document. */
export interface PlenaryView {
	agenda: AgendaItem[];
	now: LiveState;
	speakers: SpeakersState;
	poll: PublicPoll | null;
}

/** Which maps of the document each part of the view is read from. */
const SOURCES: { [K in keyof PlenaryView]: readonly string[] } = {
	agenda: [AGENDA],
	now: [LIVE, AGENDA],
	speakers: [SPEAKERS, SPEAKER_LISTS, SPEECHES, LIVE],
	poll: [POLL]
};

/**
 * Reads the parts of the view that depend on the maps `changed` names (all of them by default)
 * and leaves the others out; `agenda` is the agenda read before, still good when the agenda did
 * not change. A phone following a session of hundreds then reads only what a change touched,
 * once per transaction, rather than everything for each map it touched.
 */
export function readView(doc: Y.Doc, changed: (map: string) => boolean = () => true, agenda: AgendaItem[] | null = null): Partial<PlenaryView> {
	const stale = (part: keyof PlenaryView) => SOURCES[part].some(changed);
	const view: Partial<PlenaryView> = {};
	if (stale('agenda') || (stale('now') && !agenda)) agenda = view.agenda = readAgenda(doc);
	if (stale('now')) view.now = readLive(doc, agenda ?? undefined);
	if (stale('speakers')) view.speakers = readSpeakers(doc);
	if (stale('poll')) view.poll = readPoll(doc);
	return view;
}

/** The names of the document's maps a transaction changed, for `readView`. */
export function changedMaps(doc: Y.Doc, transaction: Y.Transaction): (map: string) => boolean {
	// Keyed by every type whose content or descendants changed, top-level maps included.
	const changed = transaction.changedParentTypes as Map<unknown, unknown>;
	return (map) => changed.has(doc.getMap(map));
}
