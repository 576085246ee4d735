import { AsyncLocalStorage } from 'node:async_hooks';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { errorCode } from '../../src/lib/server/db/client';
import type { AsyncDocStore } from '../../src/lib/server/collab/docStoreOn';
import { documentFailed, type FailureStage } from '../../src/lib/server/collab/brokenDocuments';
import { frame, sendFramed } from './broadcast';
import type { Connection } from './connection';
import type { Hooks } from './extension';
import type { LiveDoc } from './liveDoc';
import * as protocol from './protocol';
import { dropPending } from './updateShape';

/** The origin of what another process stored and this one applies: judged where it came in. */
export const STORED_ELSEWHERE = 'remote';

/**
 * A tick the store refused for a passing reason is tried again after 50 ms, then twice as long
 * each time up to 2 s, 8 times in all (about 7 s); after that its documents reload (`notStored`).
 */
const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 2000;
const RETRIES = 8;

/**
 * PostgreSQL's SQLSTATEs of a statement refused for now, nothing written: class 08 (the
 * connection), class 53 (resources: a full disk, memory, too many connections), a deadlock or
 * serialization failure, a lock or statement timeout, the server shutting down or starting.
 */
const PASSING_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03']);
const PASSING_SOCKET_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * Was nothing written, and may the same statements succeed a moment later? SQLite's "database is
 * locked" (another instance writing); on PostgreSQL a deadlock, serialization, lock or statement
 * timeout, the connection lost or refused, the server restarting or out of resources. `pg` reports
 * a connection that ended, or a pool that ended or found none in time, without a code. What is not
 * passing marks a document broken until restart, so only an error about the document itself
 * should be left out here.
 */
export function isPassing(error: unknown): boolean {
	const code = errorCode(error);
	if (code !== undefined)
		return code.startsWith('SQLITE_BUSY') || code.startsWith('08') || code.startsWith('53') || PASSING_SQLSTATES.has(code) || PASSING_SOCKET_ERRORS.has(code);
	const message = error instanceof Error ? error.message : '';
	// pg's own words for a connection or pool that is gone: ended, closed, or none free in time.
	return /Connection terminated|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end/i.test(
		message
	);
}

/** How soon after a commit of the log it is synced to disk (see docStore.ts on power loss). */
const SYNC_WITHIN_MS = 1000;

/**
 * Runs a flush outside whatever async context scheduled it: a flush scheduled by work inside a
 * data-layer transaction (a command that read a document) must not append inside that
 * transaction, to be rolled back with it after its rows were relayed.
 */
const outsideAnyTransaction = AsyncLocalStorage.snapshot();

/** Someone awaiting a flush (`flushed`): told when what it queued is stored, or could not be. */
interface Waiter {
	resolve(): void;
	reject(error: Error): void;
}

/** One flush's share: what it stores, relays, answers and resolves. */
interface Tick {
	batch: Pending[];
	byDoc: Map<string, Uint8Array[]>;
	replies: [Connection, Uint8Array, (() => void)?][];
	waiters: Waiter[];
	/**
	 * The state vector of each touched document with a client that asks for "saved" messages, taken
	 * when the tick was cut: what its append stores. Updates that arrive while it is in flight are
	 * in the document too, but they are stored by the next append, and only then reported saved.
	 */
	saved: Map<LiveDoc, Uint8Array>;
	started: number;
}

interface Pending {
	doc: LiveDoc;
	update: Uint8Array;
	/** The connection it came from (it is not sent back there), or the server. */
	origin: Connection | 'server';
	/** Stored already (by another process): only relayed. */
	stored: boolean;
}

/**
 * Persistence: the group-committed update log. Every update of one event-loop tick is appended
 * in one transaction, then relayed, then the tick's answers leave: nothing is sent before it is
 * stored, so a crash loses nothing any client has seen. The append is awaited (the store may be
 * PostgreSQL); one is in flight at a time, and what arrives meanwhile goes with the next, so no
 * tick's updates overtake an earlier one's. A document's log is folded into a snapshot every
 * `compactEvery` rows (and when it unloads, see documents.ts).
 */
