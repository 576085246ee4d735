/**
 * The document server: the y-websocket protocol over `ws`, in parts along Hocuspocus's lines.
 * This core wires them together and runs the extensions' hooks (extension.ts):
 * - connections.ts, connection.ts: the upgrade, per-connection state, send limits, ping;
 * - documents.ts, liveDoc.ts: documents in memory, loaded before anyone syncs, unloaded after;
 * - persistence.ts: the group-committed update log (stored before relayed) and snapshots;
 * - presenceGate.ts, presenceRelay.ts: presence in (who, how fast) and out (gathered);
 * - messages.ts: what a client sends, dispatched;
 * - extensions/: sessions and policies, the rules of each kind of document, the metrics.
 * See ../../README.md ("Real-time documents").
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { parseDocName, type DocKind } from '../../src/lib/collab/docNames';
import type { Data } from '../../src/lib/server/db/client';
import { docStoreOn, type AsyncDocStore } from '../../src/lib/server/collab/docStoreOn';
import { redisSettings } from '../../src/lib/server/cluster/redis';
import { registerDocServer, unregisterDocServer, type DocServerBridge } from '../../src/lib/server/collab/bridge';
import { BrokenDocument, documentFailed } from '../../src/lib/server/collab/brokenDocuments';
import type { Connection } from './connection';
import { Connections } from './connections';
import { DOC_SIZE_LIMITS } from './docLimits';
import { Documents, DocumentsClosing } from './documents';
import type { LiveDoc } from './liveDoc';
import { Hooks, Refusal, type Extension, type PresenceEntry, type RecheckFilter, type SharedDocuments } from './extension';
import { documentRules } from './extensions/documentRules';
import { metricsExtension } from './extensions/metricsExtension';
import { redisSync } from './extensions/redisSync';
import { sessionAccess } from './extensions/sessionAccess';
import { MessageReceiver } from './messages';
import { writableRootsRule } from './extensions/writableRoots';
import { isPassing, Persistence, STORED_ELSEWHERE } from './persistence';
import { PresenceRelay } from './presenceRelay';
import type { DocServerOptions } from './options';

export type { DocServerOptions };
export { CLOSE };

/**
 * Sessions and policies, the rules of each kind of document (its shape is checked before anything
 * is applied, even to a copy), the parts a writer may change, the other instances when REDIS_URL
 * is set, and the metrics, in that order.
 */
export function defaultExtensions(data: Data, maxDocBytes: Record<DocKind, number>, env: NodeJS.ProcessEnv = process.env): Extension[] {
	// With REDIS_URL, other instances share the documents (README, "Documents across instances").
	const redis = redisSettings(env);
	return [sessionAccess(data), documentRules(data, maxDocBytes), writableRootsRule(data), ...(redis ? [redisSync(redis)] : []), metricsExtension()];
}

export class DocServer implements DocServerBridge, SharedDocuments {
	/** The data layer's store: documents are loaded, and their log appended, caught up with and folded, through it. */
	readonly stored: AsyncDocStore;
	private readonly hooks: Hooks;
	private readonly connections: Connections;
	private readonly documents: Documents;
	private readonly persistence: Persistence;
	private readonly relay: PresenceRelay;
	private readonly messages: MessageReceiver;
	private readonly shared: boolean;
	/** Rechecks asked so far (here or by another instance): see `Connection.rightsAsOf`. */
	private rightsChanges = 0;

