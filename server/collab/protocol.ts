import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** y-websocket message types (the stock client's numbering) and our one addition. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Ours: "persisted through this state vector". Sent only to clients that ask for it with
 * `?acks=1` (our browser wrapper, for its "all changes saved" notice); stock clients never see it.
 */
export const MESSAGE_PERSISTED = 100;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export const syncStep1 = (stateVector: Uint8Array) =>
	message(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, SYNC_STEP_1);
		encoding.writeVarUint8Array(e, stateVector);
	});

export const syncStep2 = (update: Uint8Array) =>
	message(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, SYNC_STEP_2);
		encoding.writeVarUint8Array(e, update);
	});

export const syncUpdate = (update: Uint8Array) =>
	message(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, SYNC_UPDATE);
		encoding.writeVarUint8Array(e, update);
	});

export const awarenessMessage = (update: Uint8Array) =>
	message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));

export const persistedMessage = (stateVector: Uint8Array) =>
	message(MESSAGE_PERSISTED, (e) => encoding.writeVarUint8Array(e, stateVector));

/**
 * Keeps the entries of an awareness update that would change something, checked: every kept
 * state must be JSON of at most `maxStateBytes`. The stock client sends every presence change
 * it receives straight back, so most entries are old news; those are skipped unread (no UTF-8
 * decoding, no JSON parsing), which is what keeps 500 people with cursors affordable.
 * Returns the kept entries as an update, or null when none is left. Throws on a malformed update.
 */
export function newAwarenessEntries(
	update: Uint8Array,
	isNews: (clientId: number, clock: number, removes: boolean) => boolean,
	maxStateBytes: number
): Uint8Array | null {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const kept: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const start = decoder.pos;
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarUint8Array(decoder);
		if (!isNews(clientId, clock, isNullState(state))) continue;
		if (state.length > maxStateBytes) throw new AwarenessTooLarge();
		JSON.parse(utf8.decode(state));
		kept.push(update.subarray(start, decoder.pos));
	}
	if (decoder.pos !== update.length) throw new Error('trailing bytes after awareness update');
	if (kept.length === 0) return null;
	if (kept.length === count) return update;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, kept.length);
	for (const entry of kept) encoding.writeUint8Array(encoder, entry);
	return encoding.toUint8Array(encoder);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NULL_STATE = [0x6e, 0x75, 0x6c, 0x6c]; // "null": the client left

function isNullState(state: Uint8Array): boolean {
	return state.length === 4 && NULL_STATE.every((byte, i) => state[i] === byte);
}

export class AwarenessTooLarge extends Error {}