export class Persistence {
	private pending: Pending[] = [];
	/** The tick whose append is under way (on a store that answers later): its documents are still held. */
	private appending: Pending[] = [];
	private replies: [Connection, Uint8Array, (() => void)?][] = [];
	private waiters: Waiter[] = [];
	private scheduled = false;
	/** Set while a tick the store refused for now waits to be tried again; `failures` counts the tries. */
	private retryTimer: NodeJS.Timeout | null = null;
	private failures = 0;
	private syncTimer: NodeJS.Timeout | null = null;
	/** The flush under way, and the one that starts when it ends (it takes everything queued by then). */
	private running: Promise<void> | null = null;
	private next: Promise<void> | null = null;
	/** The folds under way: one fold of a document at a time, and whoever asks for another awaits it. */
	private compacting = new Map<LiveDoc, Promise<void>>();

	constructor(
		/** Where the log is appended, folded and synced: the data layer's store. */
		readonly stored: AsyncDocStore,
		private readonly hooks: Hooks,
		private readonly compactEvery: number,
		private readonly documents: {
			isCurrent(doc: LiveDoc): boolean;
			broken(doc: LiveDoc, stage: FailureStage, error: unknown): void;
			materialize(doc: LiveDoc): boolean;
			discard(doc: LiveDoc, code: number, reason: string): void;
		}
	) {}

	/** Queues an applied update to be stored and relayed at the end of the tick. */
	queue(doc: LiveDoc, update: Uint8Array, origin: Connection | 'server'): void {
		this.pending.push({ doc, update, origin, stored: false });
		this.schedule();
	}

	/**
	 * Applies updates another process stored under log row `seq` (it relays them to its own
	 * clients): relayed here too, not stored again. Answers false when they could not all be
	 * integrated (they wait for a row not seen yet): then `catchUp` brings the rest from the store.
	 */
	applyStored(doc: LiveDoc, seq: number, updates: readonly Uint8Array[]): boolean {
		if (seq <= doc.storedThrough || doc.knownRows.has(seq)) return true;
		if (!this.documents.materialize(doc)) return true;
		const complete = this.applyFromElsewhere(doc, updates);
		if (complete) doc.knownRows.add(seq);
		// An instance that only receives never compacts: its list of rows held is bounded here, by
		// a look at the log (row numbers only) that moves `storedThrough` past them.
		if (doc.knownRows.size >= this.compactEvery && this.documents.isCurrent(doc)) {
			this.catchUp(doc).catch((error) => console.warn(`catching up ${doc.name} from the store failed (${(error as Error).message})`));
		}
		return complete;
	}

	/**
	 * Applies what the store holds of the document that this process has not applied (rows other
	 * processes stored that did not reach it, or a snapshot folded past them), and relays it.
	 * Answers how many updates that was. `store` is the one of a transaction it runs in.
	 */
	async catchUp(doc: LiveDoc, store: AsyncDocStore = this.stored): Promise<number> {
		if (!this.documents.materialize(doc)) return 0;
		// What arrives meanwhile (over Redis, or another catch-up) may be read again: applying it twice changes nothing.
		return this.caughtUp(doc, await store.unseen(doc.name, doc.storedThrough, doc.knownRows));
	}

	private caughtUp(doc: LiveDoc, { updates, through }: { updates: Uint8Array[]; through: number }): number {
		// Dropped while the store answered: its successor loads from the store.
		if (!this.documents.isCurrent(doc)) return 0;
		if (updates.length > 0) this.applyFromElsewhere(doc, updates);
		if (this.documents.isCurrent(doc)) doc.caughtUp(through);
		return updates.length;
	}