	constructor(config: DocServerOptions) {
		const maxDocBytes = { ...DOC_SIZE_LIMITS, ...config.maxDocBytes };
		this.stored = docStoreOn(config.data);
		this.hooks = new Hooks(config.extensions ?? defaultExtensions(config.data, maxDocBytes));
		this.relay = new PresenceRelay({
			changeIntervalMs: config.awarenessIntervalMs ?? 50,
			renewIntervalMs: config.awarenessRenewIntervalMs ?? 2000
		});
		this.documents = new Documents(this.stored, this.hooks, this.relay, {
			unloadGraceMs: config.unloadGraceMs ?? 30_000,
			presence: {
				maxStateBytes: config.maxAwarenessStateBytes ?? 8 * 1024,
				// A caret moved at typing speed is 5–10 changes a second.
				changesPerSecond: config.presenceChangesPerSecond ?? 10,
				burst: config.presenceBurst ?? 20
			}
		});
		this.persistence = new Persistence(this.stored, this.hooks, config.compactEvery ?? 500, this.documents);
		this.documents.persistence = this.persistence;
		this.messages = new MessageReceiver(this.documents, this.persistence, this.hooks);
		this.connections = new Connections(
			{
				maxFrameBytes: config.maxFrameBytes ?? 1024 * 1024,
				maxConnectionsPerPerson: config.maxConnectionsPerPerson ?? 20,
				answerBurst: config.answerBurst ?? 5,
				answersPerSecond: config.answersPerSecond ?? 0.1,
				pingIntervalMs: config.pingIntervalMs ?? 30_000,
				allowedOrigins: config.allowedOrigins,
				maxDocBytes
			},
			this.hooks,
			(connection) => this.accept(connection),
			() => this.rightsChanges
		);
		// Another process may change a document this one holds: reads and changes catch up first.
		this.shared = this.hooks.extensions.some((e) => e.serializeChange);
		for (const extension of this.hooks.extensions) extension.onConfigure?.({ report: this.hooks.report, store: this.stored, server: this });
	}

	/** Handles an HTTP upgrade if it is for `/collab/…`; returns false for any other path. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		return this.connections.handleUpgrade(req, socket, head);
	}

	private accept(conn: Connection): void {
		// It counts towards its person's limit from now, also while its document loads.
		this.connections.joined(conn);
		const at: { doc?: LiveDoc } = {};
		conn.ws.on('close', () => this.leave(at.doc, conn));
		conn.ws.on('error', () => conn.ws.terminate());
		const open = this.documents.openNow(conn.docName);
		const deciding = open ? this.join(open, conn, at) : null;
		if (open && !deciding) return this.listen(open, conn, []);
		// The document loads, or the extensions decide about the connection: what the client sends
		// meanwhile (the stock client sends its sync step 1 at once) waits, in order, up to what may
		// wait unsent for it the other way.
		const early: RawData[] = [];
		let earlyBytes = 0;
		const hold = (data: RawData) => {
			earlyBytes += byteLength(data);
			if (earlyBytes <= conn.maxBuffered) early.push(data);
			else if (conn.open) conn.close(CLOSE.tooLarge, 'too much sent before the document was open');
		};
		conn.ws.on('message', hold);
		void this.joined(conn, open, deciding, at)
			.then((doc) => {
				conn.ws.off('message', hold);
				// In this tick, before any later message is read: nothing overtakes what came first.
				if (doc && conn.open) this.listen(doc, conn, early);
			})
			.catch((error: unknown) => {
				conn.ws.off('message', hold);
				// A `connected` hook that refused or failed: this connection goes, the server does not.
				if (!conn.open) return;
				if (error instanceof Refusal && 'close' in error.code) return conn.close(error.code.close, error.reason);
				console.error(`joining ${conn.docName} failed`, error);
				// The database did not answer for now: the client comes back and is decided afresh.
				if (isPassing(error)) conn.close(CLOSE.reloading, 'document reloaded');
				else conn.close(CLOSE.documentBroken, 'document broken');
			});
	}

	/** The document a connection joined once it loaded and the extensions decided; null when the connection went meanwhile. */
	private async joined(conn: Connection, open: LiveDoc | undefined, deciding: Promise<void> | null, at: { doc?: LiveDoc }): Promise<LiveDoc | null> {
		if (open) {
			await deciding;
			return open;
		}
		const loaded = await this.opened(conn);
		if (!loaded) return null;
		await this.join(loaded, conn, at);
		return loaded;
	}

