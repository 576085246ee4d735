import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { DocKind } from '../../src/lib/collab/docNames';
import type { DocAccess } from '../../src/lib/server/collab/access';
import type { AsyncDocStore } from '../../src/lib/server/collab/docStoreOn';
import type { Connection } from './connection';
import type { LiveDoc } from './liveDoc';

/**
 * What plugs into the document server (Hocuspocus's `Extension`, with our own hooks): who may
 * connect, what a document starts with, which changes it refuses, what is counted. The core runs
 * the hooks of every extension in the order the extensions were given, for one event in this
 * order: onAuthenticate → initialContent → onLoadDocument → connected → beforeChange / onChange →
 * onStoreDocument → onDisconnect. The hooks that decide who someone is and what a document is
 * (onAuthenticate, initialContent, connected, onRecheck) may answer a promise: they read the data
 * layer, and the core awaits them before it goes on with that connection or document. The others
 * are synchronous on purpose: an update is stored and relayed in the tick it arrived, and a
 * command's `read` sees the document with nothing in between. An extension that needs I/O of its
 * own there (a Redis fan-out, say) starts it from a hook and feeds what comes back in through
 * `server.change`.
 */
export interface Extension {
	/**
	 * Once, when the server starts: `report` counts the server's events (see `CollabEvent`);
	 * `server` is what an extension that connects processes feeds their changes in through;
	 * `store` is where the server loads and stores documents (the data layer's).
	 */
	onConfigure?(context: { report: Report; store: AsyncDocStore; server: SharedDocuments }): void;
	/**
	 * An upgrade for a valid document name. Returns who connects and with which access, or
	 * throws `Refusal` (an HTTP status before the upgrade). The first identity returned counts;
	 * later hooks may still refuse.
	 */
	onAuthenticate?(payload: { request: IncomingMessage; docName: string; kind: DocKind }): Awaitable<Identity | void>;
	/**
	 * A document with nothing stored is being opened: what it starts with (read now, written by the
	 * function answered, origin 'server', in the tick the document is taken into memory and after
	 * onLoadDocument; stored like any change). Null: nothing from this extension.
	 */
	initialContent?(payload: { docName: string; kind: DocKind }): Awaitable<((doc: Y.Doc) => void) | null | void>;
	/**
	 * The connection was accepted and joined its document. What it sends is handled only once every
	 * extension's `connected` has settled (held in order until then); a rejection closes it.
	 */
	connected?(payload: { connection: Connection; doc: LiveDoc }): Awaitable<void>;
	/**
	 * Rights changed: the access this open connection has now. Returning 'none' closes it as
	 * revoked; throwing `Refusal` closes it with that code. When several rechecks of one connection
	 * overlap, the last one asked decides.
	 */
	onRecheck?(payload: { connection: Connection; docName: string }): Awaitable<Exclude<DocAccess, 'none'> | 'none' | void>;
	/**
	 * A document was opened: its Y.Doc exists (empty while it is served from stored bytes, see
	 * `LiveDoc.loaded`). `isNew` when nothing is stored for it: what a hook writes then (origin
	 * 'server') is stored like any change.
	 */
	onLoadDocument?(payload: { doc: LiveDoc; isNew: boolean; docsLoaded: number }): void;
	/** A client's update, decoded, before it is applied: throw `Refusal` to refuse it (the connection closes). */
	beforeChange?(payload: { doc: LiveDoc; connection: Connection; update: Uint8Array; decoded: DecodedUpdate }): void;
	/**
	 * An update was applied (a client's, or the server's with `connection` null) and is about to
	 * be stored; or, with `stored`, it was stored by another process and is only relayed here.
	 */
	onChange?(payload: { doc: LiveDoc; connection: Connection | null; update: Uint8Array; stored?: boolean }): void;
	/**
	 * One tick's updates were committed to the log (before any of them is relayed): per document,
	 * its updates and the log row (`seqs`) they are stored under.
	 */
	onStoreDocument?(payload: { updates: ReadonlyMap<string, readonly Uint8Array[]>; seqs: ReadonlyMap<string, number>; seconds: number }): void;
	/** `rightsChanged` was called in this process (its connections are re-checked already). */
	onRightsChanged?(payload: { filter: RecheckFilter }): void;
	/**
	 * Server changes (`DocServer.change`) of a document run through it: an extension that shares
	 * documents with other processes runs `change` once no other process changes the document, and
	 * brings this copy up to date from the store first. Only the first extension that has it counts.
	 */
	serializeChange?(docName: string, change: () => Promise<void>): Promise<void>;
	/** A document's log was folded into a snapshot of `bytes` bytes; `rows` log rows are gone. */
	onSnapshot?(payload: { doc: LiveDoc; bytes: number; rows: number }): void;
	onDisconnect?(payload: { connection: Connection; doc: LiveDoc }): void;
	/** A document left memory (unloaded, discarded or at shutdown). */
	afterUnloadDocument?(payload: { docName: string; docsLoaded: number }): void;
	/**
	 * The server shuts down (after every document was stored): release what the extension holds.
	 * What it returns is awaited by `DocServer.close`'s promise (a goodbye to other instances, say).
	 */
	onClose?(): void | Promise<void>;
	/** Something the server counts happened (see `CollabEvent`). */
	onEvent?(event: CollabEvent): void;
}

