/**
 * The document server: the y-websocket protocol over `ws`, with the hook chain
 * authenticate → load → change → store. Every client update is appended to the SQLite log
 * (one transaction per event-loop tick) before it is relayed to anyone, so nothing a client
 * has seen can be lost in a crash. See ../../README.md ("Real-time documents").
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { and, eq, gt } from 'drizzle-orm';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { parseDocName, type DocKind } from '../../src/lib/collab/docNames';
import type { Db } from '../../src/lib/server/db';
import { sessions } from '../../src/lib/server/db/schema';
import { docAccess, type DocAccess } from '../../src/lib/server/collab/access';
import { createDocStore, type DocStore } from '../../src/lib/server/collab/docStore';
import { serverOwnedParts } from '../../src/lib/server/collab/serverOwned';
import { initialContentFor } from '../../src/lib/server/collab/initialContent';
import { registerDocServer, unregisterDocServer, type DocServerBridge } from '../../src/lib/server/collab/bridge';
import { BrokenDocument, documentFailed, isBroken, type FailureStage } from '../../src/lib/server/collab/brokenDocuments';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookies';
import { validateSessionToken } from '../../src/lib/server/auth/sessions';
import { loadActor } from '../../src/lib/server/policies/actor';
import { collabMetrics } from './metrics';
import * as protocol from './protocol';
import { frame, sendFramed } from './broadcast';
import { DOC_SIZE_LIMITS } from './docLimits';
import { DocSize, knownDeletion } from './docSize';
import { PresenceGate } from './presenceGate';
import { TokenBucket } from './tokenBucket';
import { dropPending, shapeRefusal } from './updateShape';

/**
 * How much may wait unsent in the server's buffer for one connection, in documents of its kind's
 * size limit: a new client's whole document plus as much again of live changes while it drains.
 * A client past that does not read (or cannot keep up), and is closed with 4504 to reconnect.
 */
const BUFFERED_DOCUMENTS = 2;

export interface DocServerOptions {
	db: Db;
	/** Browser origins allowed to connect (the app's own). Clients without an Origin header are not browsers. */
	allowedOrigins: string[];
	maxFrameBytes?: number;
	maxConnectionsPerPerson?: number;
	maxAwarenessStateBytes?: number;
	/**
	 * Presence changes a connection may make per second, after a burst of `presenceBurst`; the
	 * latest of those that come faster waits for its turn (see presenceGate.ts).
	 */
	presenceChangesPerSecond?: number;
	presenceBurst?: number;
	/**
	 * Answers a connection may ask for, per kind of request (sync step 1: the document, whole or
	 * from a state vector; awareness query: every presence): `answerBurst` at once, then
	 * `answersPerSecond`. Beyond that a request is dropped and counted. The stock client sends one
	 * sync step 1 when it connects (a reconnect is a new connection with a full bucket) and one
	 * per `resyncInterval` if that option is set (it is off by default and in LiveDoc); it never
	 * asks for presence, it is sent it. So a burst of 5 and one every 10 s is more than any real
	 * client uses, and the most a reader can make the server encode and send.
	 */
	answerBurst?: number;
	answersPerSecond?: number;
	/** Largest encoded state per kind of document (defaults and reasons in docLimits.ts). */
	maxDocBytes?: Partial<Record<DocKind, number>>;
	/** Fold the update log into a snapshot after this many rows of one document. */
	compactEvery?: number;
	/** Keep a document without connections in memory this long before storing and unloading it. */
	unloadGraceMs?: number;
	pingIntervalMs?: number;
	/**
	 * Presence changes are gathered for this long and then sent as one message per document.
	 * Per tick is not enough: 500 people moving cursors make a tick per change, and each tick
	 * would be a message to all 500.
	 */
	awarenessIntervalMs?: number;
	/**
	 * A presence that only says "still here" (the stock client renews its state every 15 s, and
	 * peers drop a state after 30 s without one) is gathered this long instead. In a room of
	 * 500 that is 33 renewals a second: sent at the pace of changes, each would make a message to
	 * all 500 phones and, since the stock client echoes what it receives, 500 messages back.
	 */
	awarenessRenewIntervalMs?: number;
}

export { CLOSE };

interface Connection {
	ws: WebSocket;
	personId: string;
	/** Shown as this connection's presence name, whatever the client writes there. */
	personName: string;
	sessionId: string;
	linkScope: { conferenceId: string | null } | undefined;
	mode: Exclude<DocAccess, 'none'>;
	acks: boolean;
	alive: boolean;
	/** Sync step 1 answers this connection may still get (see `answerBurst`). */
	syncAnswers: TokenBucket;
	/** Answers to awareness queries this connection may still get. */
	presenceAnswers: TokenBucket;
	/** Bytes that may wait unsent for this connection before it is closed (see BUFFERED_DOCUMENTS). */
	maxBuffered: number;
}

