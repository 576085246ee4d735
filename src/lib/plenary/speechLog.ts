import type * as Y from 'yjs';
import { kindOf, reasonOf, type SpeakerKind } from './speakerKinds';

/**
 * Who spoke on which agenda item, and for how long: one entry per finished speech, in the
 * session's document (map `speeches`, keyed by the speech's id). It is written in the same
 * transaction that ends the speech, by whoever runs the session, so it is exactly as durable as
 * the list of speakers and never disagrees with it. Keyed rather than appended: when two
 * moderators end the same speech at once, both write the same key and one entry remains.
 * Like everything a writer's client could touch, each entry is checked when read.
 */
export const SPEECHES = 'speeches';
/** The longest speech the log believes (a day); anything longer is a broken clock. */
const MAX_SECONDS = 86_400;

export interface Speech {
	id: string;
	/** The agenda item spoken to; null when no item was current. */
	itemId: string | null;
	personId: string;
	name: string;
	kind: SpeakerKind;
	reason: string;
	seconds: number;
	/** When the speech ended (ms since the epoch). */
	endedAt: number;
}

export interface SpeakerCounts {
	/** Everyone who asked on this item and did not withdraw: waiting, speaking or done. */
	requests: number;
	waiting: number;
	speeches: number;
	/** Seconds of all finished speeches. */
	seconds: number;
	pro: number;
	contra: number;
	order: number;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

/** The list key of an item: the empty string stands for "no item" (a Y.Map key cannot be null). */
export const NO_ITEM = '';
export const itemIdOf = (key: string): string | null => (key === NO_ITEM ? null : key);

/** Every finished speech, oldest first; entries that are not speeches are skipped. */
export function readSpeechLog(doc: Y.Doc): Speech[] {
	const speeches: Speech[] = [];
	doc.getMap(SPEECHES).forEach((value, id) => {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
		const entry = value as Record<string, unknown>;
		const personId = text(entry.personId, 64);
		if (!personId || typeof entry.itemId !== 'string' || entry.itemId.length > 64 || !finite(entry.endedAt) || !finite(entry.seconds)) return;
		const kind = kindOf(entry.kind);
		speeches.push({
			id: id.slice(0, 64),
			itemId: itemIdOf(entry.itemId),
			personId,
			name: text(entry.name, 200),
			kind,
			reason: reasonOf(kind, entry.reason),
			seconds: Math.round(Math.min(Math.max(entry.seconds, 0), MAX_SECONDS)),
			endedAt: entry.endedAt
		});
	});
	return speeches.sort((a, b) => a.endedAt - b.endedAt || (a.id < b.id ? -1 : 1));
}

/** Records a finished speech under its id (the id of the request it came from). */
export function logSpeech(doc: Y.Doc, id: string, speech: Omit<Speech, 'id' | 'itemId'> & { itemKey: string }): void {
	const { itemKey, ...rest } = speech;
	doc.getMap(SPEECHES).set(id, {
		...rest,
		itemId: itemKey,
		seconds: Math.round(Math.min(Math.max(rest.seconds, 0), MAX_SECONDS))
	});
}

/**
 * The counts of one item's list: its finished speeches, the requests still waiting, and whether
 * someone is speaking to it now. Pro, contra and points of order count every request, spoken or not.
 */
export function countSpeakers(spoken: Speech[], waiting: { kind: SpeakerKind }[], speakingNow: { kind: SpeakerKind } | null = null): SpeakerCounts {
	const all: { kind: SpeakerKind }[] = [...spoken, ...waiting, ...(speakingNow ? [speakingNow] : [])];
	const of = (kind: SpeakerKind) => all.filter((entry) => entry.kind === kind).length;
	return {
		requests: all.length,
		waiting: waiting.length,
		speeches: spoken.length,
		seconds: spoken.reduce((sum, speech) => sum + speech.seconds, 0),
		pro: of('pro'),
		contra: of('contra'),
		order: of('order')
	};
}

export interface ItemSpeeches {
	/** null: spoken while no item was current. */
	itemId: string | null;
	/** The item is no longer on the agenda (it was removed after people spoke to it). */
	removed: boolean;
	speeches: Speech[];
	counts: SpeakerCounts;
}

/**
 * The log grouped for the session's record: items in agenda order, then speeches made while no
 * item was current, then those of items since removed. Items nobody spoke to are left out.
 */
export function speechesByItem(log: Speech[], agendaOrder: readonly string[]): ItemSpeeches[] {
	const groups = new Map<string | null, Speech[]>();
	for (const speech of log) {
		const list = groups.get(speech.itemId);
		if (list) list.push(speech);
		else groups.set(speech.itemId, [speech]);
	}
	const known = new Set(agendaOrder);
	const keys = [
		...agendaOrder.filter((id) => groups.has(id)),
		...(groups.has(null) ? [null] : []),
		...[...groups.keys()].filter((id) => id !== null && !known.has(id))
	];
	return keys.map((itemId) => {
		const speeches = groups.get(itemId)!;
		return { itemId, removed: itemId !== null && !known.has(itemId), speeches, counts: countSpeakers(speeches, []) };
	});
}

/** "3:05", or "1:02:05" past an hour: a duration as the clock on the wall shows it. */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	const two = (n: number) => String(n).padStart(2, '0');
	const hours = Math.floor(s / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	return hours > 0 ? `${hours}:${two(minutes)}:${two(s % 60)}` : `${minutes}:${two(s % 60)}`;
}
