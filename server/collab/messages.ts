import type { RawData } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { documentFailed } from '../../src/lib/server/collab/brokenDocuments';
import type { Connection } from './connection';
import type { Documents } from './documents';
import { Refusal, type Hooks } from './extension';
import type { LiveDoc } from './liveDoc';
import type { Persistence } from './persistence';
import * as protocol from './protocol';
import { dropPending } from './updateShape';

/**
 * Message handling: what a client sends (sync steps, updates, presence, presence queries),
 * dispatched and answered. A malformed message closes its connection and nothing else.
 */
export class MessageReceiver {
	constructor(
		private readonly documents: Documents,
		private readonly persistence: Persistence,
		private readonly hooks: Hooks
	) {}

	receive(doc: LiveDoc, conn: Connection, data: RawData): void {
		// Closed by the server (refused, revoked): what the client sent meanwhile counts for nothing.
		if (!conn.open) return;
		try {
			const decoder = decoding.createDecoder(toBytes(data));
			const type = decoding.readVarUint(decoder);
			if (type === protocol.MESSAGE_SYNC) {
				const step = decoding.readVarUint(decoder);
				if (step === protocol.SYNC_STEP_1) this.syncStep1(doc, conn, decoding.readVarUint8Array(decoder));
				else if (step === protocol.SYNC_STEP_2 || step === protocol.SYNC_UPDATE) this.update(doc, conn, decoding.readVarUint8Array(decoder));
				else throw new Error(`unknown sync step ${step}`);
			} else if (type === protocol.MESSAGE_AWARENESS) {
				doc.presence.receive(conn, decoding.readVarUint8Array(decoder));
			} else if (type === protocol.MESSAGE_QUERY_AWARENESS) {
				// Every presence, up to 8 KiB each, for one byte: the stock client never asks.
				if (!conn.presenceAnswers.take(performance.now())) {
					this.hooks.report({ type: 'answerDropped', request: 'awareness_query' });
					return;
				}
				const states = [...doc.awareness.getStates().keys()];
				this.persistence.reply(conn, protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, states)));
			} else {
				throw new Error(`unknown message type ${type}`);
			}
		} catch (error) {
			this.hooks.report({ type: 'closedMalformed' });
			if (error instanceof protocol.AwarenessTooLarge) conn.close(CLOSE.awarenessTooLarge, 'awareness state too large');
			else conn.close(CLOSE.malformed, 'malformed message');
		}
	}

	private syncStep1(doc: LiveDoc, conn: Connection, stateVector: Uint8Array): void {
		// Each answer is a document (or what a state vector lacks of it) encoded and sent for a
		// few bytes: a client asks once per connection (see `answerBurst`).
		if (!conn.syncAnswers.take(performance.now())) {
			this.hooks.report({ type: 'answerDropped', request: 'sync_step1' });
			return;
		}
		if (isEmptyStateVector(stateVector)) {
			// A new client: the whole document, as stored or as last encoded.
			const state = doc.encodedState();
			if (doc.loaded) this.persistence.reply(conn, protocol.syncStep2(state));
			// Build the Y.Doc once the answer is on the wire, not while it still drains.
			else this.persistence.reply(conn, protocol.syncStep2(state), () => setImmediate(() => this.documents.materialize(doc)));
		} else {
			if (!this.documents.materialize(doc)) return;
			this.persistence.reply(conn, protocol.syncStep2(Y.encodeStateAsUpdate(doc.ydoc, stateVector)));
		}
		// Replies leave after the tick's updates are stored, so this state is durable.
		// (An unbuilt document sends it with its sync step 1, in `materialize`.)
		if (conn.acks && doc.loaded) this.persistence.reply(conn, protocol.persistedMessage(doc.stateVector()));
	}

	private update(doc: LiveDoc, conn: Connection, update: Uint8Array): void {
		if (conn.mode !== 'write') {
			this.hooks.report({ type: 'readOnlyDropped' });
			return;
		}
		// Decode fully before applying: a malformed update is refused whole, never half-applied.
		const decoded = Y.decodeUpdate(update);
		if (!this.documents.materialize(doc)) return;
		try {
			this.hooks.run('beforeChange', { doc, connection: conn, update, decoded });
		} catch (error) {
			if (!(error instanceof Refusal) || !('close' in error.code)) throw error;
			// Refused before it is stored or relayed. The client cannot take it back, and its next
			// updates build on it: the connection ends (44xx: the stock client does not send it
			// again), and LiveDoc tells the person their last change was not saved.
			this.hooks.report({ type: 'updateRefused', reason: error.label });
			conn.close(error.code.close, error.reason);
			return;
		}
		this.hooks.report({ type: 'updateIn' });
		const applied = this.apply(doc, conn, update);
		// Every client opens with a sync step 2 that is usually empty or already known: storing and
		// relaying those would cost a row and N messages per connection.
		if (!applied) return;
		this.hooks.run('onChange', { doc, connection: conn, update: applied });
		this.persistence.queue(doc, applied, conn);
	}

	/**
	 * Applies a client's update; answers what to store and relay, or null when it changed nothing
	 * or failed. Yjs keeps items that wait for content the server lacks pending, to integrate them
	 * with whatever update brings it: those are dropped (see `dropPending`), and then what is stored
	 * is what was integrated, not the bytes that came (loading them again would integrate the
	 * dropped part once a later row supplied what it waited for, unjudged). If Yjs throws half-way,
	 * the copy in memory cannot be trusted: it is dropped unstored (the update was not stored
	 * either) and rebuilt from the store for whoever reconnects.
	 */
	private apply(doc: LiveDoc, conn: Connection, update: Uint8Array): Uint8Array | null {
		doc.lastApplyChanged = false;
		try {
			Y.applyUpdate(doc.ydoc, update, conn);
		} catch (error) {
			this.hooks.report({ type: 'updateRefused', reason: 'unappliable' });
			conn.close(CLOSE.shapeRefused, 'update could not be applied');
			documentFailed(doc.name, 'apply', error, { remember: false });
			this.documents.discard(doc, CLOSE.reloading, 'document reloaded');
			return null;
		}
		if (dropPending(doc.ydoc)) {
			this.hooks.report({ type: 'pendingDropped' });
			return doc.lastApplyChanged ? Y.encodeStateAsUpdate(doc.ydoc, Y.encodeStateVector(doc.lastBeforeState)) : null;
		}
		return doc.lastApplyChanged ? update : null;
	}
}

/** The state vector of an empty document: zero clients. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.length === 1 && stateVector[0] === 0;
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
