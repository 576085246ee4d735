import * as Y from 'yjs';
import { LIVE } from './live';
import { kindOf, reasonOf, REASON_MAX, SPEAKER_KINDS, type SpeakerKind } from './speakerKinds';
import { countSpeakers, itemIdOf, logSpeech, NO_ITEM, readSpeechLog, type SpeakerCounts, type Speech } from './speechLog';

export { REASON_MAX, SPEAKER_KINDS, type SpeakerKind };

/**
 * The lists of speakers of a running session, one per agenda item, as OpenSlides keeps them.
 * All requests sit in the document's map `speakers` (one Y.Map per request, ordered by
 * `position`, points of order first), each naming its item (`itemId`, the empty string for "no
 * item"); the list shown is the current item's. Making another item current therefore shows that
 * item's list, and the earlier item's open requests stay with it until it is current again.
 * Whether a list is closed is kept per item (map `speakerLists`); who speaks now, the speaking
 * time and the sitting's options (pro/contra, points of order) in `live`. A finished speech goes
 * into the log (speechLog.ts) in the same transaction that ends it.
 *
 * Documents from before the lists were per item hold requests without `itemId`, and a
 * `live.speakersClosed` for the whole sitting: both belong to the item current when they are
 * read (or to "no item"), and the first change made through this module writes that down.
 *
 * Moderators change the lists in their browsers; participants ask to speak and withdraw through
 * server commands, which write here with the server's origin. Everything read is checked, since
 * any writer's client could have put anything into the document.
 */
export const SPEAKERS = 'speakers';
export const SPEAKER_LISTS = 'speakerLists';
export const DEFAULT_SPEAKING_SECONDS = 180;

export interface SpeakerRequest {
	id: string;
	personId: string;
	name: string;
	kind: SpeakerKind;
	/** A point of order's reason; empty otherwise. */
	reason: string;
}

export interface Speaking {
	personId: string;
	name: string;
	kind: SpeakerKind;
	/** When the clock started (ms since the epoch), or null while it is stopped. */
	startedAt: number | null;
	/** Seconds already spoken before the last stop. */
	elapsedSeconds: number;
	limitSeconds: number;
}

/** What the sitting offers those who ask to speak; set by whoever runs it, for the whole sitting. */
export interface SpeakerOptions {
	/** Requests may say "for" or "against". */
	proContra: boolean;
	/** Points of order may be raised (before everyone else, also on a closed list). */
	pointOfOrder: boolean;
}
export const DEFAULT_SPEAKER_OPTIONS: SpeakerOptions = { proContra: false, pointOfOrder: true };

export interface SpeakersState {
	/** The item whose list this is (the current one); null when no item is current. */
	itemId: string | null;
	queue: SpeakerRequest[];
	closed: boolean;
	speaking: Speaking | null;
	speakingSeconds: number;
	options: SpeakerOptions;
	/** This item's finished speeches, oldest first. */
	spoken: Speech[];
	counts: SpeakerCounts;
}

const text = (value: unknown, max = 200) => (typeof value === 'string' ? value.slice(0, max) : '');
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const plain = (value: unknown): Record<string, unknown> | null =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType) ? (value as Record<string, unknown>) : null;

function requests(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap(SPEAKERS) as Y.Map<Y.Map<unknown>>;
}

/** The list key of the current item (NO_ITEM when none is). */
function currentKey(doc: Y.Doc): string {
	const id = doc.getMap(LIVE).get('currentItemId');
	return typeof id === 'string' && id.length <= 64 ? id : NO_ITEM;
}

/** The list a stored request belongs to: its own item, the current one when it predates items, or none when it is garbage. */
function keyOf(entry: Y.Map<unknown>, current: string): string | null {
	if (!entry.has('itemId')) return current;
	const itemId = entry.get('itemId');
	return typeof itemId === 'string' && itemId.length <= 64 ? itemId : null;
}

interface StoredRequest extends SpeakerRequest {
	key: string;
	position: number;
}

