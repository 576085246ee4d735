import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { sendOnlyPresenceChanges } from './presence';
import { CLOSE, isPermanentClose } from './closeCodes';

/** Our server's "persisted through this state vector" message (see server/collab/protocol.ts). */
const MESSAGE_PERSISTED = 100;

export type LiveStatus = 'connecting' | 'online' | 'offline';

/**
 * A shared document in the browser: the stock y-websocket provider plus what people need to
 * see, as Svelte 5 state: the connection status, whether the first sync is done, and whether
 * every local change is stored on the server. Reconnects by itself.
 */
export class LiveDoc {
	status = $state<LiveStatus>('connecting');
	synced = $state(false);
	saved = $state(true);
	/** Closed by the server for good (signed out, no longer allowed, document full): no reconnect. */
	refused = $state(false);
	/**
	 * The server refused this screen's last change because the document would pass its size
	 * limit: it is not saved, and the editor stops (what is on screen can still be copied).
	 */
	full = $state(false);
	/** The server refused this screen's last change for its shape (lists or quotes nested too deep). */
	shapeRefused = $state(false);
	/** The server cannot open this document (see src/lib/server/collab/brokenDocuments.ts). */
	broken = $state(false);
	everOnline = $state(false);
	peers = $state<string[]>([]);

	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** What the server last said it has stored (its state vector); null until it first says so. */
	private serverState: Map<number, number> | null = null;

	/**
	 * `user: null` joins without presence: a screen that only watches (the projector), and anyone
	 * who may not write (the server drops a reader's presence).
	 */
	constructor(docName: string, user: { name: string } | null) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, docName, this.doc, {
			params: { acks: '1' },
			disableBc: true,
			// Also not after a change too large for one message: sending it again would be refused again.
			shouldReconnect: (event) => !isPermanentClose(event.code)
		});
		this.provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => {
			this.serverState = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			this.checkSaved();
		};
		this.provider.on('status', ({ status }) => {
			this.status = status === 'connected' ? 'online' : status === 'connecting' ? 'connecting' : 'offline';
			if (this.status === 'online') this.everOnline = true;
		});
		this.provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			// After a reconnect the server may already hold what we sent before: ask again.
			if (synced) this.checkSaved();
		});
		this.provider.on('connection-close', (event) => {
			if (!event || !isPermanentClose(event.code)) return;
			this.refused = true;
			if (event.code === CLOSE.documentFull || event.code === CLOSE.tooLarge) this.full = true;
			if (event.code === CLOSE.shapeRefused) this.shapeRefused = true;
			if (event.code === CLOSE.documentBroken) this.broken = true;
		});
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin !== this.provider) this.saved = false;
		});
		// The stock provider would also echo others' presence and every unchanged caret re-set.
		sendOnlyPresenceChanges(this.provider as unknown as Parameters<typeof sendOnlyPresenceChanges>[0]);
		const awareness = this.provider.awareness;
		if (user) awareness.setLocalStateField('user', { name: user.name });
		else awareness.setLocalState(null);
		awareness.on('change', () => {
			this.peers = [...awareness.getStates().entries()]
				.filter(([id]) => id !== this.doc.clientID)
				.map(([, state]) => (state as { user?: { name?: string } }).user?.name)
				.filter((name): name is string => typeof name === 'string')
				.sort((a, b) => a.localeCompare(b));
		});
	}

	private checkSaved(): void {
		const local = Y.decodeStateVector(Y.encodeStateVector(this.doc));
		this.saved = [...local].every(([client, clock]) => (this.serverState?.get(client) ?? 0) >= clock);
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}
