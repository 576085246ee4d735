import * as Y from 'yjs';

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * What a deletion can add to the encoded state where it cuts through items: each new item is
 * encoded with its own header and origins. Measured with Yjs 13: deleting every other character
 * of a 400 KB text grew its state by 23 bytes per deleted range.
 */
export const BYTES_PER_DELETED_RANGE = 24;

/**
 * A deletion that adds more than it removes (it cuts many ranges: every other character) may
 * take a document this far past its limit, no further: else a writer could grow a full 400 KB
 * text twelvefold. A deletion that removes more than it adds always goes in: people must be able
 * to make room in a full document.
 */
const DELETION_ALLOWANCE = 0.1;

/**
 * After a measurement, the next one waits at least this long, and at least ten times as long as
 * the last one took: a writer keeping a document at its limit would otherwise make the server
 * encode the whole document for each small insert (250 ms for a 1 MiB document on this 2-core
 * machine), holding the one event loop. In between, the estimate decides.
 */
const MIN_MEASURE_INTERVAL_MS = 1000;
const MEASURE_COST_FACTOR = 10;

/**
 * Within that interval the document is measured again all the same once writers have sent at
 * least a quarter of its measured size: the server then encodes at most four bytes of document
 * per byte it took in, which it had to decode, apply and store anyway. Without this, the estimate
 * alone refused a fast writer for good: each update counts in full (a keystroke is some 25 bytes,
 * the text grows by one), so at 600 KB/s of keystrokes the estimate passed the limit within the
 * second while the document held a third of it (the B4 replay). A writer at the limit still makes
 * the server measure only once a second, or once per quarter document it sends.
 */
const MEASURE_AFTER_RECEIVED_FRACTION = 0.25;

/**
 * A live document's size against its kind's limit (docLimits.ts), kept without a pass over the
 * document per update. The size that counts is the encoded state (what a new screen downloads,
 * what the snapshot stores); measuring it encodes the whole document. So between measurements the
 * size is an estimate that stays above the truth: the last measured size, plus the bytes of
 * every update stored since, minus the content deletions removed (a character is at least a
 * byte), plus what they may add where they cut items. Only when the estimate would pass the limit
 * is the document measured (at most as often as MIN_MEASURE_INTERVAL_MS allows), and a change is
 * refused only if the measured size plus the change passes it. Compaction measures for free.
 */
export class DocSize {
	/** Null until measured: a document just loaded is measured when its first change arrives. */
	private bytes: number | null = null;
	private nextMeasureAt = 0;
	/** What the last measurement found, and the bytes of changes admitted since (see MEASURE_AFTER_RECEIVED_FRACTION). */
	private lastMeasured = 0;
	private receivedSinceMeasured = 0;

	constructor(
		readonly limit: number,
		private readonly clock: () => number = () => performance.now()
	) {}

	/** Would a change of `updateBytes` keep the document within its limit? */
	admits(updateBytes: number, measure: () => number): boolean {
		const admitted = this.within(updateBytes, this.limit, measure);
		if (admitted) this.receivedSinceMeasured += updateBytes;
		return admitted;
	}

	/**
	 * What a deletion of content the document has may change its size by, or null when it may not
	 * go in: it cuts `ranges` ranges and removes `removed` units of content (see DELETION_ALLOWANCE).
	 */
	deletionGrowth({ ranges, removed }: KnownDeletion, measure: () => number): number | null {
		const growth = ranges * BYTES_PER_DELETED_RANGE - removed;
		if (growth <= 0) return growth;
		return this.within(growth, this.limit * (1 + DELETION_ALLOWANCE), measure) ? growth : null;
	}

	/** A change that may have changed the size by this many bytes was stored. */
	grew(bytes: number): void {
		if (this.bytes !== null) this.bytes = Math.max(0, this.bytes + bytes);
	}

	/** The document was just encoded whole (compacted): this is its size. */
	measured(bytes: number): void {
		this.bytes = this.lastMeasured = bytes;
		this.receivedSinceMeasured = 0;
	}

	private within(growth: number, limit: number, measure: () => number): boolean {
		if (this.bytes !== null && this.bytes + growth <= limit) return true;
		const now = this.clock();
		// Measured a moment ago, and little came in since: the estimate says no. It runs ahead of the
		// truth by at most what came in, so it alone refuses only a document measured above 80 % of
		// its limit, whose writers sent more than its headroom within the second.
		const paidFor = this.receivedSinceMeasured >= MEASURE_AFTER_RECEIVED_FRACTION * this.lastMeasured;
		if (this.bytes !== null && now < this.nextMeasureAt && !paidFor) return false;
		this.measured(measure());
		this.nextMeasureAt = now + Math.max(MIN_MEASURE_INTERVAL_MS, (this.clock() - now) * MEASURE_COST_FACTOR);
		return this.bytes! + growth <= limit;
	}
}

export interface KnownDeletion {
	/** Ranges the update deletes. */
	ranges: number;
	/** Units of content still there that it deletes (characters of text, one per embed or type). */
	removed: number;
}

/**
 * The update as a deletion of content the document has, or null when it is more than that.
 * Deletions of content the server does not have would be kept pending in memory: such an update
 * is sized like any other. Walks the items the ranges cover, which is no more than the document.
 */
export function knownDeletion(doc: Y.Doc, { structs, ds }: DecodedUpdate): KnownDeletion | null {
	if (structs.length > 0) return null;
	let ranges = 0;
	let removed = 0;
	for (const [client, deleted] of ds.clients) {
		const state = Y.getState(doc.store, client);
		if (deleted.some(({ clock, len }) => clock + len > state)) return null;
		const items = doc.store.clients.get(client);
		ranges += deleted.length;
		for (const { clock, len } of deleted) {
			if (!items) continue;
			for (let i = Y.findIndexSS(items, clock); i < items.length && items[i].id.clock < clock + len; i++) {
				const item = items[i];
				if (!(item instanceof Y.Item) || item.deleted || !item.countable) continue;
				removed += Math.min(item.id.clock + item.length, clock + len) - Math.max(item.id.clock, clock);
			}
		}
	}
	return { ranges, removed };
}