	/**
	 * The document of a connection that waited for its load, in memory, or null when the
	 * connection is gone (closed while it waited) or was closed because the load failed: a
	 * document that cannot be loaded as today (4410, stays closed), the store refusing for now
	 * with "reloading" (the client comes back), shutdown with "service restart".
	 */
	private async opened(conn: Connection): Promise<LiveDoc | null> {
		const name = conn.docName;
		try {
			for (;;) {
				await this.documents.load(name);
				if (!conn.open) {
					// Nobody else may want it: it goes after the grace like any document left.
					const loaded = this.documents.get(name);
					if (loaded && loaded.conns.size === 0) this.documents.scheduleUnload(loaded);
					return null;
				}
				// Dropped already (a client's update failed, say) after it loaded: loaded again.
				const doc = this.documents.openNow(name);
				if (doc) return doc;
			}
		} catch (error) {
			if (!conn.open) return null;
			if (error instanceof DocumentsClosing) conn.close(CLOSE.serviceRestart, 'service restart');
			else if (isPassing(error)) {
				console.warn(`opening ${name} failed for now (${(error as Error).message}); its client comes back`);
				conn.close(CLOSE.reloading, 'document reloaded');
			} else {
				// Counted and logged where it failed (BrokenDocument), or here if it failed elsewhere.
				documentFailed(name, 'open', error);
				conn.close(CLOSE.documentBroken, 'document broken');
			}
			return null;
		}
	}

	/**
	 * A connection joins the document in memory: it is sent what others change from now, and the
	 * extensions' `connected` run; null when they were done at once, else their settling.
	 */
	private join(doc: LiveDoc, conn: Connection, at: { doc?: LiveDoc }): Promise<void> | null {
		doc.conns.add(conn);
		at.doc = doc;
		const deciding = this.hooks.connected({ connection: conn, doc });
		// Rights changed while it was authenticated or its document loaded: what it was granted may be stale.
		if (conn.rightsAsOf !== this.rightsChanges) void this.recheckConnection(doc, conn);
		return deciding;
	}

	/** The connection is greeted, and its messages handled from now: first those `held` while it waited. */
	private listen(doc: LiveDoc, conn: Connection, held: readonly RawData[]): void {
		conn.ws.on('message', (data: RawData) => this.messages.receive(doc, conn, data));
		this.documents.greet(doc, conn);
		for (const data of held) this.messages.receive(doc, conn, data);
	}

	private leave(doc: LiveDoc | undefined, conn: Connection): void {
		this.connections.left(conn);
		if (!doc?.conns.delete(conn)) return;
		this.hooks.run('onDisconnect', { connection: conn, doc });
		doc.presence.release(conn);
		if (doc.conns.size === 0) this.documents.scheduleUnload(doc);
	}

	/**
	 * Applies a change as the server: persisted and relayed exactly like a client's. Never refused
	 * for the document's size: what the server writes is what SQLite decided (a count, a status, a
	 * place on the list of speakers) or text the document held before (a restored version), and
	 * screens must not contradict SQLite. It counts towards the size all the same.
	 */
	change(docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
		if (!parseDocName(docName)) return Promise.reject(new Error(`invalid document name ${docName}`));
		return this.hooks.serializeChange(docName, () => this.changeNow(docName, fn));
	}

