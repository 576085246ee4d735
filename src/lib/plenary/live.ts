import type * as Y from 'yjs';
import { readAgenda, type AgendaItem } from './agenda';

/**
 * What is happening now in a running session, in the same document as its agenda
 * (`plenary:<sessionId>`, map `live`): the current item and a one-line announcement to all
 * screens. Written by those who run the session; read by every screen, checked like the agenda.
 */
export const LIVE = 'live';
export const ANNOUNCEMENT_MAX = 200;

export interface LiveState {
	current: AgendaItem | null;
	/** When the current item was started (ms since the epoch), for ahead/behind schedule. */
	currentSince: number | null;
	announcement: string;
}

/** `agenda`: the document's agenda when the caller has just read it (it is read otherwise). */
export function readLive(doc: Y.Doc, agenda?: AgendaItem[]): LiveState {
	const live = doc.getMap(LIVE);
	const id = live.get('currentItemId');
	const since = live.get('currentSince');
	const announcement = live.get('announcement');
	const current = typeof id === 'string' ? ((agenda ?? readAgenda(doc)).find((item) => item.id === id) ?? null) : null;
	return {
		current,
		currentSince: current && typeof since === 'number' && Number.isFinite(since) ? since : null,
		announcement: typeof announcement === 'string' ? announcement.replace(/\s+/g, ' ').trim().slice(0, ANNOUNCEMENT_MAX) : ''
	};
}

/** Makes an item the current one (or none), noting when, so the schedule can say ahead or behind. */
export function setCurrentItem(doc: Y.Doc, itemId: string | null, now = Date.now()): void {
	const live = doc.getMap(LIVE);
	doc.transact(() => {
		live.set('currentItemId', itemId);
		live.set('currentSince', itemId ? now : null);
	});
}

export function announce(doc: Y.Doc, text: string): void {
	doc.getMap(LIVE).set('announcement', text.replace(/\s+/g, ' ').trim().slice(0, ANNOUNCEMENT_MAX));
}

/**
 * Minutes ahead (negative) or behind (positive) the plan: the current item started this much
 * later than planned. Null when nothing is current.
 */
export function minutesBehind(plannedStart: Date | null, currentSince: number | null): number | null {
	if (!plannedStart || currentSince === null) return null;
	return Math.round((currentSince - plannedStart.getTime()) / 60_000);
}
