import * as Y from 'yjs';
import { LIVE } from './live';

/**
 * The list of speakers of a running session, in the session's document (map `speakers`, one
 * Y.Map per request, ordered by `position`; points of order jump the queue) and who speaks now
 * (in the `live` map). Moderators change it in their browsers; participants ask to speak and
 * withdraw through server commands, which write here with the server's origin.
 */
export const SPEAKERS = 'speakers';
export const SPEAKER_KINDS = ['normal', 'order'] as const;
export type SpeakerKind = (typeof SPEAKER_KINDS)[number];
export const DEFAULT_SPEAKING_SECONDS = 180;

export interface SpeakerRequest {
	id: string;
	personId: string;
	name: string;
	kind: SpeakerKind;
}

export interface Speaking {
	personId: string;
	name: string;
	/** When the clock started (ms since the epoch), or null while it is stopped. */
	startedAt: number | null;
	/** Seconds already spoken before the last stop. */
	elapsedSeconds: number;
	limitSeconds: number;
}

export interface SpeakersState {
	queue: SpeakerRequest[];
	closed: boolean;
	speaking: Speaking | null;
	speakingSeconds: number;
}

const text = (value: unknown, max = 200) => (typeof value === 'string' ? value.slice(0, max) : '');
const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

function requests(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap(SPEAKERS) as Y.Map<Y.Map<unknown>>;
}

export function readSpeakers(doc: Y.Doc): SpeakersState {
	const entries: (SpeakerRequest & { position: number })[] = [];
	requests(doc).forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const personId = text(value.get('personId'), 64);
		if (!personId) return;
		const position = value.get('position');
		entries.push({
			id,
			personId,
			name: text(value.get('name')),
			kind: value.get('kind') === 'order' ? 'order' : 'normal',
			position: finite(position) ? (position as number) : Number.MAX_SAFE_INTEGER
		});
	});
	const rank = (e: { kind: SpeakerKind }) => (e.kind === 'order' ? 0 : 1);
	entries.sort((a, b) => rank(a) - rank(b) || a.position - b.position || (a.id < b.id ? -1 : 1));
	const live = doc.getMap(LIVE);
	const limit = live.get('speakingSeconds');
	const speakingSeconds = finite(limit) && (limit as number) >= 10 && (limit as number) <= 3600 ? Math.round(limit as number) : DEFAULT_SPEAKING_SECONDS;
	const raw = live.get('speaking');
	let speaking: Speaking | null = null;
	if (raw instanceof Y.Map && text(raw.get('personId'), 64)) {
		const startedAt = raw.get('startedAt');
		const elapsed = raw.get('elapsedSeconds');
		const own = raw.get('limitSeconds');
		speaking = {
			personId: text(raw.get('personId'), 64),
			name: text(raw.get('name')),
			startedAt: finite(startedAt) ? (startedAt as number) : null,
			elapsedSeconds: finite(elapsed) ? Math.max(0, elapsed as number) : 0,
			limitSeconds: finite(own) && (own as number) >= 10 ? Math.round(own as number) : speakingSeconds
		};
	}
	return { queue: entries.map(({ position: _position, ...entry }) => entry), closed: live.get('speakersClosed') === true, speaking, speakingSeconds };
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

/** A person's place in the queue (1-based), or null when they are not on it. */
export function placeOf(state: SpeakersState, personId: string): number | null {
	const index = state.queue.findIndex((entry) => entry.personId === personId);
	return index < 0 ? null : index + 1;
}

/** Adds a person at the end of the list (a point of order goes before all ordinary requests). */
export function addSpeaker(doc: Y.Doc, person: { personId: string; name: string }, kind: SpeakerKind = 'normal'): string {
	const id = newId();
	doc.transact(() => {
		let last = 0;
		requests(doc).forEach((value) => {
			const position = value instanceof Y.Map ? value.get('position') : undefined;
			if (finite(position)) last = Math.max(last, position as number);
		});
		const entry = new Y.Map<unknown>();
		requests(doc).set(id, entry);
		entry.set('personId', person.personId);
		entry.set('name', person.name);
		entry.set('kind', kind);
		entry.set('position', last + 1);
	});
	return id;
}

export function removeSpeaker(doc: Y.Doc, id: string): void {
	requests(doc).delete(id);
}

/** Removes every request of a person (they withdrew). */
export function withdrawSpeaker(doc: Y.Doc, personId: string): void {
	doc.transact(() => {
		for (const entry of readSpeakers(doc).queue) if (entry.personId === personId) requests(doc).delete(entry.id);
	});
}

/** Moves a request one place up or down among requests of its kind. */
export function moveSpeaker(doc: Y.Doc, id: string, direction: -1 | 1): void {
	const queue = readSpeakers(doc).queue;
	const index = queue.findIndex((entry) => entry.id === id);
	const other = queue[index + direction];
	if (index < 0 || !other || other.kind !== queue[index].kind) return;
	doc.transact(() => {
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

export function setSpeakersClosed(doc: Y.Doc, closed: boolean): void {
	doc.getMap(LIVE).set('speakersClosed', closed);
}

export function setSpeakingSeconds(doc: Y.Doc, seconds: number): void {
	doc.getMap(LIVE).set('speakingSeconds', Math.min(Math.max(Math.round(seconds), 10), 3600));
}

/** The first on the list takes the floor (their request leaves the list); the clock starts. */
export function nextSpeaker(doc: Y.Doc, now = Date.now()): void {
	const state = readSpeakers(doc);
	const first = state.queue[0];
	doc.transact(() => {
		if (!first) {
			doc.getMap(LIVE).set('speaking', null);
			return;
		}
		requests(doc).delete(first.id);
		const speaking = new Y.Map<unknown>();
		doc.getMap(LIVE).set('speaking', speaking);
		speaking.set('personId', first.personId);
		speaking.set('name', first.name);
		speaking.set('startedAt', now);
		speaking.set('elapsedSeconds', 0);
		speaking.set('limitSeconds', state.speakingSeconds);
	});
}

/** Stops or restarts the current speaker's clock, keeping the time already spoken. */
export function toggleSpeakerClock(doc: Y.Doc, now = Date.now()): void {
	const speaking = doc.getMap(LIVE).get('speaking');
	if (!(speaking instanceof Y.Map)) return;
	const state = readSpeakers(doc).speaking!;
	doc.transact(() => {
		if (state.startedAt === null) speaking.set('startedAt', now);
		else {
			speaking.set('elapsedSeconds', state.elapsedSeconds + (now - state.startedAt) / 1000);
			speaking.set('startedAt', null);
		}
	});
}

export function endSpeaker(doc: Y.Doc): void {
	doc.getMap(LIVE).set('speaking', null);
}