	private async changeNow(docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
		const held = this.documents.get(docName);
		// What other processes stored since: `fn` reads before it writes (another process's change
		// ran under the same serialisation, and its row is committed).
		if (held && this.shared) await this.persistence.catchUp(held);
		let opened = this.documents.openNow(docName);
		while (!opened) {
			await this.documents.load(docName);
			opened = this.documents.openNow(docName);
		}
		const doc = opened;
		// From here to the end in one tick: `fn` reads the copy as it is when it writes.
		if (!this.documents.materialize(doc)) throw new BrokenDocument(docName);
		const before = Y.encodeStateVector(doc.ydoc);
		doc.lastApplyChanged = false;
		let transaction: Y.Transaction | undefined;
		try {
			Y.transact(
				doc.ydoc,
				(tr) => {
					transaction = tr;
					fn(doc.ydoc);
				},
				'server'
			);
		} catch (error) {
			if (transaction && changedBy(transaction, doc.ydoc)) {
				// Failed after changing something (Yjs overflowing the stack while deleting a deep
				// type, say): the copy in memory cannot be trusted, nothing of it was stored, and it is
				// rebuilt from the store, as when a client's update fails.
				documentFailed(doc.name, 'change', error, { remember: false });
				this.documents.discard(doc, CLOSE.reloading, 'document reloaded');
			}
			// Refused before it changed anything (see changeDocument.ts): the document opened for it
			// must not stay loaded.
			else if (doc.conns.size === 0) this.documents.scheduleUnload(doc);
			throw error;
		}
		// A change that changed nothing (a projection that was already shown) is neither stored nor relayed.
		if (doc.lastApplyChanged) {
			// New structs since `before`, plus the delete set (deletions carry no clock of their own).
			const update = Y.encodeStateAsUpdate(doc.ydoc, before);
			this.hooks.run('onChange', { doc, connection: null, update });
			this.persistence.queue(doc, update, 'server');
		}
		const done = this.persistence.flushed();
		if (doc.conns.size === 0) this.documents.scheduleUnload(doc);
		return done;
	}

	/**
	 * Reads the live document if this server holds it, and answers null if not: then the store
	 * has everything (a document is stored in full before it is let go), and a reader need not
	 * load it here. Rejects with `BrokenDocument` when the copy held cannot be built. `fn` runs in
	 * the tick the copy caught up in: it reads everything stored before the call.
	 */
	async readIfLive<T>(docName: string, fn: (doc: Y.Doc) => T, options: { catchUp?: boolean } = {}): Promise<{ value: T } | null> {
		const doc = this.liveCopy(docName);
		if (!doc) return null;
		// Another process's rows may not have reached this copy yet; the store has them.
		if (this.shared && options.catchUp !== false) await this.persistence.catchUp(doc);
		// The copy failed catching up and was dropped (or was let go meanwhile): the store has everything it had.
		if (!this.documents.isCurrent(doc)) return null;
		if (!this.documents.materialize(doc)) throw new BrokenDocument(docName);
		return { value: fn(doc.ydoc) };
	}

	/** The copy of a document held here, built; null if none. Throws `BrokenDocument` when it cannot be built. */
	private liveCopy(docName: string): LiveDoc | null {
		if (!parseDocName(docName)) throw new Error(`invalid document name ${docName}`);
		const doc = this.documents.get(docName);
		if (!doc) return null;
		if (!this.documents.materialize(doc)) throw new BrokenDocument(docName);
		return doc;
	}

	holds(docName: string): boolean {
		return this.documents.get(docName) !== undefined;
	}

	held(): string[] {
		return [...this.documents.all()].map((doc) => doc.name);
	}

	applyStored(docName: string, seq: number, updates: readonly Uint8Array[]): boolean {
		const doc = this.documents.get(docName);
		return doc ? this.persistence.applyStored(doc, seq, updates) : true;
	}

	async catchUp(docName: string): Promise<number> {
		const doc = this.documents.get(docName);
		return doc ? this.persistence.catchUp(doc) : 0;
	}

	applyPresence(docName: string, update: Uint8Array): PresenceEntry[] {
		const doc = this.documents.get(docName);
		if (!doc) return [];
		const entries = awarenessEntries(update);
		for (const { clientId, removes } of entries) {
			if (removes) doc.presence.elsewhere.delete(clientId);
			else doc.presence.elsewhere.add(clientId);
		}
		awarenessProtocol.applyAwarenessUpdate(doc.awareness, update, STORED_ELSEWHERE);
		return entries;
	}

	removePresence(docName: string, clientIds: readonly number[]): void {
		const doc = this.documents.get(docName);
		if (!doc) return;
		for (const id of clientIds) doc.presence.elsewhere.delete(id);
		const present = clientIds.filter((id) => doc.awareness.states.has(id));
		if (present.length > 0) awarenessProtocol.removeAwarenessStates(doc.awareness, present, STORED_ELSEWHERE);
	}

	/** Stores the tick's updates now, relays them and sends the tick's answers (see persistence.ts). */
	flush(): Promise<void> {
		return this.persistence.flush();
	}

