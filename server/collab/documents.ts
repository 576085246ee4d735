import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { BrokenDocument, documentFailed, isBroken, type FailureStage } from '../../src/lib/server/collab/brokenDocuments';
import type { AsyncDocStore } from '../../src/lib/server/collab/docStoreOn';
import type { Hooks } from './extension';
import { LiveDoc } from './liveDoc';
import { isPassing, type Persistence } from './persistence';
import type { PresenceLimits } from './presenceGate';
import type { PresenceRelay } from './presenceRelay';
import * as protocol from './protocol';
import { dropPending } from './updateShape';

/** The document server shuts down: a document whose load ends now is not taken into memory. */
export class DocumentsClosing extends Error {
	constructor(docName: string) {
		super(`the document server is shutting down: ${docName} is not opened`);
		this.name = 'DocumentsClosing';
	}
}

/**
 * Per-document state: the documents in memory, loaded before anyone syncs (lazily built from a
 * stored snapshot), and unloaded (stored first) a grace period after their last connection left.
 */
export class Documents {
	private readonly docs = new Map<string, LiveDoc>();
	/** Loads under way, by name: whoever opens a document that is loading waits for the same load. */
	private readonly loading = new Map<string, Promise<void>>();
	private closing = false;
	persistence!: Persistence;

	constructor(
		private readonly store: AsyncDocStore,
		private readonly hooks: Hooks,
		private readonly relay: PresenceRelay,
		private readonly options: { unloadGraceMs: number; presence: PresenceLimits }
	) {}

	get(name: string): LiveDoc | undefined {
		return this.docs.get(name);
	}

	all(): IterableIterator<LiveDoc> {
		return this.docs.values();
	}

	isCurrent(doc: LiveDoc): boolean {
		return this.docs.get(doc.name) === doc;
	}

	/**
	 * The document if it is in memory, kept there (its unload called off); undefined if not: then
	 * `load` it and ask again, in the same tick as what the caller does with it (between the load
	 * and the caller's next step the copy may have been dropped, see `discard`).
	 */
	openNow(name: string): LiveDoc | undefined {
		const existing = this.docs.get(name);
		if (existing?.unloadTimer) clearTimeout(existing.unloadTimer);
		if (existing) existing.unloadTimer = null;
		return existing;
	}

	/**
	 * Loads the document from the store unless it is in memory: nobody syncs against an empty
	 * doc. One load per name at a time; whoever asks while one runs waits for it. Rejects with
	 * `BrokenDocument` when it cannot be loaded (see brokenDocuments.ts), with the store's error
	 * when that is a passing one (`isPassing`: nothing is remembered, the next open tries again),
	 * and with `DocumentsClosing` during shutdown.
	 */
	load(name: string): Promise<void> {
		if (this.docs.has(name)) return Promise.resolve();
		let loading = this.loading.get(name);
		if (!loading) {
			loading = this.loadFromStore(name).finally(() => this.loading.delete(name));
			this.loading.set(name, loading);
		}
		return loading;
	}

	private async loadFromStore(name: string): Promise<void> {
		if (isBroken(name)) throw new BrokenDocument(name);
		let doc: LiveDoc | undefined;
		let initial: ((doc: Y.Doc) => void)[] = [];
		try {
			// A document stored as just a snapshot is answered from those bytes; applying them (tens
			// of milliseconds for a long text) waits until the first client has its answer.
			const stored = await this.store.storedState(name);
			doc = new LiveDoc(name, stored, this.options.presence, this.hooks.report);
			if (!stored) {
				const { rows, through } = await this.store.load(name, doc.ydoc);
				doc.rowsSinceCompact = rows;
				doc.storedThrough = through;
				// Rows stored before pending items were dropped (see updateShape.ts) may leave some.
				dropPending(doc.ydoc);
			}
			// Nothing stored: what it starts with is read now and written when it is taken into memory.
			if (isNew(doc)) initial = await this.hooks.initialContent({ docName: name, kind: doc.kind });
		} catch (error) {
			doc?.destroy();
			if (error instanceof BrokenDocument || isPassing(error)) throw error;
			// The store answered with an error of its own: closed until restart, as bytes that cannot be applied are.
			documentFailed(name, 'open', error);
			throw new BrokenDocument(name);
		}
		if (this.closing) {
			doc.destroy();
			throw new DocumentsClosing(name);
		}
		// From here to the end in one tick: the hooks see the document as loaded, nothing in between.
		this.adopt(doc, initial);
	}

	/**
	 * Takes a loaded document into memory: its hooks run, and what a new one starts with (`initial`,
	 * read by the extensions) is written and stored.
	 */
	private adopt(doc: LiveDoc, initial: readonly ((doc: Y.Doc) => void)[]): void {
		const fresh = isNew(doc);
		// A client that never asks for the state must not leave the document unbuilt.
		if (!doc.loaded) doc.materializeTimer = setTimeout(() => this.materialize(doc), 100).unref();
		this.relay.watch(doc);
		this.docs.set(doc.name, doc);
		const before = fresh ? Y.encodeStateVector(doc.ydoc) : null;
		try {
			this.hooks.run('onLoadDocument', { doc, isNew: fresh, docsLoaded: this.docs.size });
			if (fresh && initial.length > 0) Y.transact(doc.ydoc, () => initial.forEach((write) => write(doc.ydoc)), 'server');
		} catch (error) {
			this.broken(doc, 'open', error);
			throw new BrokenDocument(doc.name);
		}
		// What a new document starts with (written by a hook) is stored like any change.
		if (before && Buffer.compare(before, Y.encodeStateVector(doc.ydoc)) !== 0) {
			this.persistence.queue(doc, Y.encodeStateAsUpdate(doc.ydoc, before), 'server');
		}
	}