export type RecheckFilter = { personId?: string; docName?: string };

/**
 * What the core offers an extension that connects several processes on one store (see
 * extensions/redisSync.ts). Each acts on a document only if this process holds it; one it does not
 * hold is loaded from the store whenever it is opened, complete.
 */
export interface SharedDocuments {
	/** Is the document in memory here? */
	holds(docName: string): boolean;
	/** Names of the documents in memory. */
	held(): string[];
	/**
	 * Applies and relays updates another process stored under log row `seq`. False when they
	 * could not all be integrated (something before them has not arrived): call `catchUp`.
	 */
	applyStored(docName: string, seq: number, updates: readonly Uint8Array[]): boolean;
	/** Applies and relays what the store holds of the document that this copy lacks; answers how many updates. */
	catchUp(docName: string): Promise<number>;
	/**
	 * Applies presence another process let in (its gate judged it) and relays it; answers its
	 * entries. The ids it sets are not any local connection's to take. Throws on a malformed update.
	 */
	applyPresence(docName: string, update: Uint8Array): PresenceEntry[];
	/** Removes presences another process set (it went away). */
	removePresence(docName: string, clientIds: readonly number[]): void;
	/** Re-checks this process's connections (see `DocServer.recheck`), without telling the extensions; resolves once they were. */
	recheckHere(filter: RecheckFilter): Promise<void>;
}

/** One entry of an awareness update: a client's presence set, or removed. */
export type PresenceEntry = { clientId: number; removes: boolean };

export interface Identity {
	personId: string;
	/** Shown as this connection's presence name, whatever the client writes there. */
	personName: string;
	sessionId: string;
	linkScope: { conferenceId: string | null } | undefined;
	mode: Exclude<DocAccess, 'none'>;
}

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

type Awaitable<T> = T | Promise<T>;

/**
 * A hook says no: before the upgrade with an HTTP `status`, on an open connection with a close
 * `code`; `label` is what /metrics counts it as.
 */
export class Refusal extends Error {
	constructor(
		readonly label: string,
		readonly reason: string,
		readonly code: { status: number; statusText: string } | { close: number }
	) {
		super(reason);
		this.name = 'Refusal';
	}
}

