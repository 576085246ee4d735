import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import * as awarenessProtocol from 'y-protocols/awareness';
import { connectRedis, type RedisSettings } from '../../../src/lib/server/cluster/redis';
import type { CollabEvent, Extension, Report, SharedDocuments } from '../extension';
import type { LiveDoc } from '../liveDoc';
import { STORED_ELSEWHERE } from '../persistence';
import { ChangeLock, type ChangeLockOptions } from './changeLock';
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './peerMessages';
import { Peers } from './peers';

export interface RedisSyncOptions {
	/** How often this instance says it is alive; one silent for three times as long is gone (its presence with it). */
	heartbeatMs: number;
	/** Presence changes of local clients are gathered this long and published as one message per document. */
	presenceIntervalMs: number;
	lock: ChangeLockOptions;
}

const DEFAULTS: RedisSyncOptions = {
	heartbeatMs: 2000,
	presenceIntervalMs: 50,
	lock: { holdMs: 5000, waitMs: 5000, retryMs: 10 }
};

type ResyncReason = Extract<CollabEvent, { type: 'resynced' }>['reason'];

/** Heartbeats a peer may miss before it counts as gone. */
const MISSED_HEARTBEATS = 3;
/** How soon a catch-up from the store that failed is tried again. */
const RESYNC_RETRY_MS = 1000;

export type RedisSync = Extension & {
	readonly instanceId: string;
	/** Settles once the control channel is subscribed (or Redis could not be reached). */
	readonly ready: Promise<void>;
	/** For tests: the connections, to cut them. */
	readonly redis: { commands: Redis; subscriber: Redis };
	/** Stops publishing, says goodbye (the others drop this instance's presence at once), closes the connections. */
	close(): Promise<void>;
};

/**
 * The document server across instances (README, "Documents across instances"). Every instance
 * stores into the one shared log (SQLite in WAL, later PostgreSQL); Redis only tells the others
 * what to apply, so Redis is never the record: whatever it loses, an instance reads from the store.
 *
 * - Updates: once a tick's updates are committed (`onStoreDocument`), each document's row is
 *   published on the document's channel with its log row and this instance's running number for
 *   the document. Instances holding the document apply it (not stored again) and relay it.
 * - Catching up from the store, whenever a message may have been missed: just subscribed (rows
 *   committed before the subscription took effect), a running number skipped, an update that
 *   waited for another, Redis reconnected, or a peer that could not publish asks for it.
 * - Presence: what local connections set (their gate judged it) is published, gathered per
 *   document; presences set elsewhere are applied and relayed, and go when their instance goes
 *   (a goodbye, or heartbeats missed).
 * - Rights: `rightsChanged` in any instance re-checks the connections of every instance.
 * - Server changes of a document run one at a time across instances (changeLock.ts).
 */