function readRequests(doc: Y.Doc, current: string): StoredRequest[] {
	const entries: StoredRequest[] = [];
	requests(doc).forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const personId = text(value.get('personId'), 64);
		const key = keyOf(value, current);
		if (!personId || key === null) return;
		const position = value.get('position');
		const kind = kindOf(value.get('kind'));
		entries.push({
			id,
			key,
			personId,
			name: text(value.get('name')),
			kind,
			reason: reasonOf(kind, value.get('reason')),
			position: finite(position) ? position : Number.MAX_SAFE_INTEGER
		});
	});
	const rank = (e: { kind: SpeakerKind }) => (e.kind === 'order' ? 0 : 1);
	return entries.sort((a, b) => rank(a) - rank(b) || a.position - b.position || (a.id < b.id ? -1 : 1));
}

function closedOf(doc: Y.Doc, key: string, current: string): boolean {
	const own = plain(doc.getMap(SPEAKER_LISTS).get(key));
	if (own) return own.closed === true;
	// A sitting-wide "closed" from before the lists were per item is the current list's.
	return key === current && doc.getMap(LIVE).get('speakersClosed') === true;
}

export function readSpeakerOptions(doc: Y.Doc): SpeakerOptions {
	const stored = plain(doc.getMap(LIVE).get('speakerOptions')) ?? {};
	const flag = (name: keyof SpeakerOptions) => (typeof stored[name] === 'boolean' ? (stored[name] as boolean) : DEFAULT_SPEAKER_OPTIONS[name]);
	return { proContra: flag('proContra'), pointOfOrder: flag('pointOfOrder') };
}

/** The raw `live.speaking` map when it names a person, else null. */
function speakingMap(doc: Y.Doc): Y.Map<unknown> | null {
	const raw = doc.getMap(LIVE).get('speaking');
	return raw instanceof Y.Map && text(raw.get('personId'), 64) ? raw : null;
}

function speakingSecondsOf(doc: Y.Doc): number {
	const limit = doc.getMap(LIVE).get('speakingSeconds');
	return finite(limit) && limit >= 10 && limit <= 3600 ? Math.round(limit) : DEFAULT_SPEAKING_SECONDS;
}

function readSpeaking(doc: Y.Doc, speakingSeconds: number): Speaking | null {
	const raw = speakingMap(doc);
	if (!raw) return null;
	const startedAt = raw.get('startedAt');
	const elapsed = raw.get('elapsedSeconds');
	const own = raw.get('limitSeconds');
	return {
		personId: text(raw.get('personId'), 64),
		name: text(raw.get('name')),
		kind: kindOf(raw.get('kind')),
		startedAt: finite(startedAt) ? startedAt : null,
		elapsedSeconds: finite(elapsed) ? Math.max(0, elapsed) : 0,
		limitSeconds: finite(own) && own >= 10 ? Math.round(own) : speakingSeconds
	};
}

/**
 * The list of speakers of an item (by default the current one) with who speaks now, the options,
 * and the item's speeches so far. `itemId` null is the list of "no item".
 */
export function readSpeakers(doc: Y.Doc, itemId?: string | null): SpeakersState {
	const current = currentKey(doc);
	const key = itemId === undefined ? current : (itemId ?? NO_ITEM);
	const queue = readRequests(doc, current)
		.filter((entry) => entry.key === key)
		.map(({ id, personId, name, kind, reason }) => ({ id, personId, name, kind, reason }));
	const speakingSeconds = speakingSecondsOf(doc);
	const speaking = readSpeaking(doc, speakingSeconds);
	const raw = speakingMap(doc);
	const speakingHere = raw && (raw.has('itemId') ? raw.get('itemId') === key : key === current) ? speaking : null;
	const spoken = readSpeechLog(doc).filter((speech) => (speech.itemId ?? NO_ITEM) === key);
	return {
		itemId: itemIdOf(key),
		queue,
		closed: closedOf(doc, key, current),
		speaking,
		speakingSeconds,
		options: readSpeakerOptions(doc),
		spoken,
		counts: countSpeakers(spoken, queue, speakingHere)
	};
}

