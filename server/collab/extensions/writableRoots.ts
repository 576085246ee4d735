import * as Y from 'yjs';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { ROOT_TYPES } from '../../../src/lib/collab/rootTypes';
import { writableRoots } from '../../../src/lib/server/collab/access';
import type { Db } from '../../../src/lib/server/db';
import { loadActor } from '../../../src/lib/server/policies/actor';
import type { Connection } from '../connection';
import { Refusal, type Extension } from '../extension';

/**
 * Writers who may change only part of a document (a kind's `partialWrite`: the steering group
 * plans a sitting's agenda but does not run it live). Their updates are tried on a copy of the
 * document first; one that changes any other top-level type is refused and the connection closed,
 * as for any write a client may not make. What they may change is decided when they connect and
 * again whenever rights change. Writers with the full right cost nothing here.
 *
 * The copy costs one encoding of the document per update, as measuring its size does: fine for
 * the few people who prepare an agenda, and the room's many readers never write. The kinds that
 * use it have maps for top-level types (compared as JSON).
 */
export function writableRootsRule(db: Db): Extension {
	const limited = new WeakMap<Connection, readonly string[]>();
	const decide = (connection: Connection) => {
		const roots = writableRoots(db, loadActor(db, connection.personId, connection.linkScope), connection.docName);
		if (roots) limited.set(connection, roots);
		else limited.delete(connection);
	};
	const otherParts = (doc: Y.Doc, kind: keyof typeof ROOT_TYPES, writable: readonly string[]) =>
		JSON.stringify(ROOT_TYPES[kind].filter((root) => !writable.includes(root)).map((root) => doc.getMap(root).toJSON()));

	return {
		connected({ connection }) {
			decide(connection);
		},
		onRecheck({ connection }) {
			decide(connection);
		},
		beforeChange({ doc, connection, update }) {
			const writable = limited.get(connection);
			if (!writable) return;
			const copy = new Y.Doc();
			Y.applyUpdate(copy, doc.encodedState());
			const before = otherParts(copy, doc.kind, writable);
			Y.applyUpdate(copy, update);
			const after = otherParts(copy, doc.kind, writable);
			copy.destroy();
			if (after !== before) throw new Refusal('part_not_writable', `only ${writable.join(', ')} may be changed`, { close: CLOSE.forbidden });
		}
	};
}