/** Everything the server counts; the metrics extension turns these into /metrics. */
export type CollabEvent =
	| { type: 'refused'; reason: string }
	| { type: 'updateIn' }
	| { type: 'updatesOut'; count: number }
	| { type: 'readOnlyDropped' }
	| { type: 'updateRefused'; reason: string }
	| { type: 'presenceDropped'; reason: 'read_only' | 'not_own'; count: number }
	| { type: 'presenceDeferred' }
	| { type: 'serverOwnedRestored' }
	| { type: 'pendingDropped' }
	| { type: 'answerDropped'; request: 'sync_step1' | 'awareness_query' }
	| { type: 'closedSlow' }
	| { type: 'closedMalformed' }
	| { type: 'peerPublished'; what: PeerMessageKind }
	| { type: 'peerPublishFailed'; what: PeerMessageKind }
	| { type: 'peerReceived'; what: PeerMessageKind }
	| { type: 'peerMalformed' }
	| { type: 'resynced'; reason: 'subscribed' | 'gap' | 'incomplete' | 'reconnected' | 'asked' }
	| { type: 'changeLock'; outcome: 'free' | 'waited' | 'unavailable' };

/** What instances tell each other (see extensions/redisSync.ts). */
export type PeerMessageKind = 'update' | 'presence' | 'rights' | 'heartbeat' | 'resync' | 'bye';

export type Report = (event: CollabEvent) => void;

type HookName = Exclude<
	keyof Extension,
	'onConfigure' | 'onAuthenticate' | 'initialContent' | 'connected' | 'onRecheck' | 'onEvent' | 'serializeChange' | 'onClose'
>;
type Payload<K extends HookName> = Parameters<NonNullable<Extension[K]>>[0];

/** Runs one hook of every extension, in order. */
export class Hooks {
	constructor(readonly extensions: readonly Extension[]) {}

	run<K extends HookName>(name: K, payload: Payload<K>): void {
		for (const extension of this.extensions) (extension[name] as ((p: Payload<K>) => void) | undefined)?.call(extension, payload);
	}

	/** The first identity an extension gives; rejects with the first `Refusal`. One extension after the other. */
	async authenticate(payload: Parameters<NonNullable<Extension['onAuthenticate']>>[0]): Promise<Identity | null> {
		let identity: Identity | null = null;
		for (const extension of this.extensions) {
			const answer = await extension.onAuthenticate?.(payload);
			if (answer && !identity) identity = answer;
		}
		return identity;
	}

	/** The writers of what a new document starts with, in extension order (read one after the other). */
	async initialContent(payload: Parameters<NonNullable<Extension['initialContent']>>[0]): Promise<((doc: Y.Doc) => void)[]> {
		const writers: ((doc: Y.Doc) => void)[] = [];
		for (const extension of this.extensions) {
			const write = await extension.initialContent?.(payload);
			if (write) writers.push(write);
		}
		return writers;
	}

	/**
	 * Runs every extension's `connected`: null when all of them were done at once (the connection's
	 * messages may be handled in this tick), else a promise of their settling.
	 */
	connected(payload: Parameters<NonNullable<Extension['connected']>>[0]): Promise<void> | null {
		const pending: Promise<void>[] = [];
		for (const extension of this.extensions) {
			try {
				const answer = extension.connected?.(payload);
				if (answer) pending.push(answer);
			} catch (error) {
				// Thrown at once or rejected later: the connection goes either way, the server does not.
				pending.push(Promise.reject(error));
			}
		}
		return pending.length > 0 ? Promise.all(pending).then(() => undefined) : null;
	}

	/** The access every extension grants (the narrowest), or 'none'. One extension after the other. */
	async recheck(payload: Parameters<NonNullable<Extension['onRecheck']>>[0]): Promise<DocAccess | undefined> {
		let access: DocAccess | undefined;
		for (const extension of this.extensions) {
			const answer = await extension.onRecheck?.(payload);
			if (!answer) continue;
			if (answer === 'none' || access === undefined || (access === 'write' && answer === 'read')) access = answer;
			if (access === 'none') break;
		}
		return access;
	}

	async close(): Promise<void> {
		await Promise.all(this.extensions.map((extension) => extension.onClose?.()));
	}

	/** Runs `change` through the first extension that serialises changes, or as it is. */
	serializeChange(docName: string, change: () => Promise<void>): Promise<void> {
		const extension = this.extensions.find((e) => e.serializeChange);
		return extension ? extension.serializeChange!(docName, change) : change();
	}

	report: Report = (event) => {
		for (const extension of this.extensions) extension.onEvent?.(event);
	};
}
