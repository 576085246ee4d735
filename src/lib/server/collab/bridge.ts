import type * as Y from 'yjs';

/**
 * How the app reaches the running document server. The server (server/collab) registers itself
 * in a process-wide slot at start-up; app code, bundled separately, finds it here. Without a
 * running server (unit tests, scripts) the calls are no-ops or report that nothing is live.
 */
export interface DocServerBridge {
	/** Re-checks the rights of open connections (of a person, or of a document) and applies them; resolves once applied. */
	recheck(filter: { personId?: string; docName?: string }): Promise<void>;
	/** Applies a change as the server: persisted and broadcast exactly like a client update. */
	change(docName: string, fn: (doc: Y.Doc) => void): Promise<void>;
	/**
	 * Reads the live document if the server holds it (null if not: the store then has it all),
	 * caught up with what other instances stored first; with `{ catchUp: false }` as held in
	 * memory, without a statement (for a caller inside a transaction that reads the store itself).
	 */
	readIfLive<T>(docName: string, fn: (doc: Y.Doc) => T, options?: { catchUp?: boolean }): Promise<{ value: T } | null>;
}

// A process runs one document server; tests may run several side by side, so it is a set.
const slot = Symbol.for('ratschlag.docServers');
const g = globalThis as unknown as Record<symbol, Set<DocServerBridge> | undefined>;
const servers = (g[slot] ??= new Set());

export function registerDocServer(bridge: DocServerBridge): void {
	servers.add(bridge);
}

export function unregisterDocServer(bridge: DocServerBridge): void {
	servers.delete(bridge);
}

/** The running document server, if this process has one. */
export function docServer(): DocServerBridge | undefined {
	return [...servers].at(-1);
}

/**
 * Called by every command that changes someone's rights, after its transaction committed; resolves
 * once the open connections concerned were re-checked (they read the rights through the data layer).
 */
export async function rightsChanged(filter: { personId?: string; docName?: string }): Promise<void> {
	await Promise.all([...servers].map((server) => server.recheck(filter)));
}
