import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * What the second attack on issue 13 made of a live document, as bytes: Y.Maps nested `depth`
 * deep under a top-level map (`nested`), and an update that is nothing but the deletion of the
 * outer one (`deleteOuter`). Yjs deletes and garbage-collects a shared type recursively: applying
 * the second after the first overflows the stack, and so does loading a state stored after it.
 * Tests write these straight into the store, as a server from before the fix left them.
 */
export function poisonUpdates(root: string, depth = 20_000): { nested: Uint8Array; deleteOuter: Uint8Array } {
	const doc = new Y.Doc({ gc: false });
	const map = doc.getMap(root);
	let outer: Y.Map<unknown> | undefined;
	doc.transact(() => {
		outer = new Y.Map();
		map.set('deep', outer);
		let current = outer;
		for (let i = 0; i < depth; i++) {
			const child = new Y.Map<unknown>();
			current.set('m', child);
			current = child;
		}
	});
	const nested = Y.encodeStateAsUpdate(doc);
	const id = outer!._item!.id;
	// An update of no structs and a delete set of one range: the outer map's item.
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, id.client);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, id.clock);
	encoding.writeVarUint(encoder, 1);
	doc.destroy();
	return { nested, deleteOuter: encoding.toUint8Array(encoder) };
}