	/**
	 * Re-checks open connections after rights changed (see `Extension.onRecheck`): a connection
	 * refused now is closed; one whose access changed between read and write continues with the
	 * new mode, and a reader now has no presence: everyone stops seeing it at once.
	 */
	recheck(filter: RecheckFilter): Promise<void> {
		const done = this.recheckHere(filter);
		this.hooks.run('onRightsChanged', { filter });
		return done;
	}

	/** Resolves when every connection the filter names was re-checked (it never rejects). */
	recheckHere(filter: RecheckFilter): Promise<void> {
		this.rightsChanges++;
		const checks: Promise<void>[] = [];
		for (const doc of this.documents.all()) {
			if (filter.docName && filter.docName !== doc.name) continue;
			for (const conn of doc.conns) {
				if (filter.personId && filter.personId !== conn.personId) continue;
				checks.push(this.recheckConnection(doc, conn));
			}
		}
		return Promise.all(checks).then(() => undefined);
	}

	private async recheckConnection(doc: LiveDoc, conn: Connection): Promise<void> {
		const asked = ++conn.rechecks;
		let access;
		try {
			access = await this.hooks.recheck({ connection: conn, docName: doc.name });
		} catch (error) {
			if (asked !== conn.rechecks || !conn.open) return;
			if (error instanceof Refusal && 'close' in error.code) conn.close(error.code.close, error.reason);
			else {
				// The rights could not be read (the database failed to answer): the client comes back, and is decided about afresh.
				console.error(`re-checking a connection to ${doc.name} failed`, error);
				conn.close(CLOSE.reloading, 'document reloaded');
			}
			return;
		}
		// A recheck asked later read newer rights and decides; a connection gone needs none.
		if (asked !== conn.rechecks || !conn.open || access === undefined) return;
		if (access === 'none') conn.close(CLOSE.forbidden, 'access revoked');
		else conn.mode = access;
		if (access !== 'write') doc.presence.release(conn);
	}

	/**
	 * Stores what it holds, then closes every client with 1012; resolves once they have gone (see
	 * Connections.close) and the extensions have let go of what they hold (other instances told,
	 * connections to Redis closed).
	 */
	async close(): Promise<void> {
		this.relay.close();
		await this.persistence.flush();
		await this.documents.closeAll();
		await this.persistence.sync();
		await Promise.all([this.connections.close(), this.hooks.close()]);
	}

	/** For tests and pages: how many connections a document has right now. */
	connectionCount(docName: string): number {
		return this.documents.get(docName)?.conns.size ?? 0;
	}

	/** For tests: the presences the server holds for a document, and of how many clients it keeps a clock. */
	presenceOf(docName: string): { states: ReadonlyMap<number, unknown>; known: number } {
		const awareness = this.documents.get(docName)?.awareness;
		if (!awareness) return { states: new Map(), known: 0 };
		// The server's own entry (it has no presence) is not a client's.
		return { states: new Map(awareness.states), known: [...awareness.meta.keys()].filter((id) => id !== awareness.clientID).length };
	}
}

/** The client ids of an awareness update, and whether each entry removes its presence. Throws on a malformed one. */
function awarenessEntries(update: Uint8Array): PresenceEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: PresenceEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		entries.push({ clientId, removes: decoding.readVarString(decoder) === 'null' });
	}
	return entries;
}

/** The bytes of a message as `ws` hands it over. */
function byteLength(data: RawData): number {
	return Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength;
}

/** Did this transaction add or delete anything so far (also when it ended in an error)? */
function changedBy(transaction: Y.Transaction, doc: Y.Doc): boolean {
	if (transaction.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) if (transaction.beforeState.get(client) !== clock) return true;
	return false;
}

/** Starts the document server for this process and makes it reachable from app code. */
export function startDocServer(options: DocServerOptions): DocServer {
	const server = new DocServer(options);
	registerDocServer(server);
	return server;
}

export function stopDocServer(server: DocServer): Promise<void> {
	const closed = server.close();
	unregisterDocServer(server);
	return closed;
}
