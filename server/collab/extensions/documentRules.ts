import { CLOSE } from '../../../src/lib/collab/closeCodes';
import type { DocKind } from '../../../src/lib/collab/docNames';
import type { Data } from '../../../src/lib/server/db/client';
import { initialContentFor } from '../../../src/lib/server/collab/initialContent';
import { serverOwnedParts } from '../../../src/lib/server/collab/serverOwned';
import { DocSize, knownDeletion } from '../docSize';
import { STORED_ELSEWHERE } from '../persistence';
import { Refusal, type Extension, type Report } from '../extension';
import type { LiveDoc } from '../liveDoc';
import { shapeRefusal } from '../updateShape';

/** The reason a refused client is given with 4422. */
const SHAPE_REASONS = {
	too_deep: 'shared types nested too deep',
	root_type: 'a top-level type this document does not have',
	subdocument: 'subdocuments are not allowed'
} as const;

/**
 * The rules of each kind of document: what it starts with (initialContent.ts), which parts only
 * the server writes (serverOwned.ts), which shapes it takes (updateShape.ts) and how large it may
 * grow (docLimits.ts, docSize.ts).
 */
export function documentRules(data: Data, maxDocBytes: Record<DocKind, number>): Extension {
	let report: Report = () => {};
	const sizes = new WeakMap<LiveDoc, { size: DocSize; admitted: number }>();
	/** Documents whose server-owned parts are about to be written again. */
	const restoring = new Set<string>();
	const sizeOf = (doc: LiveDoc) => {
		let entry = sizes.get(doc);
		if (!entry) sizes.set(doc, (entry = { size: new DocSize(maxDocBytes[doc.kind]), admitted: 0 }));
		return entry;
	};

	/**
	 * A client wrote into a part only the server writes: the server writes it again from the database,
	 * once per document however many such updates arrive in a tick.
	 */
	function restoreServerOwned(name: string): void {
		const owned = serverOwnedParts(name);
		if (!owned || restoring.has(name)) return;
		restoring.add(name);
		report({ type: 'serverOwnedRestored' });
		setImmediate(() => {
			restoring.delete(name);
			owned.restore(data, owned.id).catch((error) => console.error(`restoring ${name} failed`, error));
		});
	}

	return {
		onConfigure(context) {
			report = context.report;
		},
		async initialContent({ docName }) {
			// A document with nothing stored gets what its kind starts with (written and stored by the core).
			const initial = initialContentFor(docName);
			return initial ? initial.read(data, initial.id) : null;
		},
		onLoadDocument({ doc }) {
			sizeOf(doc);
			for (const key of serverOwnedParts(doc.name)?.maps ?? []) {
				doc.ydoc.getMap(key).observeDeep((_events, tr) => {
					// What another instance stored was judged (and restored if need be) there.
					if (tr.origin !== 'server' && tr.origin !== 'load' && tr.origin !== STORED_ELSEWHERE) restoreServerOwned(doc.name);
				});
			}
		},
		beforeChange({ doc, update, decoded }) {
			// Before anything is applied: applying a deep enough type is what overflows the stack.
			const shape = shapeRefusal(doc.ydoc, doc.kind, decoded);
			if (shape) throw new Refusal(shape, SHAPE_REASONS[shape], { close: CLOSE.shapeRefused });
			// Measuring encodes the whole document, which is what the next new client needs anyway.
			const entry = sizeOf(doc);
			const measure = () => doc.encodedState().length;
			const deletion = knownDeletion(doc.ydoc, decoded);
			const growth = deletion !== null ? entry.size.deletionGrowth(deletion, measure) : entry.size.admits(update.length, measure) ? update.length : null;
			if (growth === null) throw new Refusal('document_full', 'document full', { close: CLOSE.documentFull });
			entry.admitted = growth;
		},
		onChange({ doc, connection, update }) {
			// What is stored may be less than what came (items left waiting are dropped). What the
			// server writes is never refused for size (screens must not contradict the database), but counts.
			const entry = sizeOf(doc);
			entry.size.grew(connection ? Math.min(entry.admitted, update.length) : update.length);
		},
		onSnapshot({ doc, bytes }) {
			sizeOf(doc).size.measured(bytes);
		}
	};
}
