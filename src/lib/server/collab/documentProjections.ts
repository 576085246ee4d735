import { sql } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { Db } from '../db';
import type { Data } from '../db/client';
import { preparedFor } from '../db/prepared';
import { BrokenDocument, isBroken } from './brokenDocuments';
import { docStoreOn } from './docStoreOn';
import { readDocument, readLiveCopyOr, readStored } from './readDocument';

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
const stored = new Map<string, { version: string; value: unknown }>();

const storedVersion = preparedFor((db: Db) => {
	const statement = db.$client
		.prepare(
			`SELECT (SELECT through_seq || ':' || updated_at FROM doc_snapshots WHERE doc_name = ?) AS snapshot,
			        (SELECT max(seq) FROM doc_updates WHERE doc_name = ?) AS logged`
		)
		.raw();
	return (docName: string) => {
		const [snapshot, logged] = statement.get(docName, docName) as [string | null, number | null];
		return `${snapshot ?? '-'}/${logged ?? '-'}`;
	};
});

function remember(key: string, version: string, value: unknown): void {
	stored.delete(key);
	if (stored.size >= LIMIT) stored.delete(stored.keys().next().value!);
	stored.set(key, { version, value });
}

function freeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) freeze(inner);
	}
	return value;
}

/**
 * `readDocument` through the cache: the projection as of the document's current state, read
 * again only when the document changed since. Throws `BrokenDocument` as `readDocument` does.
 */
export function readProjection<T>(db: Db, docName: string, projection: Projection<T>): T {
	return readLiveCopyOr(
		docName,
		(doc) => liveProjection(doc, projection),
		() => storedProjection(db, docName, projection)
	);
}

function liveProjection<T>(doc: Y.Doc, projection: Projection<T>): T {
	const copy = liveCopy(doc);
	const entry = copy.values.get(projection.key);
	if (entry && entry.generation === copy.generation) return entry.value as T;
	const value = freeze(projection.read(doc));
	copy.values.set(projection.key, { generation: copy.generation, value });
	return value;
}

/** The stored document's version (`storedVersion`) through the data layer, on either database. */
async function storedVersionOn(data: Data, docName: string): Promise<string> {
	const snapshot = data.dialect === 'postgres' ? sql`through_seq::text || ':' || updated_at::text` : sql`through_seq || ':' || updated_at`;
	const [row] = await data.rows<{ snapshot: string | null; logged: number | string | null }>(
		sql`SELECT (SELECT ${snapshot} FROM doc_snapshots WHERE doc_name = ${docName}) AS snapshot,
		           (SELECT max(seq) FROM doc_updates WHERE doc_name = ${docName}) AS logged`
	);
	return `${row?.snapshot ?? '-'}/${row?.logged ?? '-'}`;
}

/**
 * `readProjection` on the data layer: the live copy's projection where the document server holds
 * one, else the stored document's, kept per version as `readProjection` keeps it. Between reading
 * the version and the document something may be stored: the value kept is then newer than its
 * version says, and the next read, finding a newer version, reads it again.
 */
export async function readProjectionOn<T>(data: Data, docName: string, projection: Projection<T>): Promise<T> {
	let inStore = false;
	const live = readLiveCopyOr(
		docName,
		(doc) => liveProjection(doc, projection),
		() => {
			inStore = true;
			return undefined as T;
		}
	);
	return inStore ? await storedProjectionOn(data, docName, projection) : live;
}

async function storedProjectionOn<T>(data: Data, docName: string, projection: Projection<T>): Promise<T> {
	if (isBroken(docName)) throw new BrokenDocument(docName);
	// Per dialect: a test's two databases may hold a document of the same name at the same version.
	const key = `${docName}\u0000${projection.key}\u0000${data.dialect}`;
	const version = await storedVersionOn(data, docName);
	const entry = stored.get(key);
	if (entry && entry.version === version) return entry.value as T;
	const value = freeze(await readStored(docStoreOn(data), docName, projection.read));
	remember(key, version, value);
	return value;
}

function storedProjection<T>(db: Db, docName: string, projection: Projection<T>): T {
	// A document found broken since it was kept is refused as `readDocument` refuses it.
	if (isBroken(docName)) throw new BrokenDocument(docName);
	const key = `${docName}\u0000${projection.key}`;
	const version = storedVersion(db)(docName);
	const entry = stored.get(key);
	if (entry && entry.version === version) return entry.value as T;
	// Synchronous from the version to the read: nothing can be stored in between.
	const value = freeze(readDocument(db, docName, projection.read));
	remember(key, version, value);
	return value;
}

/** `readProjection` for a page that shows a document among other things: null when it cannot be opened. */
export function readProjectionUnlessBroken<T>(db: Db, docName: string, projection: Projection<T>): T | null {
	try {
		return readProjection(db, docName, projection);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}

/** `readProjectionUnlessBroken` on the data layer. */
export async function readProjectionUnlessBrokenOn<T>(data: Data, docName: string, projection: Projection<T>): Promise<T | null> {
	try {
		return await readProjectionOn(data, docName, projection);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}

/** Forgets every projection (tests). */
export function forgetProjections(): void {
	stored.clear();
}