interface LiveDoc {
	name: string;
	kind: DocKind;
	ydoc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	conns: Set<Connection>;
	rowsSinceCompact: number;
	/** Presences that came, went or changed since the last message: sent soon. */
	awarenessChanged: Set<number>;
	/** Presences only renewed since the last message: sent with the next one, or at the slower pace. */
	awarenessRenewed: Set<number>;
	/** Which connection may set which presence, and how fast. */
	presence: PresenceGate<Connection>;
	size: DocSize;
	unloadTimer: NodeJS.Timeout | null;
	/** Set by the afterTransaction hook: did the last applied update add or delete anything? */
	lastApplyChanged: boolean;
	/** Set by the afterTransaction hook: the state vector before the last transaction. */
	lastBeforeState: Map<number, number>;
	/**
	 * False while the document is served from its stored snapshot bytes and `ydoc` is still
	 * empty: the Y.Doc is built once the first new client has its answer (see `materialize`).
	 */
	loaded: boolean;
	/** The whole document as one update, kept until the next change: every new client needs it. */
	fullState: Uint8Array | null;
	materializeTimer: NodeJS.Timeout | null;
}

interface Pending {
	doc: LiveDoc;
	update: Uint8Array;
	origin: unknown;
}

export class DocServer implements DocServerBridge {
	readonly store: DocStore;
	private readonly wss: WebSocketServer;
	private readonly docs = new Map<string, LiveDoc>();
	private readonly perPerson = new Map<string, number>();
	private pending: Pending[] = [];
	/** Documents whose server-owned parts are about to be written again. */
	private restoring = new Set<string>();
	private replies: [Connection, Uint8Array, (() => void)?][] = [];
	private awarenessDirty = new Set<LiveDoc>();
	private renewalsDirty = new Set<LiveDoc>();
	private flushScheduled = false;
	private awarenessTimer: NodeJS.Timeout | null = null;
	private renewalTimer: NodeJS.Timeout | null = null;
	private flushWaiters: (() => void)[] = [];
	private readonly metrics = collabMetrics();
	private readonly pingTimer: NodeJS.Timeout;
	private readonly options: Required<Omit<DocServerOptions, 'db' | 'allowedOrigins' | 'maxDocBytes'>>;
	private readonly maxDocBytes: Record<DocKind, number>;

	constructor(private readonly config: DocServerOptions) {
		this.options = {
			maxFrameBytes: config.maxFrameBytes ?? 1024 * 1024,
			maxConnectionsPerPerson: config.maxConnectionsPerPerson ?? 20,
			maxAwarenessStateBytes: config.maxAwarenessStateBytes ?? 8 * 1024,
			// A caret moved at typing speed is 5–10 changes a second.
			presenceChangesPerSecond: config.presenceChangesPerSecond ?? 10,
			presenceBurst: config.presenceBurst ?? 20,
			answerBurst: config.answerBurst ?? 5,
			answersPerSecond: config.answersPerSecond ?? 0.1,
			compactEvery: config.compactEvery ?? 500,
			unloadGraceMs: config.unloadGraceMs ?? 30_000,
			pingIntervalMs: config.pingIntervalMs ?? 30_000,
			awarenessIntervalMs: config.awarenessIntervalMs ?? 50,
			awarenessRenewIntervalMs: config.awarenessRenewIntervalMs ?? 2000
		};
		this.maxDocBytes = { ...DOC_SIZE_LIMITS, ...config.maxDocBytes };
		this.store = createDocStore(config.db);
		this.wss = new WebSocketServer({ noServer: true, maxPayload: this.options.maxFrameBytes, perMessageDeflate: false });
		this.pingTimer = setInterval(() => this.ping(), this.options.pingIntervalMs).unref();
		this.metrics.logRows.set(this.store.logRows());
	}

	// ── authenticate ────────────────────────────────────────────────────────────────────────

