import * as Y from 'yjs';
import type { DocKind } from '../../src/lib/collab/docNames';
import { MAX_DEPTH } from '../../src/lib/collab/docShape';
import { ROOT_TYPES } from '../../src/lib/collab/rootTypes';

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type Struct = DecodedUpdate['structs'][number];

/** Why a client's update was refused for its shape (the metric's reason). */
export type ShapeRefusal = 'too_deep' | 'root_type' | 'subdocument';

/** The item will be garbage once integrated (its parent is gone): it has no depth. */
const GONE = -1;
/** The item waits for content the server does not have: Yjs keeps it pending, not integrated. */
const WAITING = -2;

/**
 * Would applying this client update give the document a shape its kind does not have? Checked
 * on the decoded update before it is applied, because applying is what overflows the stack: Yjs
 * deletes and garbage-collects a shared type recursively, so a map nested 20,000 deep took the
 * process down (and, stored, every start after it).
 * - A new shared type may sit at most `maxDepth` types deep (see docShape.ts), counting its
 *   parents within the update and those already in the document.
 * - A new top-level type must be one the kind uses (rootTypes.ts); subdocuments are no part of
 *   any kind.
 * Linear in the update: every item's depth is worked out once (iteratively: a chain of items
 * can be as long as the update), a parent in the document costs at most `maxDepth` steps once,
 * and finding an item is a binary search. Items that wait for content the server does not have
 * are not integrated by this update, so they are not judged: the document server drops what is
 * left pending after applying (see `dropPending`), so they can never be integrated later either.
 */
export function shapeRefusal(doc: Y.Doc, kind: DocKind, { structs }: DecodedUpdate, maxDepth = MAX_DEPTH): ShapeRefusal | null {
	const roots = ROOT_TYPES[kind];
	const store = doc.store;
	const fresh: Y.Item[] = [];
	const byClient = new Map<number, Struct[]>();
	for (const struct of structs) {
		const list = byClient.get(struct.id.client);
		if (list) list.push(struct);
		else byClient.set(struct.id.client, [struct]);
		// What the document already has is skipped by Yjs; only new items can change its shape.
		if (!(struct instanceof Y.Item) || struct.id.clock < Y.getState(store, struct.id.client)) continue;
		if (typeof struct.parent === 'string' && !roots.includes(struct.parent)) return 'root_type';
		if (struct.content instanceof Y.ContentDoc) return 'subdocument';
		if (struct.content instanceof Y.ContentType) fresh.push(struct);
	}
	// A client appears once per update as Yjs writes them; a forged update may list it twice.
	for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);

	/** The struct holding `id`: the document's if it has that clock, else the update's, if any. */
	const find = (id: Y.ID): { inDoc: boolean; struct: Struct } | null => {
		if (id.clock < Y.getState(store, id.client)) return { inDoc: true, struct: Y.getItem(store, id) as Struct };
		const list = byClient.get(id.client);
		if (!list) return null;
		let low = 0;
		let high = list.length - 1;
		while (low <= high) {
			const mid = (low + high) >> 1;
			const struct = list[mid];
			if (id.clock < struct.id.clock) high = mid - 1;
			else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
			else return struct instanceof Y.Skip ? null : { inDoc: false, struct };
		}
		return null;
	};

	/** Depth of a type in the document (its top-level type is 1), counted at most to maxDepth + 1. */
	const typeDepths = new Map<Y.AbstractType<unknown>, number>();
	const depthInDoc = (type: Y.AbstractType<unknown> | null): number => {
		if (!type) return GONE;
		const known = typeDepths.get(type);
		if (known !== undefined) return known;
		let depth = 1;
		for (let t = type; t._item && depth <= maxDepth; depth++) {
			const parent = t._item.parent as Y.AbstractType<unknown> | null;
			if (!parent) return GONE;
			t = parent;
		}
		typeDepths.set(type, depth);
		return depth;
	};

	/**
	 * What an update item's position depends on, as Yjs decides it when integrating: its parent
	 * item if it names one, else the item to its left (its origin), else the one to its right.
	 * Either a final answer (the depth of the type it sits in, GONE or WAITING), or an item of the
	 * update to ask next, whose type is the parent (`child`) or which shares the parent.
	 */
	type Step = { depth: number } | { next: Y.Item; child: boolean };
	const step = (item: Y.Item): Step => {
		const parent = item.parent as unknown;
		if (typeof parent === 'string') return { depth: 1 };
		if (parent instanceof Y.ID) {
			const found = find(parent);
			if (!found) return { depth: WAITING };
			const { inDoc, struct } = found;
			if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return { depth: GONE };
			return inDoc ? { depth: depthInDoc(struct.content.type) } : { next: struct, child: true };
		}
		const left = item.origin ? find(item.origin) : null;
		const right = item.rightOrigin ? find(item.rightOrigin) : null;
		if ((item.origin && !left) || (item.rightOrigin && !right)) return { depth: WAITING };
		if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) return { depth: GONE };
		const beside = left ?? right;
		if (!beside || !(beside.struct instanceof Y.Item)) return { depth: GONE };
		return beside.inDoc ? { depth: depthInDoc(beside.struct.parent as Y.AbstractType<unknown> | null) } : { next: beside.struct, child: false };
	};

	// The depth of the type each item sits in, each worked out once.
	const depths = new Map<Y.Item, number>();
	const sitDepth = (start: Y.Item): number => {
		const path: { item: Y.Item; child: boolean }[] = [];
		const onPath = new Set<Y.Item>();
		let item = start;
		let depth: number;
		for (;;) {
			const known = depths.get(item);
			if (known !== undefined) {
				depth = known;
				break;
			}
			// Items that wait for each other in a circle are never integrated.
			if (onPath.has(item)) {
				depth = WAITING;
				break;
			}
			const next = step(item);
			if ('depth' in next) {
				depth = next.depth;
				depths.set(item, depth);
				break;
			}
			path.push({ item, child: next.child });
			onPath.add(item);
			item = next.next;
		}
		for (let i = path.length - 1; i >= 0; i--) {
			if (path[i].child && depth > 0) depth++;
			depths.set(path[i].item, depth);
		}
		return depths.get(start)!;
	};

	for (const item of fresh) {
		const depth = sitDepth(item);
		// The new type sits one deeper than the type it is in.
		if (depth > 0 && depth + 1 > maxDepth) return 'too_deep';
	}
	return null;
}

/**
 * Drops what the last applied update left pending (items waiting for content the server does
 * not have): a later update that supplied the missing piece would integrate them without their
 * shape ever being judged. A well-behaved client never needs them: the server's sync step 1
 * makes it send everything the server lacks in its sync step 2. Answers whether there was any.
 */
export function dropPending(doc: Y.Doc): boolean {
	if (doc.store.pendingStructs === null) return false;
	doc.store.pendingStructs = null;
	return true;
}