export function redisSync(settings: RedisSettings, options: Partial<RedisSyncOptions> = {}): RedisSync {
	const config = { ...DEFAULTS, ...options, lock: { ...DEFAULTS.lock, ...options.lock } };
	const instanceId = randomBytes(9).toString('base64url');
	const docChannel = (docName: string) => `${settings.prefix}collab:doc:${docName}`;
	const controlChannel = `${settings.prefix}collab:control`;
	const docPrefix = docChannel('');
	// Commands (publish, lock) fail at once while Redis is away: the store has everything meanwhile.
	const commands = connectRedis(settings, 'collab');
	// Subscriptions wait for the connection (they are few: one per document held); ioredis renews them on a reconnect.
	const subscriber = connectRedis(settings, 'collab-subscriber', { enableOfflineQueue: true });
	let report: Report = () => {};
	let server: SharedDocuments | null = null;
	const peers = new Peers();
	const lock = new ChangeLock(
		commands,
		(docName) => `${settings.prefix}collab:lock:${docName}`,
		config.lock,
		() => report
	);
	/** This instance's running number per document: kept for the process's life, so a reload does not restart it. */
	const numbers = new Map<string, number>();
	/** Documents whose news could not be published: the others are asked to catch up once Redis is back. */
	const unpublished = new Set<string>();
	/** Local presence changes waiting to be published, per document. */
	const presenceDue = new Map<LiveDoc, Set<number>>();
	let presenceTimer: NodeJS.Timeout | null = null;
	let closed = false;
	let closing: Promise<void> | null = null;

	function publish(channel: string, message: PeerMessage, docName?: string): void {
		if (closed) return;
		commands.publish(channel, encodePeerMessage(message)).then(
			() => report({ type: 'peerPublished', what: message.kind }),
			() => {
				report({ type: 'peerPublishFailed', what: message.kind });
				if (docName) unpublished.add(docName);
			}
		);
	}

	function resync(docName: string, reason: ResyncReason): void {
		if (closed || !server?.holds(docName)) return;
		report({ type: 'resynced', reason });
		server.catchUp(docName).catch((error: unknown) => {
			// The store was busy (another instance writing past busy_timeout) or failed to read: the copy
			// may still lack rows. Never thrown into a Redis callback (it would end the process): tried again.
			console.warn(`catching up ${docName} from the store failed (${(error as Error).message}); trying again`);
			setTimeout(() => resync(docName, reason), RESYNC_RETRY_MS).unref();
		});
	}

	/** Asks the others to read what this instance stored but could not announce (a publish failed). */
	function announceUnpublished(): void {
		if (unpublished.size === 0 || commands.status !== 'ready') return;
		publish(controlChannel, { kind: 'resync', from: instanceId, docNames: [...unpublished] });
		unpublished.clear();
	}

	/** Publishes every presence local connections hold in a document (a peer asked for them). */
	function publishPresence(doc: LiveDoc, ids: Iterable<number>): void {
		const own = [...ids].filter((id) => !doc.presence.elsewhere.has(id) && doc.awareness.meta.has(id));
		if (own.length === 0) return;
		publish(docChannel(doc.name), { kind: 'presence', from: instanceId, update: awarenessProtocol.encodeAwarenessUpdate(doc.awareness, own) }, doc.name);
	}

	const loaded = new Map<string, LiveDoc>();

	function flushPresence(): void {
		presenceTimer = null;
		for (const [doc, ids] of presenceDue) if (loaded.get(doc.name) === doc) publishPresence(doc, ids);
		presenceDue.clear();
	}

	function receive(channel: string, bytes: Buffer): void {
		if (!server || closed) return;
		let message: PeerMessage;
		try {
			message = decodePeerMessage(bytes);
		} catch {
			report({ type: 'peerMalformed' });
			return;
		}
		if (message.from === instanceId) return;
		report({ type: 'peerReceived', what: message.kind });
		const now = performance.now();
		if (channel === controlChannel) return control(message, now);
		if (!channel.startsWith(docPrefix)) return;
		const docName = channel.slice(docPrefix.length);
		try {
			if (message.kind === 'update') {
				const missed = peers.missedBefore(message.from, docName, message.number, now);
				const complete = server.applyStored(docName, message.seq, message.updates);
				if (missed) resync(docName, 'gap');
				else if (!complete) resync(docName, 'incomplete');
			} else if (message.kind === 'presence') {
				peers.presence(message.from, docName, server.applyPresence(docName, message.update), now);
			} else {
				report({ type: 'peerMalformed' });
			}
		} catch {
			// A peer's message that cannot be applied here: this copy catches up from the store instead.
			report({ type: 'peerMalformed' });
			resync(docName, 'incomplete');
		}
	}

	function control(message: PeerMessage, now: number): void {
		if (message.kind === 'bye') return dropPeer(message.from);
		peers.heard(message.from, now);
		if (message.kind === 'rights') server!.recheckHere(message.filter);
		else if (message.kind === 'resync') {
			for (const docName of message.docNames) {
				const doc = loaded.get(docName);
				if (!doc) continue;
				resync(docName, 'asked');
				publishPresence(doc, doc.awareness.getStates().keys());
			}
		} else if (message.kind !== 'heartbeat') report({ type: 'peerMalformed' });
	}

	function dropPeer(id: string): void {
		for (const [docName, ids] of peers.remove(id)) server?.removePresence(docName, [...ids]);
	}

	function heartbeat(): void {
		publish(controlChannel, { kind: 'heartbeat', from: instanceId });
		// A publish can fail while the connection stays up (a timeout, a Redis refusing writes).
		announceUnpublished();
		for (const id of peers.silentSince(performance.now() - MISSED_HEARTBEATS * config.heartbeatMs)) dropPeer(id);
	}

	const heartbeatTimer = setInterval(heartbeat, config.heartbeatMs).unref();

	/** Subscribes to documents, then catches them up: nothing committed before the subscription took effect is missed. */
	async function subscribe(docNames: string[], reason: 'subscribed' | 'reconnected'): Promise<void> {
		if (docNames.length === 0) return;
		try {
			await subscriber.subscribe(...docNames.map(docChannel));
		} catch {
			// Redis away: its reconnect subscribes again and catches up then.
			return;
		}
		for (const docName of docNames) resync(docName, reason);
		// The others send their presence in these documents, and catch up too.
		publish(controlChannel, { kind: 'resync', from: instanceId, docNames });
	}

	subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => receive(channel.toString(), message));
	subscriber.on('ready', () => {
		// (Re)connected: messages of the time away are lost, and subscriptions asked for while Redis
		// was away may have failed; subscribing again is harmless, and the store has what was missed.
		void subscriber.subscribe(controlChannel).catch(() => {});
		void subscribe([...loaded.keys()], 'reconnected');
	});
	const ready = subscriber.subscribe(controlChannel).then(
		() => undefined,
		() => {
			// Redis away at the start: the reconnect subscribes.
		}
	);
	let commandsReadyOnce = false;
	commands.on('ready', () => {
		announceUnpublished();
		if (!commandsReadyOnce) return void (commandsReadyOnce = true);
		// Without heartbeats meanwhile the others may have dropped our clients' presence: it goes out again.
		for (const doc of loaded.values()) publishPresence(doc, doc.awareness.getStates().keys());
	});
	// ioredis reconnects by itself; an error event without a listener would end the process.
	for (const connection of [commands, subscriber]) connection.on('error', () => {});

	return {
		instanceId,
		ready,
		redis: { commands, subscriber },
		onConfigure(context) {
			report = context.report;
			server = context.server;
		},
		onLoadDocument({ doc }) {
			loaded.set(doc.name, doc);
			doc.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
				if (origin === STORED_ELSEWHERE || loaded.get(doc.name) !== doc) return;
				let due = presenceDue.get(doc);
				if (!due) presenceDue.set(doc, (due = new Set()));
				for (const id of [...added, ...updated, ...removed]) due.add(id);
				presenceTimer ??= setTimeout(flushPresence, config.presenceIntervalMs).unref();
			});
			void subscribe([doc.name], 'subscribed');
		},
		afterUnloadDocument({ docName }) {
			loaded.delete(docName);
			peers.forgetDocument(docName);
			void subscriber.unsubscribe(docChannel(docName)).catch(() => {
				// Redis away: the reconnect re-subscribes it, and messages for a document not held are ignored.
			});
		},
		onStoreDocument({ updates, seqs }) {
			for (const [docName, list] of updates) {
				const number = (numbers.get(docName) ?? 0) + 1;
				numbers.set(docName, number);
				publish(docChannel(docName), { kind: 'update', from: instanceId, number, seq: seqs.get(docName)!, updates: [...list] }, docName);
			}
		},
		onRightsChanged({ filter }) {
			publish(controlChannel, { kind: 'rights', from: instanceId, filter });
		},
		serializeChange: (docName, change) => lock.run(docName, change),
		onClose() {
			return this.close();
		},
		close() {
			closing ??= (async () => {
				clearInterval(heartbeatTimer);
				if (presenceTimer) clearTimeout(presenceTimer);
				await commands.publish(controlChannel, encodePeerMessage({ kind: 'bye', from: instanceId })).catch(() => {});
				closed = true;
				await Promise.all([commands, subscriber].map((c) => c.quit().catch(() => c.disconnect())));
			})();
			return closing;
		}
	};
}
