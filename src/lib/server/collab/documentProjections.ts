import { sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { Data } from '../db/client';
import { BrokenDocument, isBroken } from './brokenDocuments';
import { readLiveCopyOrOn, readStoredOn } from './readDocument';

/**
 * What a page reads of a shared document, read once per change of the document instead of once
 * per view. When a sitting starts, hundreds of phones load the same session page within seconds;
 * each read decoded the document into plain values again (from the store, a new `Y.Doc` per
 * request, when no screen held it open). A projection is kept per document and key until the
 * document changes:
 * - the document server's live copy counts its own transactions (every change, a client's, the
 *   server's or a reload, is one), and the projection read from it is good while the count stands;
 * - a document only in the store is as new as its newest snapshot and log row: the store only
 *   appends (a sequence that never repeats), and a compaction changes the snapshot's row.
 * Each read asks which of the two holds the document now, so a projection from the store is not
 * taken for the live copy's or the other way round.
 *
 * The value is shared by every request that reads it until the document changes: it is frozen,
 * and callers derive their own values from it (a person's place on the list, what their rights
 * let them see) after reading it, never before. Reading it decides no permission: the caller has.
 */
export interface Projection<T> {
	/** Names the projection among others of the same document: one per `read`. */
	key: string;
	read: (doc: Y.Doc) => T;
}

/** What was read of a live copy, dropped with it (a copy the server let go is not kept alive here). */
interface LiveCopy {
	/** The copy's transactions so far. */
	generation: number;
	values: Map<string, { generation: number; value: unknown }>;
}

const live = new WeakMap<Y.Doc, LiveCopy>();

/** Starts counting a live copy's transactions at its first read. */
function liveCopy(doc: Y.Doc): LiveCopy {
	let copy = live.get(doc);
	if (!copy) {
		const fresh: LiveCopy = { generation: 0, values: new Map() };
		copy = fresh;
		live.set(doc, fresh);
		// Synchronous, at the end of every transaction: a read after a change never sees the old count.
		doc.on('afterTransaction', () => fresh.generation++);
	}
	return copy;
}

// What was read from the store, for the sessions, meetings and drafts people look at; bounded,
// the one read longest ago goes first.
const LIMIT = 256;
type Stored = Map<string, { version: string; value: unknown }>;
// Per data layer handle: two databases in one process (tests, a copy) never share one.
let storedOn = new WeakMap<Data, Stored>();

function remember(key: string, version: string, value: unknown, into: Stored): void {
	into.delete(key);
	if (into.size >= LIMIT) into.delete(into.keys().next().value!);
	into.set(key, { version, value });
}

function freeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) freeze(inner);
	}
	return value;
}

/**
 * The projection as of the document's current state, read again only when the document changed
 * since; throws `BrokenDocument` as `readDocumentOn` does. On either database. The live copy is asked through the
 * document server's asynchronous read, which catches up with other instances' rows first; a
 * document only in the store is keyed by its version read BEFORE the document: a row stored in
 * between makes the value newer than its key, so the next read only reads again.
 */
export async function readProjectionOn<T>(data: Data, docName: string, projection: Projection<T>): Promise<T> {
	return readLiveCopyOrOn(
		docName,
		(doc) => projectLive(doc, projection),
		() => storedProjectionOn(data, docName, projection)
	);
}

async function storedProjectionOn<T>(data: Data, docName: string, projection: Projection<T>): Promise<T> {
	if (isBroken(docName)) throw new BrokenDocument(docName);
	const key = `${docName}\u0000${projection.key}`;
	let cache = storedOn.get(data);
	if (!cache) storedOn.set(data, (cache = new Map()));
	const version = await storedVersionOn(data, docName);
	const entry = cache.get(key);
	if (entry && entry.version === version) return entry.value as T;
	const value = freeze(await readStoredOn(data, docName, projection.read));
	remember(key, version, value, cache);
	return value;
}

/** `readProjectionOn` for a page that shows a document among other things: null when it cannot be opened. */
export async function readProjectionUnlessBrokenOn<T>(data: Data, docName: string, projection: Projection<T>): Promise<T | null> {
	try {
		return await readProjectionOn(data, docName, projection);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}

function projectLive<T>(doc: Y.Doc, projection: Projection<T>): T {
	const copy = liveCopy(doc);
	const entry = copy.values.get(projection.key);
	if (entry && entry.generation === copy.generation) return entry.value as T;
	const value = freeze(projection.read(doc));
	copy.values.set(projection.key, { generation: copy.generation, value });
	return value;
}

/** The stored document's version (its snapshot's fold and time, its newest log row), read before the document. */
async function storedVersionOn(data: Data, docName: string): Promise<string> {
	const [row] = await data.rows<{ snapshot: string | null; logged: string | number | null }>(
		sql`SELECT (SELECT CAST(through_seq AS TEXT) || ':' || CAST(updated_at AS TEXT) FROM doc_snapshots WHERE doc_name = ${docName}) AS snapshot,
		           (SELECT max(seq) FROM doc_updates WHERE doc_name = ${docName}) AS logged`
	);
	return `${row?.snapshot ?? '-'}/${row?.logged ?? '-'}`;
}

/** Forgets every projection (tests). */
export function forgetProjections(): void {
	storedOn = new WeakMap();
}
