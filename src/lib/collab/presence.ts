import type { Awareness } from 'y-protocols/awareness';

type Change = { added: number[]; updated: number[]; removed: number[] };

/** The parts of the stock y-websocket provider this filter works with. */
interface PresenceProvider {
	awareness: Awareness;
	/** The provider's own listener, which sends every awareness 'update' over the socket. */
	_awarenessUpdateHandler: (event: Change, origin: unknown) => void;
	on?: (name: 'status', listener: (event: { status: string }) => void) => void;
	off?: (name: 'status', listener: (event: { status: string }) => void) => void;
}

/**
 * Sends this screen's presence only when it changed, or when a renewal is due.
 *
 * The stock provider sends on every awareness 'update': also the presences of others it just
 * received (straight back to the server), and every re-set of an unchanged local state. Tiptap's
 * caret plugin re-sets the caret after every remote change while the editor has focus, so with
 * 50 people typing each browser would send a presence for every key anyone presses, 12,000
 * messages a second into the server, all saying nothing new. Others' carets do not need them:
 * they are relative positions, re-drawn by each screen on its own document changes.
 *
 * A renewal still goes out at least every `keepAliveMs` (the awareness protocol renews every
 * 15 s, and the server drops a presence not heard of for 30 s).
 */
export function sendOnlyPresenceChanges(provider: PresenceProvider, keepAliveMs = 5000): () => void {
	const { awareness } = provider;
	const send = provider._awarenessUpdateHandler;
	// A private field of the provider: should a release rename it, the stock behaviour stays.
	if (typeof send !== 'function') return () => {};
	let changed = false;
	let lastSent = 0;
	const own = (event: Change) => [...event.added, ...event.updated, ...event.removed].includes(awareness.clientID);
	// 'change' (the state differs) is emitted before 'update' (it was set) for the same call.
	const onChange = (event: Change) => {
		if (own(event)) changed = true;
	};
	const onUpdate = (event: Change, origin: unknown) => {
		// Others' presences, received or timed out here, are the server's business, not ours to send.
		if (!own(event)) return;
		const now = Date.now();
		if (!changed && now - lastSent < keepAliveMs) return;
		changed = false;
		lastSent = now;
		send(event, origin);
	};
	// After a reconnect the server has dropped this presence but kept its clock: the same state
	// again would be old news to it. A fresh clock makes it count, and it goes out at once.
	const onStatus = ({ status }: { status: string }) => {
		if (status !== 'connected' || awareness.getLocalState() === null) return;
		lastSent = 0;
		awareness.setLocalState(awareness.getLocalState());
	};
	awareness.off('update', send);
	awareness.on('change', onChange);
	awareness.on('update', onUpdate);
	provider.on?.('status', onStatus);
	return () => {
		awareness.off('change', onChange);
		awareness.off('update', onUpdate);
		provider.off?.('status', onStatus);
	};
}
