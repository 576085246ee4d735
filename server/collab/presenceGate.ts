import * as awarenessProtocol from 'y-protocols/awareness';
import type { Report } from './extension';
import * as protocol from './protocol';
import { TokenBucket } from './tokenBucket';

/** What the gate needs to know of a connection. */
export interface PresenceHolder {
	personId: string;
	/** The person's name as the app knows it: what others see, whatever the client wrote. */
	personName: string;
	mode: 'read' | 'write';
}

export interface PresenceLimits {
	maxStateBytes: number;
	/** Presence changes a connection may make per second, after a burst of `burst`. */
	changesPerSecond: number;
	burst: number;
}

interface Slot {
	clientId: number;
	bucket: TokenBucket;
	/** The latest change that came faster than the bucket allows; applied once a token is free. */
	deferred: { clock: number; state: unknown } | null;
	timer: NodeJS.Timeout | null;
}

/**
 * Who may set which presence in one document. Readers own no presence: what a read-only
 * connection sends is dropped (the stock client still syncs). A writer's connection owns one
 * client id, the first it sets; it may not set a second, nor one that another person's connection
 * holds. Its changes are bounded in size and rate, and the name others see is the person's. A
 * change that comes too fast is not lost: the latest one waits for the next token, so a caret
 * always ends where it stopped. Dropped entries are counted in /metrics.
 *
 * Why not also cross-check the id with the client id of the connection's document updates: Yjs
 * renumbers a document whose client id it sees used elsewhere, and an update can carry other
 * clients' edits (offline merges); and since the name comes from the server, an id confers
 * nothing a connection could abuse.
 */
export class PresenceGate<C extends PresenceHolder> {
	private readonly owners = new Map<number, C>();
	private readonly slots = new Map<C, Slot>();
	/** Client ids whose presence another process set (its gate let it in): no local connection's to take. */
	readonly elsewhere = new Set<number>();

	constructor(
		private readonly awareness: awarenessProtocol.Awareness,
		private readonly limits: PresenceLimits,
		private readonly report: Report
	) {}

	/** An awareness message from `conn`. Throws on a malformed message or an oversized state. */
	receive(conn: C, update: Uint8Array): void {
		let dropped = 0;
		const entries = protocol.acceptedAwarenessEntries(
			update,
			(clientId, clock, removes) => {
				// Old news: the stock client echoes every presence it receives.
				if (!isAwarenessNews(this.awareness, clientId, clock, removes)) return false;
				if (this.owns(conn, clientId, removes)) return true;
				dropped++;
				return false;
			},
			this.limits.maxStateBytes
		);
		if (dropped > 0) this.report({ type: 'presenceDropped', reason: conn.mode === 'write' ? 'not_own' : 'read_only', count: dropped });
		if (entries.length === 0) return;
		// All of one client id: the latest is the one that counts.
		const latest = entries.reduce((a, b) => (b.clock > a.clock ? b : a));
		this.offer(conn, latest.clientId, latest.clock, protocol.parseAwarenessState(latest.state));
	}

	/** `conn` left, or may no longer write: its presence goes, for everyone, at once. */
	release(conn: C): void {
		const slot = this.slots.get(conn);
		if (!slot) return;
		this.forget(conn, slot);
		if (this.awareness.states.has(slot.clientId)) awarenessProtocol.removeAwarenessStates(this.awareness, [slot.clientId], null);
	}

	/** Stops the timers of deferred changes (the document unloads). */
	destroy(): void {
		for (const [conn, slot] of this.slots) this.forget(conn, slot);
	}

	/** May `conn` set this client id's presence? The first id a writer sets becomes its own. */
	private owns(conn: C, clientId: number, removes: boolean): boolean {
		if (conn.mode !== 'write') return false;
		const slot = this.slots.get(conn);
		if (slot) return slot.clientId === clientId;
		if (removes || this.elsewhere.has(clientId)) return false;
		const owner = this.owners.get(clientId);
		if (owner && owner.personId !== conn.personId) return false;
		// The same person's earlier connection (not yet noticed as gone after a network drop)
		// hands the id over: the stock client reconnects with the same one.
		if (owner) this.forget(owner, this.slots.get(owner)!);
		this.owners.set(clientId, conn);
		this.slots.set(conn, {
			clientId,
			bucket: new TokenBucket(this.limits.changesPerSecond, this.limits.burst, performance.now()),
			deferred: null,
			timer: null
		});
		return true;
	}

	private offer(conn: C, clientId: number, clock: number, state: unknown): void {
		const slot = this.slots.get(conn)!;
		const now = performance.now();
		// Leaving is never held back.
		if (state !== null && (slot.deferred !== null || !slot.bucket.take(now))) {
			slot.deferred = { clock, state };
			this.report({ type: 'presenceDeferred' });
			slot.timer ??= setTimeout(() => this.applyDeferred(conn, slot), slot.bucket.wait(now)).unref();
			return;
		}
		slot.deferred = null;
		this.apply(conn, clientId, clock, state);
	}

	private applyDeferred(conn: C, slot: Slot): void {
		slot.timer = null;
		if (!slot.deferred || this.slots.get(conn) !== slot) return;
		const now = performance.now();
		if (!slot.bucket.take(now)) {
			slot.timer = setTimeout(() => this.applyDeferred(conn, slot), slot.bucket.wait(now)).unref();
			return;
		}
		const { clock, state } = slot.deferred;
		slot.deferred = null;
		this.apply(conn, slot.clientId, clock, state);
	}

	private apply(conn: C, clientId: number, clock: number, state: unknown): void {
		// A change that waited may have been overtaken (the connection left and came back).
		if (!isAwarenessNews(this.awareness, clientId, clock, state === null)) return;
		awarenessProtocol.applyAwarenessUpdate(this.awareness, protocol.awarenessUpdate(clientId, clock, withName(state, conn.personName)), conn);
	}

	private forget(conn: C, slot: Slot): void {
		if (slot.timer) clearTimeout(slot.timer);
		slot.timer = null;
		slot.deferred = null;
		this.slots.delete(conn);
		if (this.owners.get(slot.clientId) === conn) this.owners.delete(slot.clientId);
	}
}

/**
 * The state with the person's name as `user.name` (what "Gerade dabei" and the carets show). The
 * rest (caret, colour) is the client's. Only objects can carry a name; other JSON stays as it is,
 * and shows no one.
 */
function withName(state: unknown, name: string): unknown {
	if (state === null || typeof state !== 'object' || Array.isArray(state)) return state;
	const { user } = state as { user?: unknown };
	const own = user !== null && typeof user === 'object' && !Array.isArray(user) ? user : {};
	return { ...state, user: { ...own, name } };
}

/**
 * Would this awareness entry change anything? The same rule `applyAwarenessUpdate` applies (which
 * also ignores a client's first state, clock 0, until it changes it).
 */
export function isAwarenessNews(awareness: awarenessProtocol.Awareness, clientId: number, clock: number, removes: boolean): boolean {
	const known = awareness.meta.get(clientId)?.clock ?? 0;
	if (known < clock) return true;
	return known === clock && removes && awareness.states.has(clientId);
}
