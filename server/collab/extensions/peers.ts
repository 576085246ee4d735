import type { PresenceEntry } from '../extension';

/**
 * What this instance knows of the others: when each was last heard of, the running number of the
 * last update it sent per document (a number skipped is a message missed), and the presences it
 * set here per document, so they can go when it goes. Bounded by the instances alive and the
 * documents held here: a document's entries go when it unloads, an instance's when it is gone.
 */
export class Peers {
	private readonly peers = new Map<string, { lastSeen: number; numbers: Map<string, number>; presence: Map<string, Set<number>> }>();

	private peer(id: string, now: number) {
		let peer = this.peers.get(id);
		if (!peer) this.peers.set(id, (peer = { lastSeen: now, numbers: new Map(), presence: new Map() }));
		peer.lastSeen = now;
		return peer;
	}

	heard(id: string, now: number): void {
		this.peer(id, now);
	}

	/**
	 * An update numbered `number` came from `id` for a document: answers whether one was missed
	 * before it. The first one heard (after this instance subscribed) cannot tell: what came before
	 * it is read from the store on subscribing.
	 */
	missedBefore(id: string, docName: string, number: number, now: number): boolean {
		const numbers = this.peer(id, now).numbers;
		const last = numbers.get(docName);
		numbers.set(docName, number);
		return last !== undefined && number !== last + 1;
	}

	/** `id` set (or removed) these presences in a document. */
	presence(id: string, docName: string, entries: readonly PresenceEntry[], now: number): void {
		const byDoc = this.peer(id, now).presence;
		let ids = byDoc.get(docName);
		if (!ids) byDoc.set(docName, (ids = new Set()));
		for (const { clientId, removes } of entries) {
			if (removes) ids.delete(clientId);
			else ids.add(clientId);
		}
		if (ids.size === 0) byDoc.delete(docName);
	}

	/** The document left memory here: what was known of it is no longer needed. */
	forgetDocument(docName: string): void {
		for (const peer of this.peers.values()) {
			peer.numbers.delete(docName);
			peer.presence.delete(docName);
		}
	}

	/** Removes the instance; answers the presences it had set, per document. */
	remove(id: string): Map<string, Set<number>> {
		const peer = this.peers.get(id);
		this.peers.delete(id);
		return peer?.presence ?? new Map();
	}

	/** Instances not heard of since `before`. */
	silentSince(before: number): string[] {
		return [...this.peers].filter(([, peer]) => peer.lastSeen < before).map(([id]) => id);
	}

	all(): string[] {
		return [...this.peers.keys()];
	}
}