/** How many requests wait on each item's list other than the current one (those carried over). */
export function waitingElsewhere(doc: Y.Doc): { itemId: string | null; count: number }[] {
	const current = currentKey(doc);
	const counts = new Map<string, number>();
	for (const entry of readRequests(doc, current)) if (entry.key !== current) counts.set(entry.key, (counts.get(entry.key) ?? 0) + 1);
	return [...counts].map(([key, count]) => ({ itemId: itemIdOf(key), count }));
}

/** Seconds left for the current speaker at `now`; negative is overtime. */
export function secondsLeft(speaking: Speaking, now = Date.now()): number {
	const running = speaking.startedAt === null ? 0 : (now - speaking.startedAt) / 1000;
	return Math.ceil(speaking.limitSeconds - speaking.elapsedSeconds - running);
}

function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return [...bytes]
		.map((b) => b.toString(36).padStart(2, '0'))
		.join('')
		.slice(0, 12);
}

/** A person's place on the list (1-based), or null when they are not on it. */
export function placeOf(state: SpeakersState, personId: string): number | null {
	const index = state.queue.findIndex((entry) => entry.personId === personId);
	return index < 0 ? null : index + 1;
}

/**
 * Writes down what an old document leaves to the moment of reading: requests without an item
 * and a sitting-wide "closed" become the current item's. Once written, changing the item no
 * longer takes them along. Changes nothing in a document that has none.
 */
export function settleSpeakers(doc: Y.Doc): void {
	const current = currentKey(doc);
	const live = doc.getMap(LIVE);
	const legacy: Y.Map<unknown>[] = [];
	requests(doc).forEach((value) => {
		if (value instanceof Y.Map && !value.has('itemId')) legacy.push(value);
	});
	if (legacy.length === 0 && !live.has('speakersClosed')) return;
	doc.transact(() => {
		for (const entry of legacy) entry.set('itemId', current);
		if (live.has('speakersClosed')) {
			if (!doc.getMap(SPEAKER_LISTS).has(current)) doc.getMap(SPEAKER_LISTS).set(current, { closed: live.get('speakersClosed') === true });
			live.delete('speakersClosed');
		}
	});
}

/**
 * Adds a person at the end of the current item's list (a point of order goes before all other
 * requests). `reason` is kept for a point of order only.
 */
export function addSpeaker(doc: Y.Doc, person: { personId: string; name: string }, kind: SpeakerKind = 'normal', reason = ''): string {
	const id = newId();
	doc.transact(() => {
		settleSpeakers(doc);
		let last = 0;
		requests(doc).forEach((value) => {
			const position = value instanceof Y.Map ? value.get('position') : undefined;
			if (finite(position)) last = Math.max(last, position);
		});
		const entry = new Y.Map<unknown>();
		requests(doc).set(id, entry);
		entry.set('personId', person.personId);
		entry.set('name', person.name);
		entry.set('kind', kind);
		entry.set('itemId', currentKey(doc));
		const why = reasonOf(kind, reason);
		if (why) entry.set('reason', why);
		entry.set('position', last + 1);
	});
	return id;
}

export function removeSpeaker(doc: Y.Doc, id: string): void {
	requests(doc).delete(id);
}

/** Removes every request of a person from the current item's list (they withdrew). */
export function withdrawSpeaker(doc: Y.Doc, personId: string): void {
	doc.transact(() => {
		for (const entry of readSpeakers(doc).queue) if (entry.personId === personId) requests(doc).delete(entry.id);
	});
}

/** Moves a request one place up or down on its list, never past the line between points of order and the rest. */
export function moveSpeaker(doc: Y.Doc, id: string, direction: -1 | 1): void {
	const queue = readSpeakers(doc).queue;
	const index = queue.findIndex((entry) => entry.id === id);
	const other = queue[index + direction];
	if (index < 0 || !other || (other.kind === 'order') !== (queue[index].kind === 'order')) return;
	doc.transact(() => {
		settleSpeakers(doc);
		// Renumbered in order first, so equal or missing positions cannot stall a move. Positions
		// are compared within a list only, so the other lists' numbers do not matter.
		queue.forEach((entry, i) =>
			requests(doc)
				.get(entry.id)!
				.set('position', i + 1)
		);
		requests(doc)
			.get(id)!
			.set('position', index + direction + 1);
		requests(doc)
			.get(other.id)!
			.set('position', index + 1);
	});
}

