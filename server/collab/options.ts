import type { DocKind } from '../../src/lib/collab/docNames';
import type { Data } from '../../src/lib/server/db/client';
import type { Extension } from './extension';

/** How a document server is set up; every limit has a default (see docServer.ts). */
export interface DocServerOptions {
	/**
	 * The data layer (SQLite or PostgreSQL) documents are loaded and stored through, and the default
	 * extensions read sessions, rights and what a document starts with from.
	 */
	data: Data;
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
	/**
	 * What plugs in, run in this order. Default: sessions and policies, the rules of each kind
	 * of document, the metrics (`defaultExtensions`); pass `[...defaultExtensions(...), mine]` to add one.
	 */
	extensions?: Extension[];
}