	/**
	 * Builds the Y.Doc of a document served from its stored bytes, then greets its clients.
	 * Answers whether the document can be used: false when it is no longer the one in memory, or
	 * when its stored bytes cannot be applied (it is broken: closed, and stays closed).
	 */
	materialize(doc: LiveDoc): boolean {
		if (!this.isCurrent(doc)) return false;
		if (doc.loaded) return true;
		if (doc.materializeTimer) clearTimeout(doc.materializeTimer);
		doc.materializeTimer = null;
		try {
			Y.applyUpdate(doc.ydoc, doc.storedBytes(), 'load');
			dropPending(doc.ydoc);
		} catch (error) {
			this.broken(doc, 'materialize', error);
			return false;
		}
		doc.loaded = true;
		const stateVector = doc.stateVector();
		for (const conn of doc.conns) {
			this.persistence.reply(conn, protocol.syncStep1(stateVector));
			if (conn.acks) this.persistence.reply(conn, protocol.persistedMessage(stateVector));
		}
		return true;
	}

	/** What a new connection is sent at once: our state vector (once built) and every presence. */
	greet(doc: LiveDoc, conn: Parameters<Persistence['reply']>[0]): void {
		// Our sync step 1 states what the server holds, so it waits until the document is built.
		if (doc.loaded) this.persistence.reply(conn, protocol.syncStep1(doc.stateVector()));
		const states = [...doc.awareness.getStates().keys()];
		if (states.length > 0) this.persistence.reply(conn, protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, states)));
		this.persistence.schedule();
	}

	/** A document whose stored state cannot be loaded, built or stored: closed until restart (see brokenDocuments.ts). */
	broken(doc: LiveDoc, stage: FailureStage, error: unknown): void {
		documentFailed(doc.name, stage, error);
		this.discard(doc, CLOSE.documentBroken, 'document broken');
	}

	/**
	 * Drops a document's copy in memory without storing it (it may hold a half-applied change) and
	 * closes its connections with `code`. Updates that came before are stored as they arrived.
	 */
	discard(doc: LiveDoc, code: number, reason: string): void {
		if (!this.isCurrent(doc)) return;
		this.forget(doc);
		// What it held is stored all the same (the flush keeps the updates, not the copy).
		if (this.persistence.holds(doc)) void this.persistence.flush();
		doc.clearTimers();
		for (const conn of doc.conns) conn.close(code, reason);
		doc.destroy();
	}

	scheduleUnload(doc: LiveDoc): void {
		if (doc.unloadTimer) clearTimeout(doc.unloadTimer);
		doc.unloadTimer = setTimeout(() => void this.unload(doc), this.options.unloadGraceMs);
		doc.unloadTimer.unref();
	}

	private async unload(doc: LiveDoc): Promise<void> {
		if (doc.conns.size > 0 || !this.isCurrent(doc)) return;
		try {
			if (this.persistence.holds(doc)) await this.persistence.flush();
			if (doc.rowsSinceCompact > 0) await this.persistence.compact(doc);
			// Compaction failed (the document is broken and already dropped), or someone came back meanwhile.
			if (!this.isCurrent(doc) || doc.conns.size > 0) return;
			// A server change came meanwhile: it is stored first, and the document goes after it.
			if (this.persistence.holds(doc)) return this.scheduleUnload(doc);
			if (doc.materializeTimer) clearTimeout(doc.materializeTimer);
			doc.presence.destroy();
			doc.awareness.destroy();
			doc.ydoc.destroy();
			this.forget(doc);
		} catch (error) {
			// Runs in a timer: whatever fails here must not take the process with it.
			this.broken(doc, 'unload', error);
		}
	}

	/** Stores every document and closes every connection (shutdown). */
	async closeAll(): Promise<void> {
		// Loads under way end first, and are not taken into memory (`DocumentsClosing`).
		this.closing = true;
		await Promise.allSettled(this.loading.values());
		for (const doc of this.docs.values()) for (const conn of doc.conns) conn.close(CLOSE.serviceRestart, 'service restart');
		for (const doc of [...this.docs.values()]) {
			if (doc.rowsSinceCompact > 0) await this.persistence.compact(doc);
			// Compaction failed: the document is broken and already dropped.
			if (!this.isCurrent(doc)) continue;
			doc.clearTimers();
			doc.presence.destroy();
			doc.ydoc.destroy();
			this.forget(doc);
		}
	}

	private forget(doc: LiveDoc): void {
		this.docs.delete(doc.name);
		this.relay.forget(doc);
		this.hooks.run('afterUnloadDocument', { docName: doc.name, docsLoaded: this.docs.size });
	}
}

/** Nothing is stored for the document: it was loaded, and no log row or snapshot was found. */
function isNew(doc: LiveDoc): boolean {
	return doc.loaded && doc.rowsSinceCompact === 0 && doc.storedThrough === 0;
}