/** Closes or reopens the current item's list (points of order are still taken on a closed one). */
export function setSpeakersClosed(doc: Y.Doc, closed: boolean): void {
	doc.transact(() => {
		settleSpeakers(doc);
		doc.getMap(SPEAKER_LISTS).set(currentKey(doc), { closed });
	});
}

export function setSpeakingSeconds(doc: Y.Doc, seconds: number): void {
	doc.getMap(LIVE).set('speakingSeconds', Math.min(Math.max(Math.round(seconds), 10), 3600));
}

export function setSpeakerOptions(doc: Y.Doc, change: Partial<SpeakerOptions>): void {
	doc.getMap(LIVE).set('speakerOptions', { ...readSpeakerOptions(doc), ...change });
}

/** Ends the current speech, if any, and writes it into the log with the time spoken. */
function finishSpeech(doc: Y.Doc, now: number): void {
	const raw = speakingMap(doc);
	const speaking = readSpeaking(doc, speakingSecondsOf(doc));
	if (!raw || !speaking) return;
	const running = speaking.startedAt === null ? 0 : Math.max(0, now - speaking.startedAt) / 1000;
	const id = text(raw.get('id'), 64) || newId();
	const itemKey = raw.has('itemId') && typeof raw.get('itemId') === 'string' ? text(raw.get('itemId'), 64) : currentKey(doc);
	logSpeech(doc, id, {
		itemKey,
		personId: speaking.personId,
		name: speaking.name,
		kind: speaking.kind,
		reason: reasonOf(speaking.kind, raw.get('reason')),
		seconds: speaking.elapsedSeconds + running,
		endedAt: now
	});
}

/**
 * The first on the current item's list takes the floor (their request leaves the list) and the
 * clock starts; whoever spoke before is logged with the time they spoke. With nobody on the list
 * the floor is simply closed.
 */
export function nextSpeaker(doc: Y.Doc, now = Date.now()): void {
	const state = readSpeakers(doc);
	const first = state.queue[0];
	doc.transact(() => {
		settleSpeakers(doc);
		finishSpeech(doc, now);
		if (!first) {
			doc.getMap(LIVE).set('speaking', null);
			return;
		}
		requests(doc).delete(first.id);
		const speaking = new Y.Map<unknown>();
		doc.getMap(LIVE).set('speaking', speaking);
		speaking.set('id', first.id);
		speaking.set('personId', first.personId);
		speaking.set('name', first.name);
		speaking.set('kind', first.kind);
		if (first.reason) speaking.set('reason', first.reason);
		speaking.set('itemId', state.itemId ?? NO_ITEM);
		speaking.set('startedAt', now);
		speaking.set('elapsedSeconds', 0);
		speaking.set('limitSeconds', state.speakingSeconds);
	});
}

/** Stops or restarts the current speaker's clock, keeping the time already spoken. */
export function toggleSpeakerClock(doc: Y.Doc, now = Date.now()): void {
	const speaking = speakingMap(doc);
	if (!speaking) return;
	const state = readSpeaking(doc, speakingSecondsOf(doc))!;
	doc.transact(() => {
		if (state.startedAt === null) speaking.set('startedAt', now);
		else {
			speaking.set('elapsedSeconds', state.elapsedSeconds + Math.max(0, now - state.startedAt) / 1000);
			speaking.set('startedAt', null);
		}
	});
}

/** The current speaker yields the floor; their speech goes into the log. */
export function endSpeaker(doc: Y.Doc, now = Date.now()): void {
	doc.transact(() => {
		finishSpeech(doc, now);
		doc.getMap(LIVE).set('speaking', null);
	});
}