	/** Handles an HTTP upgrade if it is for `/collab/…`; returns false for any other path. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith('/collab/')) return false;
		const refuse = (status: number, text: string, reason: string) => {
			this.metrics.refused.inc({ reason });
			socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
		};
		const origin = req.headers.origin;
		if (origin !== undefined && !this.config.allowedOrigins.includes(origin)) return refuse(403, 'Forbidden', 'origin'), true;
		let name: string;
		try {
			name = decodeURIComponent(url.pathname.slice('/collab/'.length));
		} catch {
			return refuse(400, 'Bad Request', 'name'), true;
		}
		if (!parseDocName(name)) return refuse(400, 'Bad Request', 'name'), true;
		const token = readCookie(req.headers.cookie, SESSION_COOKIE);
		const { session, person, linkConferenceId } = token
			? validateSessionToken(this.config.db, token)
			: { session: null, person: null, linkConferenceId: null };
		if (!session) return refuse(401, 'Unauthorized', 'session'), true;
		const linkScope = session.accessLinkId ? { conferenceId: linkConferenceId } : undefined;
		const access = docAccess(this.config.db, loadActor(this.config.db, person.id, linkScope), name);
		if (access === 'none') return refuse(403, 'Forbidden', 'policy'), true;
		if ((this.perPerson.get(person.id) ?? 0) >= this.options.maxConnectionsPerPerson) {
			return refuse(429, 'Too Many Requests', 'limit'), true;
		}
		const now = performance.now();
		const { answerBurst, answersPerSecond } = this.options;
		this.wss.handleUpgrade(req, socket, head, (ws) =>
			this.accept(ws, name, {
				ws,
				personId: person.id,
				personName: person.displayName,
				sessionId: session.id,
				linkScope,
				mode: access,
				acks: url.searchParams.get('acks') === '1',
				alive: true,
				syncAnswers: new TokenBucket(answersPerSecond, answerBurst, now),
				presenceAnswers: new TokenBucket(answersPerSecond, answerBurst, now),
				maxBuffered: BUFFERED_DOCUMENTS * this.maxDocBytes[parseDocName(name)!.kind]
			})
		);
		return true;
	}

	// ── load ────────────────────────────────────────────────────────────────────────────────

	/**
	 * The live document, loaded from SQLite first if needed: nobody syncs against an empty doc.
	 * Throws `BrokenDocument` when it cannot be loaded (see brokenDocuments.ts).
	 */
	private open(name: string): LiveDoc {
		const existing = this.docs.get(name);
		if (existing) {
			if (existing.unloadTimer) clearTimeout(existing.unloadTimer);
			existing.unloadTimer = null;
			return existing;
		}
		if (isBroken(name)) throw new BrokenDocument(name);
		const ydoc = new Y.Doc({ gc: true });
		// A document stored as just a snapshot is answered from those bytes; applying them (tens
		// of milliseconds for a long text) waits until the first client has its answer.
		const stored = this.store.storedState(name);
		let rows = 0;
		if (!stored) {
			try {
				rows = this.store.load(name, ydoc);
			} catch (error) {
				ydoc.destroy();
				throw error;
			}
			// Rows stored before pending items were dropped (see updateShape.ts) may leave some.
			dropPending(ydoc);
		}
		const awareness = new awarenessProtocol.Awareness(ydoc);
		// The server has no presence of its own, and must not time out clients' states itself
		// faster than they renew them.
		awareness.setLocalState(null);
		const doc: LiveDoc = {
			name,
			kind: parseDocName(name)!.kind,
			ydoc,
			awareness,
			conns: new Set(),
			rowsSinceCompact: rows,
			awarenessChanged: new Set(),
			awarenessRenewed: new Set(),
			presence: new PresenceGate(awareness, {
				maxStateBytes: this.options.maxAwarenessStateBytes,
				changesPerSecond: this.options.presenceChangesPerSecond,
				burst: this.options.presenceBurst
			}),
			size: new DocSize(this.maxDocBytes[parseDocName(name)!.kind]),
			unloadTimer: null,
			lastApplyChanged: false,
			lastBeforeState: new Map(),
			loaded: stored === null,
			fullState: stored,
			materializeTimer: null
		};
		// A client that never asks for the state must not leave the document unbuilt.
		if (stored) doc.materializeTimer = setTimeout(() => this.materialize(doc), 100).unref();
		// No 'update' listener on purpose: Yjs would re-encode every applied update for it. Client
		// updates are queued as the bytes that arrived; server changes encode their own diff.
		ydoc.on('afterTransaction', (tr: Y.Transaction) => {
			// Items left pending are dropped right after a client's update is applied (see `apply`):
			// they are no change. Deletions of content the server does not have yet still are.
			const changed =
				tr.deleteSet.clients.size > 0 ||
				ydoc.store.pendingDs !== null ||
				[...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock);
			doc.lastApplyChanged ||= changed;
			doc.lastBeforeState = tr.beforeState;
			if (changed && tr.origin !== 'load') doc.fullState = null;
		});
		const owned = serverOwnedParts(name);
		for (const key of owned?.maps ?? []) {
			ydoc.getMap(key).observeDeep((_events, tr) => {
				if (tr.origin !== 'server' && tr.origin !== 'load') this.restoreServerOwned(name);
			});
		}
		// 'change' (states that came, went or differ) is emitted before 'update' (every entry applied).
		awareness.on('change', ({ added, updated, removed }: AwarenessChange) => {
			for (const id of [...added, ...updated, ...removed]) doc.awarenessChanged.add(id);
			this.awarenessDirty.add(doc);
			this.awarenessTimer ??= setTimeout(() => this.flushAwareness(this.awarenessDirty), this.options.awarenessIntervalMs);
		});
		awareness.on('update', ({ updated }: AwarenessChange) => {
			const renewed = updated.filter((id) => !doc.awarenessChanged.has(id));
			if (renewed.length === 0) return;
			for (const id of renewed) doc.awarenessRenewed.add(id);
			this.renewalsDirty.add(doc);
			this.renewalTimer ??= setTimeout(() => this.flushAwareness(this.renewalsDirty), this.options.awarenessRenewIntervalMs);
		});
		this.docs.set(name, doc);
		this.metrics.docsLoaded.set(this.docs.size);
		if (stored === null && rows === 0) {
			try {
				this.writeInitialContent(doc);
			} catch (error) {
				this.breakDoc(doc, 'open', error);
				throw new BrokenDocument(name);
			}
		}
		return doc;
	}

