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
 * Checks an awareness update without applying it: every state must be JSON of at most
 * `maxStateBytes`. Throws on a malformed update.
 */
export function checkAwarenessUpdate(update: Uint8Array, maxStateBytes: number): void {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		decoding.readVarUint(decoder); // client id
		decoding.readVarUint(decoder); // clock
		const state = decoding.readVarString(decoder);
		if (state.length > maxStateBytes) throw new AwarenessTooLarge();
		JSON.parse(state);
	}
}

export class AwarenessTooLarge extends Error {}
