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

export const awarenessMessage = (update: Uint8Array) => message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));

export const persistedMessage = (stateVector: Uint8Array) => message(MESSAGE_PERSISTED, (e) => encoding.writeVarUint8Array(e, stateVector));

/** One entry of an awareness update: a client's presence, its state still the JSON bytes that came. */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** UTF-8 JSON; `null` when the client left. */
	state: Uint8Array;
}

/**
 * The entries of an awareness update that `accept` takes. Entries are judged by client id and
 * clock alone, and the state of one not taken is skipped unread (no UTF-8 decoding, no JSON
 * parsing): the stock client sends every presence change it receives straight back, so most
 * entries are old news, which is what keeps 500 people with cursors affordable, and a flood of
 * states nobody may set costs no more. Throws on a malformed update, and `AwarenessTooLarge` for
 * a taken state over `maxStateBytes`.
 */
export function acceptedAwarenessEntries(
	update: Uint8Array,
	accept: (clientId: number, clock: number, removes: boolean) => boolean,
	maxStateBytes: number
): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const taken: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarUint8Array(decoder);
		if (!accept(clientId, clock, isNullState(state))) continue;
		if (state.length > maxStateBytes) throw new AwarenessTooLarge();
		taken.push({ clientId, clock, state });
	}
	if (decoder.pos !== update.length) throw new Error('trailing bytes after awareness update');
	return taken;
}

/** The state of an entry as JSON. Throws when it is not. */
export function parseAwarenessState(state: Uint8Array): unknown {
	return JSON.parse(utf8.decode(state));
}

/** An awareness update of one entry, as y-protocols encodes it. */
export function awarenessUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clientId);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarString(encoder, JSON.stringify(state));
	return encoding.toUint8Array(encoder);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NULL_STATE = [0x6e, 0x75, 0x6c, 0x6c]; // "null": the client left

function isNullState(state: Uint8Array): boolean {
	return state.length === 4 && NULL_STATE.every((byte, i) => state[i] === byte);
}

export class AwarenessTooLarge extends Error {}