	/** Applies updates that were stored already, relays what changed; false if some wait for others. */
	private applyFromElsewhere(doc: LiveDoc, updates: readonly Uint8Array[]): boolean {
		const before = doc.stateVector();
		doc.lastApplyChanged = false;
		let complete: boolean;
		try {
			Y.transact(
				doc.ydoc,
				() => {
					for (const update of updates) Y.applyUpdate(doc.ydoc, update);
				},
				STORED_ELSEWHERE
			);
			complete = doc.ydoc.store.pendingStructs === null && doc.ydoc.store.pendingDs === null;
			// As for a client's update: what waits is dropped, and comes again with the row it waited for.
			dropPending(doc.ydoc);
		} catch (error) {
			// Stored by a process that applied it: this copy cannot be trusted; it is rebuilt from the store.
			documentFailed(doc.name, 'apply', error, { remember: false });
			this.documents.discard(doc, CLOSE.reloading, 'document reloaded');
			return true;
		}
		if (doc.lastApplyChanged) {
			const update = Y.encodeStateAsUpdate(doc.ydoc, before);
			this.hooks.run('onChange', { doc, connection: null, update, stored: true });
			this.pending.push({ doc, update, origin: 'server', stored: true });
			this.schedule();
		}
		return complete;
	}

	/** Queues an answer for the end of the tick; `sent` runs once it is written (or failed). */
	reply(conn: Connection, message: Uint8Array, sent?: () => void): void {
		this.replies.push([conn, message, sent]);
		this.schedule();
	}

	/**
	 * Resolves once the next flush has stored (and relayed) everything queued so far; rejects when
	 * the store refused it for good (its documents were dropped and their clients told to reload).
	 */
	flushed(): Promise<void> {
		const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
		this.schedule();
		return done;
	}

	/**
	 * Are updates of this document waiting to be stored, or being stored? A copy let go before its
	 * append committed would be loaded again without it.
	 */
	holds(doc: LiveDoc): boolean {
		return this.pending.some((p) => p.doc === doc) || this.appending.some((p) => p.doc === doc && !p.stored);
	}

	schedule(): void {
		// A tick waiting to be tried again: what comes meanwhile goes with it, when its timer fires.
		if (this.scheduled || this.retryTimer) return;
		this.scheduled = true;
		setImmediate(outsideAnyTransaction, () => void this.flush());
	}

	/**
	 * Once per tick: append every update of the tick in one transaction, then relay them, then
	 * answer sync requests. Nothing leaves before it is stored. Resolves once everything queued
	 * before the call is stored and sent; while an append is in flight, the next flush waits for
	 * it and takes what came meanwhile (answers too: they may hold those updates). Never rejects:
	 * what the store refuses is handled here (`notStored`).
	 *
	 * It runs outside whatever async context called it, as a scheduled flush does: a direct call
	 * (`discard`, say) from work inside a data-layer transaction must not append inside it.
	 */
	flush(): Promise<void> {
		return outsideAnyTransaction(() => {
			this.scheduled = false;
			if (!this.running) return this.start();
			const go = () => {
				this.next = null;
				return this.start();
			};
			return (this.next ??= this.running.then(go, go));
		});
	}

	private start(): Promise<void> {
		let later: Promise<void> | undefined;
		try {
			later = this.flushOnce();
		} catch (error) {
			// A hook or a send that threw after the store answered: logged, the server goes on.
			console.error('flushing the document log failed', error);
		}
		// Stored at once (SQLite, the usual case): nothing is in flight.
		if (!later) return Promise.resolve();
		const run: Promise<void> = later
			.catch((error: unknown) => console.error('flushing the document log failed', error))
			.finally(() => {
				if (this.running === run) this.running = null;
			});
		this.running = run;
		return run;
	}

