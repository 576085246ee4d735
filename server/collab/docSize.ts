import * as Y from 'yjs';

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * A live document's size against its kind's limit (docLimits.ts), kept without a pass over the
 * document per update. The size that counts is the encoded state (what a new screen downloads,
 * what the snapshot stores); measuring it encodes the whole document. So between measurements the
 * size is the last measured one plus the bytes of every update stored since, which as a rule is
 * more than the truth: the log keeps what was deleted since, the encoded state does not. Only
 * when that estimate would pass the limit is the document measured, and a change is refused only
 * if the measured size plus the change passes it. Compaction measures for free.
 */
export class DocSize {
	/** Null until measured: a document just loaded is measured when its first change arrives. */
	private bytes: number | null = null;

	constructor(readonly limit: number) {}

	/** Would a change of `updateBytes` keep the document within its limit? */
	admits(updateBytes: number, measure: () => number): boolean {
		if (this.bytes !== null && this.bytes + updateBytes <= this.limit) return true;
		this.bytes = measure();
		return this.bytes + updateBytes <= this.limit;
	}

	/** A change of this many bytes was stored. */
	grew(updateBytes: number): void {
		if (this.bytes !== null) this.bytes += updateBytes;
	}

	/** The document was just encoded whole (compacted): this is its size. */
	measured(bytes: number): void {
		this.bytes = bytes;
	}
}

/**
 * Is the update nothing but deletions of content the document has? Those are let in even when
 * the document is full, so that people can make room: a deletion replaces content by its length
 * (plus a few bytes where it splits an item, once per character the document holds at most).
 * Deletions of content the server does not have would be kept pending in memory: those count.
 */
export function deletesOnlyKnownContent(doc: Y.Doc, { structs, ds }: DecodedUpdate): boolean {
	if (structs.length > 0) return false;
	for (const [client, ranges] of ds.clients) {
		const state = Y.getState(doc.store, client);
		if (ranges.some(({ clock, len }) => clock + len > state)) return false;
	}
	return true;
}
