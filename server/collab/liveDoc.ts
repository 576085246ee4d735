import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { parseDocName, type DocKind } from '../../src/lib/collab/docNames';
import type { Connection } from './connection';
import type { Report } from './extension';
import { PresenceGate, type PresenceLimits } from './presenceGate';

/**
 * One document in memory: its Y.Doc, its presences and its connections. A document stored as
 * just a snapshot is answered from those bytes at first; its Y.Doc is built once the first new
 * client has its answer (see `Documents.materialize`).
 */
export class LiveDoc {
	readonly kind: DocKind;
	readonly ydoc = new Y.Doc({ gc: true });
	readonly awareness: awarenessProtocol.Awareness;
	readonly conns = new Set<Connection>();
	/** Which connection may set which presence, and how fast. */
	readonly presence: PresenceGate<Connection>;
	rowsSinceCompact = 0;
	/**
	 * The last log row through which every row of this document is in `ydoc` (other processes
	 * append to the same log); compaction folds no further.
	 */
	storedThrough = 0;
	/** Rows after `storedThrough` already in `ydoc`: this process stored them, or applied them as another's. */
	readonly knownRows = new Set<number>();
	/** Presences that came, went or changed since the last message: sent soon. */
	readonly awarenessChanged = new Set<number>();
	/** Presences only renewed since the last message: sent with the next one, or at the slower pace. */
	readonly awarenessRenewed = new Set<number>();
	unloadTimer: NodeJS.Timeout | null = null;
	materializeTimer: NodeJS.Timeout | null = null;
	/** Set by the afterTransaction hook: did the last applied update add or delete anything? */
	lastApplyChanged = false;
	/** Set by the afterTransaction hook: the state vector before the last transaction. */
	lastBeforeState = new Map<number, number>();
	/** False while the document is served from its stored snapshot bytes and `ydoc` is still empty. */
	loaded: boolean;
	/** The whole document as one update, kept until the next change: every new client needs it. */
	private fullState: Uint8Array | null;

	constructor(
		readonly name: string,
		stored: { state: Uint8Array; through: number } | null,
		presenceLimits: PresenceLimits,
		report: Report
	) {
		this.kind = parseDocName(name)!.kind;
		this.loaded = stored === null;
		this.fullState = stored?.state ?? null;
		this.storedThrough = stored?.through ?? 0;
		this.awareness = new awarenessProtocol.Awareness(this.ydoc);
		// The server has no presence of its own, and must not time out clients' states itself
		// faster than they renew them.
		this.awareness.setLocalState(null);
		this.presence = new PresenceGate(this.awareness, presenceLimits, report);
		// No 'update' listener on purpose: Yjs would re-encode every applied update for it. Client
		// updates are queued as the bytes that arrived; server changes encode their own diff.
		this.ydoc.on('afterTransaction', (tr: Y.Transaction) => {
			// Items left pending are dropped right after a client's update is applied (see
			// `applyClientUpdate`): they are no change. Deletions of content the server does not
			// have yet still are.
			const changed =
				tr.deleteSet.clients.size > 0 ||
				this.ydoc.store.pendingDs !== null ||
				[...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock);
			this.lastApplyChanged ||= changed;
			this.lastBeforeState = tr.beforeState;
			if (changed && tr.origin !== 'load') this.fullState = null;
		});
	}

	/** The whole document as one update: as stored, or as last encoded, or encoded now. */
	encodedState(): Uint8Array {
		return (this.fullState ??= Y.encodeStateAsUpdate(this.ydoc));
	}

	/** The stored bytes a document not yet built is served from. */
	storedBytes(): Uint8Array {
		return this.fullState as Uint8Array;
	}

	/** Rows up to `through` are all in `ydoc` now. */
	caughtUp(through: number): void {
		if (through <= this.storedThrough) return;
		this.storedThrough = through;
		for (const seq of this.knownRows) if (seq <= through) this.knownRows.delete(seq);
	}

	stateVector(): Uint8Array {
		return Y.encodeStateVector(this.ydoc);
	}

	clearTimers(): void {
		for (const timer of [this.unloadTimer, this.materializeTimer]) if (timer) clearTimeout(timer);
		this.unloadTimer = this.materializeTimer = null;
	}

	/** Frees what the document holds; `ydoc` may throw on the way out if it failed before. */
	destroy(): void {
		this.clearTimers();
		this.presence.destroy();
		this.awareness.destroy();
		try {
			this.ydoc.destroy();
		} catch {
			// A copy that failed may fail again on its way out; it is gone either way.
		}
	}
}