	/** One flush: undefined when it is done, or the promise of its append and what follows it. */
	private flushOnce(): Promise<void> | undefined {
		const batch = this.pending;
		this.pending = [];
		const replies = this.replies;
		this.replies = [];
		const waiters = this.waiters;
		this.waiters = [];
		const byDoc = new Map<string, Uint8Array[]>();
		for (const { doc, update, stored } of batch) {
			if (stored) continue;
			const list = byDoc.get(doc.name);
			if (list) list.push(update);
			else byDoc.set(doc.name, [update]);
		}
		const saved = new Map<LiveDoc, Uint8Array>();
		for (const { doc } of batch) if (!saved.has(doc) && [...doc.conns].some((c) => c.acks)) saved.set(doc, doc.stateVector());
		const tick: Tick = { batch, byDoc, replies, waiters, saved, started: performance.now() };
		if (byDoc.size === 0) return void this.afterStored(tick, null);
		// The hot path without a promise where the store can append at once (SQLite, its connection free).
		let seqs: Map<string, number> | undefined;
		try {
			seqs = this.stored.appendAtOnce?.(byDoc);
		} catch (error) {
			return void this.notStored(tick, error);
		}
		if (seqs) return void this.afterStored(tick, seqs);
		this.appending = batch;
		return this.stored.append(byDoc).then(
			(seqs) => {
				this.appending = [];
				this.afterStored(tick, seqs);
			},
			(error: unknown) => {
				this.appending = [];
				this.notStored(tick, error);
			}
		);
	}

	/**
	 * Nothing of the tick was stored, relayed or answered. Refused for now (`isPassing`: another
	 * instance writing, a lost connection): all of it waits, in order, for the next try, later each
	 * time. Refused for good, or too often: its documents are dropped and their clients closed with
	 * "reloading"; they reconnect and send what the server lacks, so no edit of theirs is lost, and
	 * whoever awaits the tick is told it was not stored. The server goes on with what comes next.
	 */
	private notStored(tick: Tick, error: unknown): void {
		const { batch, replies, waiters } = tick;
		if (isPassing(error) && this.failures < RETRIES) {
			const delay = Math.min(RETRY_FIRST_MS * 2 ** this.failures, RETRY_MAX_MS);
			this.failures++;
			this.pending = [...batch, ...this.pending];
			this.replies = [...replies, ...this.replies];
			this.waiters = [...waiters, ...this.waiters];
			console.warn(`storing the document log failed for now (${(error as Error).message}): ${batch.length} update(s) wait ${delay} ms for the next try`);
			this.retryTimer = setTimeout(outsideAnyTransaction, delay, () => {
				this.retryTimer = null;
				this.schedule();
			}).unref();
			return;
		}
		this.failures = 0;
		const unstored = new Set(batch.filter((p) => !p.stored).map((p) => p.doc));
		console.error(`storing the document log failed: ${[...unstored].map((d) => d.name).join(', ')} reload`, error);
		// Their copies hold updates the store lacks: rebuilt from the store, with what clients send again.
		for (const doc of unstored) this.documents.discard(doc, CLOSE.reloading, 'document reloaded');
		this.afterStored({ ...tick, batch: batch.filter((p) => !unstored.has(p.doc)), waiters: [] }, null);
		const refused = new Error('the document log refused the update', { cause: error });
		for (const waiter of waiters) waiter.reject(refused);
	}