	/** A document with nothing stored gets what its kind starts with, stored like any change. */
	private writeInitialContent(doc: LiveDoc): void {
		const initial = initialContentFor(doc.name);
		if (!initial) return;
		const before = Y.encodeStateVector(doc.ydoc);
		Y.transact(doc.ydoc, () => initial.write(this.config.db, initial.id, doc.ydoc), 'server');
		const after = Y.encodeStateVector(doc.ydoc);
		if (Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0) return;
		this.pending.push({ doc, update: Y.encodeStateAsUpdate(doc.ydoc, before), origin: 'server' });
		this.scheduleFlush();
	}

	private accept(ws: WebSocket, name: string, conn: Connection): void {
		let doc: LiveDoc;
		try {
			doc = this.open(name);
		} catch (error) {
			// Counted and logged where it failed (BrokenDocument), or here if it failed elsewhere.
			documentFailed(name, 'open', error);
			ws.close(CLOSE.documentBroken, 'document broken');
			return;
		}
		doc.conns.add(conn);
		this.perPerson.set(conn.personId, (this.perPerson.get(conn.personId) ?? 0) + 1);
		this.metrics.connections.inc();
		ws.on('message', (data: RawData) => this.receive(doc, conn, data));
		ws.on('close', () => this.leave(doc, conn));
		ws.on('error', () => ws.terminate());
		ws.on('pong', () => (conn.alive = true));
		// Our sync step 1 states what the server holds, so it waits until the document is built.
		if (doc.loaded) this.reply(conn, protocol.syncStep1(Y.encodeStateVector(doc.ydoc)));
		const states = [...doc.awareness.getStates().keys()];
		if (states.length > 0) this.reply(conn, protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, states)));
		this.scheduleFlush();
	}

	// ── change ──────────────────────────────────────────────────────────────────────────────

	private receive(doc: LiveDoc, conn: Connection, data: RawData): void {
		// Closed by the server (refused, revoked): what the client sent meanwhile counts for nothing.
		if (conn.ws.readyState !== conn.ws.OPEN) return;
		const bytes = toBytes(data);
		try {
			const decoder = decoding.createDecoder(bytes);
			const type = decoding.readVarUint(decoder);
			if (type === protocol.MESSAGE_SYNC) {
				const step = decoding.readVarUint(decoder);
				if (step === protocol.SYNC_STEP_1) {
					const stateVector = decoding.readVarUint8Array(decoder);
					// Each answer is a document (or what a state vector lacks of it) encoded and sent
					// for a few bytes: a client asks once per connection (see `answerBurst`).
					if (!conn.syncAnswers.take(performance.now())) {
						this.metrics.answersDropped.inc({ request: 'sync_step1' });
						return;
					}
					if (isEmptyStateVector(stateVector)) {
						// A new client: the whole document, as stored or as last encoded.
						const state = (doc.fullState ??= Y.encodeStateAsUpdate(doc.ydoc));
						if (doc.loaded) this.reply(conn, protocol.syncStep2(state));
						// Build the Y.Doc once the answer is on the wire, not while it still drains.
						else this.reply(conn, protocol.syncStep2(state), () => setImmediate(() => this.materialize(doc)));
					} else {
						if (!this.materialize(doc)) return;
						this.reply(conn, protocol.syncStep2(Y.encodeStateAsUpdate(doc.ydoc, stateVector)));
					}
					// Replies leave after the tick's updates are stored, so this state is durable.
					// (An unbuilt document sends it with its sync step 1, in `materialize`.)
					if (conn.acks && doc.loaded) this.reply(conn, protocol.persistedMessage(Y.encodeStateVector(doc.ydoc)));
				} else if (step === protocol.SYNC_STEP_2 || step === protocol.SYNC_UPDATE) {
					const update = decoding.readVarUint8Array(decoder);
					if (conn.mode !== 'write') {
						this.metrics.readOnlyDropped.inc();
						return;
					}
					// Decode fully before applying: a malformed update is refused whole, never half-applied.
					const decoded = Y.decodeUpdate(update);
					if (!this.materialize(doc)) return;
					// Before anything is applied: applying a deep enough type is what overflows the stack.
					const shape = shapeRefusal(doc.ydoc, doc.kind, decoded);
					if (shape) {
						// Refused and closed like a change that does not fit (44xx: not sent again).
						this.metrics.updatesRefused.inc({ reason: shape });
						conn.ws.close(CLOSE.shapeRefused, SHAPE_REASONS[shape]);
						return;
					}
					const growth = this.admittedGrowth(doc, update, decoded);
					if (growth === null) {
						// Refused before it is stored or relayed. The client cannot take it back, and its
						// next updates build on it: the connection ends (44xx: the stock client does not
						// send it again), and LiveDoc tells the person their last change was not saved.
						this.metrics.updatesRefused.inc({ reason: 'document_full' });
						conn.ws.close(CLOSE.documentFull, 'document full');
						return;
					}
					this.metrics.updatesIn.inc();
					const applied = this.apply(doc, conn, update);
					// Every client opens with a sync step 2 that is usually empty or already known:
					// storing and relaying those would cost a row and N messages per connection.
					if (!applied) return;
					// What is stored may be less than what came (items left waiting are dropped).
					doc.size.grew(Math.min(growth, applied.length));
					this.pending.push({ doc, update: applied, origin: conn });
					this.scheduleFlush();
				} else {
					throw new Error(`unknown sync step ${step}`);
				}
			} else if (type === protocol.MESSAGE_AWARENESS) {
				doc.presence.receive(conn, decoding.readVarUint8Array(decoder));
			} else if (type === protocol.MESSAGE_QUERY_AWARENESS) {
				// Every presence, up to 8 KiB each, for one byte: the stock client never asks.
				if (!conn.presenceAnswers.take(performance.now())) {
					this.metrics.answersDropped.inc({ request: 'awareness_query' });
					return;
				}
				const states = [...doc.awareness.getStates().keys()];
				this.reply(conn, protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, states)));
			} else {
				throw new Error(`unknown message type ${type}`);
			}
		} catch (error) {
			this.metrics.closedMalformed.inc();
			if (error instanceof protocol.AwarenessTooLarge) conn.ws.close(CLOSE.awarenessTooLarge, 'awareness state too large');
			else conn.ws.close(CLOSE.malformed, 'malformed message');
		}
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
			this.metrics.updatesRefused.inc({ reason: 'unappliable' });
			conn.ws.close(CLOSE.shapeRefused, 'update could not be applied');
			documentFailed(doc.name, 'apply', error, { remember: false });
			this.discard(doc, CLOSE.reloading, 'document reloaded');
			return null;
		}
		if (dropPending(doc.ydoc)) {
			this.metrics.pendingDropped.inc();
			return doc.lastApplyChanged ? Y.encodeStateAsUpdate(doc.ydoc, Y.encodeStateVector(doc.lastBeforeState)) : null;
		}
		return doc.lastApplyChanged ? update : null;
	}

	/**
	 * What this client update may add to the document's size, or null when it would take the
	 * document past its kind's limit (see docSize.ts).
	 */
	private admittedGrowth(doc: LiveDoc, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): number | null {
		// Measuring encodes the whole document, which is what the next new client needs anyway.
		const measure = () => (doc.fullState ??= Y.encodeStateAsUpdate(doc.ydoc)).length;
		const deletion = knownDeletion(doc.ydoc, decoded);
		if (deletion !== null) return doc.size.deletionGrowth(deletion, measure);
		return doc.size.admits(update.length, measure) ? update.length : null;
	}

	/**
	 * A client wrote into a part only the server writes (see serverOwned.ts): the server writes
	 * it again from SQLite, once per document however many such updates arrive in a tick.
	 */
	private restoreServerOwned(name: string): void {
		const owned = serverOwnedParts(name);
		if (!owned || this.restoring.has(name)) return;
		this.restoring.add(name);
		this.metrics.serverOwnedRestored.inc();
		setImmediate(() => {
			this.restoring.delete(name);
			owned.restore(this.config.db, owned.id).catch((error) => console.error(`restoring ${name} failed`, error));
		});
	}

	/**
	 * Applies a change as the server: persisted and relayed exactly like a client's. Never refused
	 * for the document's size: what the server writes is what SQLite decided (a count, a status, a
	 * place on the list of speakers) or text the document held before (a restored version), and
	 * screens must not contradict SQLite. It counts towards the size all the same.
	 */
	change(docName: string, fn: (doc: Y.Doc) => void): Promise<void> {
		if (!parseDocName(docName)) return Promise.reject(new Error(`invalid document name ${docName}`));
		let doc: LiveDoc;
		try {
			doc = this.open(docName);
		} catch (error) {
			return Promise.reject(error);
		}
		if (!this.materialize(doc)) return Promise.reject(new BrokenDocument(docName));
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
				this.discard(doc, CLOSE.reloading, 'document reloaded');
			}
			// Refused before it changed anything (see changeDocument.ts): the document opened for it
			// must not stay loaded.
			else if (doc.conns.size === 0) this.scheduleUnload(doc);
			throw error;
		}
		// A change that changed nothing (a projection that was already shown) is neither stored nor relayed.
		if (doc.lastApplyChanged) {
			// New structs since `before`, plus the delete set (deletions carry no clock of their own).
			const update = Y.encodeStateAsUpdate(doc.ydoc, before);
			doc.size.grew(update.length);
			this.pending.push({ doc, update, origin: 'server' });
		}
		const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
		this.scheduleFlush();
		if (doc.conns.size === 0) this.scheduleUnload(doc);
		return done;
	}

	/**
	 * Reads the live document (loading it, and writing what its kind starts with, if needed).
	 * Throws `BrokenDocument` when it cannot be opened.
	 */
	read<T>(docName: string, fn: (doc: Y.Doc) => T): T {
		if (!parseDocName(docName)) throw new Error(`invalid document name ${docName}`);
		const doc = this.open(docName);
		if (!this.materialize(doc)) throw new BrokenDocument(docName);
		try {
			return fn(doc.ydoc);
		} finally {
			if (doc.conns.size === 0) this.scheduleUnload(doc);
		}
	}

	// ── store ───────────────────────────────────────────────────────────────────────────────

	private scheduleFlush(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => this.flush());
	}

	/**
	 * Once per tick: append every update of the tick in one transaction, then relay them,
	 * then answer sync requests. Nothing leaves before it is stored.
	 */
	flush(): void {
		this.flushScheduled = false;
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
			this.metrics.persistSeconds.observe((performance.now() - started) / 1000);
			this.metrics.logRows.inc(byDoc.size);
			const touched = new Set<LiveDoc>();
			for (const { doc } of batch) touched.add(doc);
			for (const doc of touched) doc.rowsSinceCompact++;
			if (touched.size === 1) this.relay(batch[0].doc, batch);
			else for (const doc of touched) this.relay(doc, batch.filter((p) => p.doc === doc));
			for (const doc of touched) {
				const acked = [...doc.conns].filter((c) => c.acks);
				if (acked.length > 0) {
					const message = protocol.persistedMessage(Y.encodeStateVector(doc.ydoc));
					for (const conn of acked) this.send(conn, message);
				}
				if (doc.rowsSinceCompact >= this.options.compactEvery) this.compact(doc);
			}
		}
		const replies = this.replies;
		this.replies = [];
		for (const [conn, message, sent] of replies) this.send(conn, message, sent);
		const waiters = this.flushWaiters;
		this.flushWaiters = [];
		for (const resolve of waiters) resolve();
	}

	/**
	 * Sends the presence news of each document in `dirty` (changes and renewals alike: renewals
	 * ride along with any message that goes anyway) as one message to all its clients.
	 */
	private flushAwareness(dirty: Set<LiveDoc>): void {
		if (dirty === this.awarenessDirty) this.awarenessTimer = null;
		else this.renewalTimer = null;
		for (const doc of dirty) {
			const ids = [...new Set([...doc.awarenessChanged, ...doc.awarenessRenewed])];
			doc.awarenessChanged.clear();
			doc.awarenessRenewed.clear();
			if (ids.length === 0 || doc.conns.size === 0) continue;
			const message = protocol.awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, ids));
			const framed = frame(message);
			for (const conn of doc.conns) if (this.canTake(conn)) sendFramed(conn.ws, framed, message);
		}
		dirty.clear();
	}

	/** Relays one tick's updates of a document to every connection but the one each came from. */
	private relay(doc: LiveDoc, entries: Pending[]): void {
		let sent = 0;
		for (const { update, origin } of entries) {
			const message = protocol.syncUpdate(update);
			const framed = frame(message);
			for (const conn of doc.conns) {
				if (conn === origin || !this.canTake(conn)) continue;
				sendFramed(conn.ws, framed, message);
				sent++;
			}
		}
		this.metrics.updatesOut.inc(sent);
	}

	/**
	 * Builds the Y.Doc of a document served from its stored bytes, then greets its clients.
	 * Answers whether the document can be used: false when it is no longer the one in memory, or
	 * when its stored bytes cannot be applied (it is broken: closed, and stays closed).
	 */
	private materialize(doc: LiveDoc): boolean {
		if (this.docs.get(doc.name) !== doc) return false;
		if (doc.loaded) return true;
		if (doc.materializeTimer) clearTimeout(doc.materializeTimer);
		doc.materializeTimer = null;
		try {
			Y.applyUpdate(doc.ydoc, doc.fullState as Uint8Array, 'load');
			dropPending(doc.ydoc);
		} catch (error) {
			this.breakDoc(doc, 'materialize', error);
			return false;
		}
		doc.loaded = true;
		const stateVector = Y.encodeStateVector(doc.ydoc);
		for (const conn of doc.conns) {
			this.reply(conn, protocol.syncStep1(stateVector));
			if (conn.acks) this.reply(conn, protocol.persistedMessage(stateVector));
		}
		return true;
	}

	private compact(doc: LiveDoc): void {
		// An unbuilt Y.Doc is empty: folding it would overwrite the stored snapshot with nothing. A
		// copy that is no longer the one in memory may hold a half-applied change: never stored.
		if (!doc.loaded || this.docs.get(doc.name) !== doc) return;
		try {
			doc.size.measured(this.store.compact(doc.name, doc.ydoc));
		} catch (error) {
			this.breakDoc(doc, 'compact', error);
			return;
		}
		this.metrics.logRows.dec(doc.rowsSinceCompact);
		doc.rowsSinceCompact = 0;
	}

	/** A document whose stored state cannot be loaded, built or stored: closed until restart (see brokenDocuments.ts). */
	private breakDoc(doc: LiveDoc, stage: FailureStage, error: unknown): void {
		documentFailed(doc.name, stage, error);
		this.discard(doc, CLOSE.documentBroken, 'document broken');
	}

	/**
	 * Drops a document's copy in memory without storing it (it may hold a half-applied change) and
	 * closes its connections with `code`. Updates that came before are stored as they arrived.
	 */
	private discard(doc: LiveDoc, code: number, reason: string): void {
		if (this.docs.get(doc.name) !== doc) return;
		this.docs.delete(doc.name);
		this.metrics.docsLoaded.set(this.docs.size);
		if (this.pending.some((p) => p.doc === doc)) this.flush();
		for (const timer of [doc.unloadTimer, doc.materializeTimer]) if (timer) clearTimeout(timer);
		doc.unloadTimer = doc.materializeTimer = null;
		this.awarenessDirty.delete(doc);
		this.renewalsDirty.delete(doc);
		for (const conn of doc.conns) conn.ws.close(code, reason);
		doc.presence.destroy();
		doc.awareness.destroy();
		try {
			doc.ydoc.destroy();
		} catch {
			// A copy that failed may fail again on its way out; it is gone either way.
		}
	}

	/** Queues an answer for the end of the tick; `sent` runs once it is written (or failed). */
	private reply(conn: Connection, message: Uint8Array, sent?: () => void): void {
		this.replies.push([conn, message, sent]);
		this.scheduleFlush();
	}

	private send(conn: Connection, message: Uint8Array, sent?: () => void): void {
		if (this.canTake(conn)) conn.ws.send(message, { binary: true }, sent);
		else sent?.();
	}

	/**
	 * May this connection be sent another message? Not once it is closing, and not when more than
	 * its limit waits unsent in our buffer: a client that does not read cannot be served, and
	 * everything sent to it would stay in this process's memory. It is closed (4504: reconnect).
	 * A slow client that does read gets the close after what is buffered; one that never reads is
	 * cut off by `ws` 30 s later.
	 */
	private canTake(conn: Connection): boolean {
		if (conn.ws.readyState !== conn.ws.OPEN) return false;
		if (conn.ws.bufferedAmount <= conn.maxBuffered) return true;
		this.metrics.closedSlow.inc();
		conn.ws.close(CLOSE.tooSlow, 'not reading');
		return false;
	}

	// ── leave, unload, revoke ───────────────────────────────────────────────────────────────

	private leave(doc: LiveDoc, conn: Connection): void {
		if (!doc.conns.delete(conn)) return;
		this.metrics.connections.dec();
		const left = (this.perPerson.get(conn.personId) ?? 1) - 1;
		if (left > 0) this.perPerson.set(conn.personId, left);
		else this.perPerson.delete(conn.personId);
		doc.presence.release(conn);
		if (doc.conns.size === 0) this.scheduleUnload(doc);
	}

	private scheduleUnload(doc: LiveDoc): void {
		if (doc.unloadTimer) clearTimeout(doc.unloadTimer);
		doc.unloadTimer = setTimeout(() => this.unload(doc), this.options.unloadGraceMs);
		doc.unloadTimer.unref();
	}

	private unload(doc: LiveDoc): void {
		if (doc.conns.size > 0 || this.docs.get(doc.name) !== doc) return;
		try {
			if (this.pending.some((p) => p.doc === doc)) this.flush();
			if (doc.rowsSinceCompact > 0) this.compact(doc);
			// Compaction failed: the document is broken and already dropped.
			if (this.docs.get(doc.name) !== doc) return;
			if (doc.materializeTimer) clearTimeout(doc.materializeTimer);
			doc.presence.destroy();
			doc.awareness.destroy();
			doc.ydoc.destroy();
			this.docs.delete(doc.name);
			this.metrics.docsLoaded.set(this.docs.size);
		} catch (error) {
			// Runs in a timer: whatever fails here must not take the process with it.
			this.breakDoc(doc, 'unload', error);
		}
	}

	/**
	 * Re-checks open connections after rights changed: a connection whose session ended or
	 * whose access is gone is closed (the stock client does not retry a 44xx close); one whose
	 * access changed between read and write continues with the new mode, and a reader now has no
	 * presence: everyone stops seeing it at once.
	 */
	recheck(filter: { personId?: string; docName?: string }): void {
		const db = this.config.db;
		for (const doc of this.docs.values()) {
			if (filter.docName && filter.docName !== doc.name) continue;
			for (const conn of doc.conns) {
				if (filter.personId && filter.personId !== conn.personId) continue;
				const alive = db
					.select({ id: sessions.id })
					.from(sessions)
					.where(and(eq(sessions.id, conn.sessionId), gt(sessions.expiresAt, new Date())))
					.get();
				if (!alive) {
					conn.ws.close(CLOSE.signedOut, 'signed out');
					continue;
				}
				const access = docAccess(db, loadActor(db, conn.personId, conn.linkScope), doc.name);
				if (access === 'none') conn.ws.close(CLOSE.forbidden, 'access revoked');
				else conn.mode = access;
				if (access !== 'write') doc.presence.release(conn);
			}
		}
	}

	private ping(): void {
		for (const doc of this.docs.values()) {
			for (const conn of doc.conns) {
				if (!conn.alive) {
					conn.ws.terminate();
					continue;
				}
				conn.alive = false;
				conn.ws.ping();
			}
		}
	}

	/** Stores everything and closes every connection (shutdown). */
	close(): void {
		clearInterval(this.pingTimer);
		for (const timer of [this.awarenessTimer, this.renewalTimer]) if (timer) clearTimeout(timer);
		this.awarenessTimer = this.renewalTimer = null;
		this.awarenessDirty.clear();
		this.renewalsDirty.clear();
		this.flush();
		for (const doc of [...this.docs.values()]) {
			for (const conn of doc.conns) conn.ws.close(CLOSE.goingAway, 'server shutting down');
			if (doc.rowsSinceCompact > 0) this.compact(doc);
			if (doc.unloadTimer) clearTimeout(doc.unloadTimer);
			if (doc.materializeTimer) clearTimeout(doc.materializeTimer);
			doc.presence.destroy();
			doc.ydoc.destroy();
		}
		this.docs.clear();
		this.metrics.docsLoaded.set(0);
		this.wss.close();
	}

	/** For tests and pages: how many connections a document has right now. */
	connectionCount(docName: string): number {
		return this.docs.get(docName)?.conns.size ?? 0;
	}

	/** For tests: the presences the server holds for a document, and of how many clients it keeps a clock. */
	presenceOf(docName: string): { states: ReadonlyMap<number, unknown>; known: number } {
		const awareness = this.docs.get(docName)?.awareness;
		if (!awareness) return { states: new Map(), known: 0 };
		// The server's own entry (it has no presence) is not a client's.
		return { states: new Map(awareness.states), known: [...awareness.meta.keys()].filter((id) => id !== awareness.clientID).length };
	}
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** The reason a refused client is given with 4422. */
const SHAPE_REASONS = {
	too_deep: 'shared types nested too deep',
	root_type: 'a top-level type this document does not have',
	subdocument: 'subdocuments are not allowed'
} as const;

/** Did this transaction add or delete anything so far (also when it ended in an error)? */
function changedBy(transaction: Y.Transaction, doc: Y.Doc): boolean {
	if (transaction.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) if (transaction.beforeState.get(client) !== clock) return true;
	return false;
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

function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return decodeURIComponent(value.join('='));
	}
	return undefined;
}

/** Starts the document server for this process and makes it reachable from app code. */
export function startDocServer(options: DocServerOptions): DocServer {
	const server = new DocServer(options);
	registerDocServer(server);
	return server;
}

export function stopDocServer(server: DocServer): void {
	server.close();
	unregisterDocServer(server);
}
