import type { DocStore } from '../../src/lib/server/collab/docStore';
import type { FailureStage } from '../../src/lib/server/collab/brokenDocuments';
import { frame, sendFramed } from './broadcast';
import type { Connection } from './connection';
import type { Hooks } from './extension';
import type { LiveDoc } from './liveDoc';
import * as protocol from './protocol';

/** How soon after a commit of the log it is synced to disk (see docStore.ts on power loss). */
const SYNC_WITHIN_MS = 1000;

interface Pending {
	doc: LiveDoc;
	update: Uint8Array;
	/** The connection it came from (it is not sent back there), or the server. */
	origin: Connection | 'server';
}

/**
 * Persistence: the group-committed update log. Every update of one event-loop tick is appended
 * in one transaction, then relayed, then the tick's answers leave: nothing is sent before it is
 * stored, so a crash loses nothing any client has seen. A document's log is folded into a
 * snapshot every `compactEvery` rows (and when it unloads, see documents.ts).
 */
export class Persistence {
	private pending: Pending[] = [];
	private replies: [Connection, Uint8Array, (() => void)?][] = [];
	private waiters: (() => void)[] = [];
	private scheduled = false;
	private syncTimer: NodeJS.Timeout | null = null;

	constructor(
		readonly store: DocStore,
		private readonly hooks: Hooks,
		private readonly compactEvery: number,
		private readonly documents: {
			isCurrent(doc: LiveDoc): boolean;
			broken(doc: LiveDoc, stage: FailureStage, error: unknown): void;
		}
	) {}

	/** Queues an applied update to be stored and relayed at the end of the tick. */
	queue(doc: LiveDoc, update: Uint8Array, origin: Connection | 'server'): void {
		this.pending.push({ doc, update, origin });
		this.schedule();
	}

	/** Queues an answer for the end of the tick; `sent` runs once it is written (or failed). */
	reply(conn: Connection, message: Uint8Array, sent?: () => void): void {
		this.replies.push([conn, message, sent]);
		this.schedule();
	}

	/** Resolves once the next flush has stored (and relayed) everything queued so far. */
	flushed(): Promise<void> {
		const done = new Promise<void>((resolve) => this.waiters.push(resolve));
		this.schedule();
		return done;
	}

	/** Are updates of this document waiting to be stored? */
	holds(doc: LiveDoc): boolean {
		return this.pending.some((p) => p.doc === doc);
	}

	schedule(): void {
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => this.flush());
	}

	/**
	 * Once per tick: append every update of the tick in one transaction, then relay them,
	 * then answer sync requests. Nothing leaves before it is stored.
	 */
	flush(): void {
		this.scheduled = false;
		const batch = this.pending;
		this.pending = [];
		if (batch.length > 0) {
			const byDoc = new Map<string, Uint8Array[]>();
			for (const { doc, update } of batch) {
				const list = byDoc.get(doc.name);
				if (list) list.push(update);
				else byDoc.set(doc.name, [update]);
			}
			const started = performance.now();
			this.store.append(byDoc);
			this.hooks.run('onStoreDocument', { updates: byDoc, seconds: (performance.now() - started) / 1000 });
			// Safe from a process crash now; from power loss within a second (see docStore.ts).
			this.syncTimer ??= setTimeout(() => this.sync(), SYNC_WITHIN_MS).unref();
			const touched = new Set<LiveDoc>();
			for (const { doc } of batch) touched.add(doc);
			for (const doc of touched) doc.rowsSinceCompact++;
			if (touched.size === 1) this.relay(batch[0].doc, batch);
			else
				for (const doc of touched)
					this.relay(
						doc,
						batch.filter((p) => p.doc === doc)
					);
			for (const doc of touched) {
				const acked = [...doc.conns].filter((c) => c.acks);
				if (acked.length > 0) {
					const message = protocol.persistedMessage(doc.stateVector());
					for (const conn of acked) conn.send(message);
				}
				if (doc.rowsSinceCompact >= this.compactEvery) this.compact(doc);
			}
		}
		const replies = this.replies;
		this.replies = [];
		for (const [conn, message, sent] of replies) conn.send(message, sent);
		const waiters = this.waiters;
		this.waiters = [];
		for (const resolve of waiters) resolve();
	}

	/** Makes the log durable across power loss too (see docStore.ts): a second after a commit, and at shutdown. */
	sync(): void {
		if (this.syncTimer) clearTimeout(this.syncTimer);
		this.syncTimer = null;
		try {
			this.store.sync();
		} catch (error) {
			// Runs in a timer; the next commit's FULL neighbours or checkpoint sync the log all the same.
			console.error('syncing the document log failed', error);
		}
	}

	/** Folds the document's log into a snapshot. */
	compact(doc: LiveDoc): void {
		// An unbuilt Y.Doc is empty: folding it would overwrite the stored snapshot with nothing. A
		// copy that is no longer the one in memory may hold a half-applied change: never stored.
		if (!doc.loaded || !this.documents.isCurrent(doc)) return;
		let bytes: number;
		try {
			bytes = this.store.compact(doc.name, doc.ydoc);
		} catch (error) {
			this.documents.broken(doc, 'compact', error);
			return;
		}
		this.hooks.run('onSnapshot', { doc, bytes, rows: doc.rowsSinceCompact });
		doc.rowsSinceCompact = 0;
	}

	/** Relays one tick's updates of a document to every connection but the one each came from. */
	private relay(doc: LiveDoc, entries: Pending[]): void {
		let sent = 0;
		for (const { update, origin } of entries) {
			const message = protocol.syncUpdate(update);
			const framed = frame(message);
			for (const conn of doc.conns) {
				if (conn === origin || !conn.canTake()) continue;
				sendFramed(conn.ws, framed, message);
				sent++;
			}
		}
		this.hooks.report({ type: 'updatesOut', count: sent });
	}
}
