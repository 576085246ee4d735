import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PeerMessageKind, RecheckFilter } from '../extension';

/**
 * What the instances of one installation tell each other through Redis, in lib0's binary encoding
 * (updates are bytes; JSON would inflate them by a third in base64). Every message names the
 * instance it comes from: each instance also receives what it publishes, and ignores it.
 *
 * On a document's channel: `update` (the updates one instance stored under one log row, with that
 * instance's running number for the document: a number skipped is a message missed) and
 * `presence` (an awareness update its gate let in). On the control channel: `rights` (re-check
 * connections), `heartbeat` (still alive), `resync` (catch these documents up from the store and
 * send me your presence in them: I could not publish, or I just (re)subscribed), `bye` (shutting
 * down: drop my presence now).
 */
export type PeerMessage =
	| { kind: 'update'; from: string; number: number; seq: number; updates: Uint8Array[] }
	| { kind: 'presence'; from: string; update: Uint8Array }
	| { kind: 'rights'; from: string; filter: RecheckFilter }
	| { kind: 'heartbeat'; from: string }
	| { kind: 'resync'; from: string; docNames: string[] }
	| { kind: 'bye'; from: string };

const KINDS: readonly PeerMessageKind[] = ['update', 'presence', 'rights', 'heartbeat', 'resync', 'bye'];
/** Bytes a peer message may have: a document update is bounded by the frame limit well below this. */
export const MAX_PEER_MESSAGE_BYTES = 16 * 1024 * 1024;

export function encodePeerMessage(message: PeerMessage): Buffer {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
	encoding.writeVarString(encoder, message.from);
	switch (message.kind) {
		case 'update':
			encoding.writeVarUint(encoder, message.number);
			encoding.writeVarUint(encoder, message.seq);
			encoding.writeVarUint(encoder, message.updates.length);
			for (const update of message.updates) encoding.writeVarUint8Array(encoder, update);
			break;
		case 'presence':
			encoding.writeVarUint8Array(encoder, message.update);
			break;
		case 'rights':
			encoding.writeVarString(encoder, message.filter.personId ?? '');
			encoding.writeVarString(encoder, message.filter.docName ?? '');
			break;
		case 'resync':
			encoding.writeVarUint(encoder, message.docNames.length);
			for (const name of message.docNames) encoding.writeVarString(encoder, name);
			break;
	}
	return Buffer.from(encoding.toUint8Array(encoder));
}

/** Reads a message; throws on anything malformed (a truncated one, an unknown kind, bytes left over). */
export function decodePeerMessage(bytes: Uint8Array): PeerMessage {
	if (bytes.length > MAX_PEER_MESSAGE_BYTES) throw new Error('peer message too large');
	const decoder = decoding.createDecoder(bytes);
	const kind = KINDS[decoding.readVarUint(decoder)];
	const from = decoding.readVarString(decoder);
	let message: PeerMessage;
	switch (kind) {
		case 'update': {
			const number = decoding.readVarUint(decoder);
			const seq = decoding.readVarUint(decoder);
			const count = decoding.readVarUint(decoder);
			const updates: Uint8Array[] = [];
			for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
			message = { kind, from, number, seq, updates };
			break;
		}
		case 'presence':
			message = { kind, from, update: decoding.readVarUint8Array(decoder) };
			break;
		case 'rights': {
			const personId = decoding.readVarString(decoder);
			const docName = decoding.readVarString(decoder);
			message = { kind, from, filter: { ...(personId && { personId }), ...(docName && { docName }) } };
			break;
		}
		case 'resync': {
			const count = decoding.readVarUint(decoder);
			const docNames: string[] = [];
			for (let i = 0; i < count; i++) docNames.push(decoding.readVarString(decoder));
			message = { kind, from, docNames };
			break;
		}
		case 'heartbeat':
		case 'bye':
			message = { kind, from };
			break;
		default:
			throw new Error('unknown peer message kind');
	}
	if (decoding.hasContent(decoder)) throw new Error('peer message has trailing bytes');
	return message;
}