	/** The tick's updates are stored (`seqs`, null when there were none to store): relayed, acknowledged, answered. */
	private afterStored({ batch, byDoc, replies, waiters, saved, started }: Tick, seqs: Map<string, number> | null): void {
		if (seqs) {
			this.failures = 0;
			// The copies whose updates went into each row: usually one. A copy dropped with updates
			// still to store, and its successor loaded at once, share a row: the successor lacks the
			// dropped copy's part, so the row is not "known" to it, and it catches up with it.
			const copies = new Map<string, Set<LiveDoc>>();
			for (const { doc, stored } of batch) {
				if (stored) continue;
				const set = copies.get(doc.name);
				if (set) set.add(doc);
				else copies.set(doc.name, new Set([doc]));
			}
			for (const [name, seq] of seqs) {
				const written = [...copies.get(name)!];
				const doc = written.at(-1)!;
				if (written.length === 1) doc.knownRows.add(seq);
				doc.rowsSinceCompact++;
			}
			this.hooks.run('onStoreDocument', { updates: byDoc, seqs, seconds: (performance.now() - started) / 1000 });
			// Safe from a process crash now; from power loss within a second (see docStore.ts).
			this.syncTimer ??= setTimeout(outsideAnyTransaction, SYNC_WITHIN_MS, () => void this.sync()).unref();
		}
		if (batch.length > 0) {
			const touched = new Set<LiveDoc>();
			for (const { doc } of batch) touched.add(doc);
			if (touched.size === 1) this.relay(batch[0].doc, batch);
			else
				for (const doc of touched)
					this.relay(
						doc,
						batch.filter((p) => p.doc === doc)
					);
			for (const doc of touched) {
				const stateVector = saved.get(doc);
				if (stateVector) {
					const message = protocol.persistedMessage(stateVector);
					for (const conn of doc.conns) if (conn.acks) conn.send(message);
				}
				if (doc.rowsSinceCompact >= this.compactEvery) void this.compact(doc);
			}
		}
		for (const [conn, message, sent] of replies) conn.send(message, sent);
		for (const waiter of waiters) waiter.resolve();
	}

	/** Makes the log durable across power loss too (see docStore.ts): a second after a commit, and at shutdown. */
	async sync(): Promise<void> {
		if (this.syncTimer) clearTimeout(this.syncTimer);
		this.syncTimer = null;
		try {
			await this.stored.sync();
		} catch (error) {
			// Runs in a timer; the next commit's FULL neighbours or checkpoint sync the log all the same.
			console.error('syncing the document log failed', error);
		}
	}

	/**
	 * Folds the document's log into a snapshot, through the last row this copy holds with every
	 * row before it. Other processes append to the same log: first what they stored is applied
	 * (in the same transaction, which holds the document, so nothing comes between), and their
	 * rows are never folded into a snapshot that lacks them. A process that finds a snapshot
	 * folded as far stored by another leaves it. One fold of a document at a time: asked again
	 * while one runs, it answers that one's promise (unloading waits for the fold under way).
	 * Never rejects.
	 */
	compact(doc: LiveDoc): Promise<void> {
		const running = this.compacting.get(doc);
		if (running) return running;
		// An unbuilt Y.Doc is empty: folding it would overwrite the stored snapshot with nothing. A
		// copy that is no longer the one in memory may hold a half-applied change: never stored.
		if (!doc.loaded || !this.documents.isCurrent(doc)) return Promise.resolve();
		const run = this.fold(doc)
			.catch((error: unknown) => console.error(`after folding ${doc.name}`, error))
			.finally(() => this.compacting.delete(doc));
		this.compacting.set(doc, run);
		return run;
	}

	private async fold(doc: LiveDoc): Promise<void> {
		// Rows appended while it folds count towards the next fold.
		const rows = doc.rowsSinceCompact;
		let bytes: number | null;
		try {
			bytes = await this.stored.atomically(doc.name, async (store) => {
				await this.catchUp(doc, store);
				return this.documents.isCurrent(doc) ? store.compact(doc.name, doc.ydoc, doc.storedThrough) : null;
			});
		} catch (error) {
			// Refused for now (the write lock held elsewhere too long, a deadlock, the connection
			// lost): nothing changed; it folds at a later flush.
			if (isPassing(error)) {
				console.warn(`folding ${doc.name} failed for now (${(error as Error).message}); it folds later`);
				return;
			}
			this.documents.broken(doc, 'compact', error);
			return;
		}
		if (bytes !== null) this.hooks.run('onSnapshot', { doc, bytes, rows });
		doc.rowsSinceCompact = Math.max(0, doc.rowsSinceCompact - rows);
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
