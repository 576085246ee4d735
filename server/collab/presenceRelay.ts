import * as awarenessProtocol from 'y-protocols/awareness';
import { frame, sendFramed } from './broadcast';
import type { LiveDoc } from './liveDoc';
import * as protocol from './protocol';

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * Presence throttling on the way out: what the gate let in (presenceGate.ts) is gathered per
 * document and sent as one message to all its clients, changes after `changeIntervalMs`, mere
 * renewals after `renewIntervalMs` (or with the next change, whichever comes first).
 */
export class PresenceRelay {
	private readonly changed = new Set<LiveDoc>();
	private readonly renewed = new Set<LiveDoc>();
	private changeTimer: NodeJS.Timeout | null = null;
	private renewTimer: NodeJS.Timeout | null = null;

	constructor(private readonly intervals: { changeIntervalMs: number; renewIntervalMs: number }) {}

	/** Starts gathering a document's presence news. */
	watch(doc: LiveDoc): void {
		// 'change' (states that came, went or differ) is emitted before 'update' (every entry applied).
		doc.awareness.on('change', ({ added, updated, removed }: AwarenessChange) => {
			for (const id of [...added, ...updated, ...removed]) doc.awarenessChanged.add(id);
			this.changed.add(doc);
			this.changeTimer ??= setTimeout(() => this.flush(this.changed), this.intervals.changeIntervalMs);
		});
		doc.awareness.on('update', ({ updated }: AwarenessChange) => {
			const renewed = updated.filter((id) => !doc.awarenessChanged.has(id));
			if (renewed.length === 0) return;
			for (const id of renewed) doc.awarenessRenewed.add(id);
			this.renewed.add(doc);
			this.renewTimer ??= setTimeout(() => this.flush(this.renewed), this.intervals.renewIntervalMs);
		});
	}

	/** The document left memory: nothing of it is sent any more. */
	forget(doc: LiveDoc): void {
		this.changed.delete(doc);
		this.renewed.delete(doc);
	}

	close(): void {
		for (const timer of [this.changeTimer, this.renewTimer]) if (timer) clearTimeout(timer);
		this.changeTimer = this.renewTimer = null;
		this.changed.clear();
		this.renewed.clear();
	}

	/**
	 * Sends the presence news of each document in `dirty` (changes and renewals alike: renewals
	 * ride along with any message that goes anyway) as one message to all its clients.
	 */
	private flush(dirty: Set<LiveDoc>): void {
		if (dirty === this.changed) this.changeTimer = null;
		else this.renewTimer = null;
		for (const doc of dirty) {
			const ids = [...new Set([...doc.awarenessChanged, ...doc.awarenessRenewed])];
			doc.awarenessChanged.clear();
			doc.awarenessRenewed.clear();
			if (ids.length === 0 || doc.conns.size === 0) continue;
			const message = protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, ids));
			const framed = frame(message);
			for (const conn of doc.conns) if (conn.canTake()) sendFramed(conn.ws, framed, message);
		}
		dirty.clear();
	}
}
