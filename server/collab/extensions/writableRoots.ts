import * as Y from 'yjs';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { ROOT_TYPES } from '../../../src/lib/collab/rootTypes';
import { hasPartialWrite, writableRoots } from '../../../src/lib/server/collab/access';
import type { Data } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies/actor';
import type { Connection } from '../connection';
import { Refusal, type Extension } from '../extension';

/**
 * Writers who may change only part of a document (a kind's `partialWrite`: the steering group
 * plans a sitting's agenda but does not run it live). Their updates are tried on a copy of the
 * document first; one that changes any other top-level type is refused and the connection closed,
 * as for any write a client may not make. What they may change is decided when they connect
 * (their updates wait for it, see `connected`) and again whenever rights change, the decision
 * asked last counting. Writers with the full right cost nothing here.
 *
 * The copy costs one encoding of the document per update, as measuring its size does: fine for
 * the few people who prepare an agenda, and the room's many readers never write. The kinds that
 * use it have maps for top-level types (compared as JSON).
 */
export function writableRootsRule(data: Data): Extension {
	const limited = new WeakMap<Connection, readonly string[]>();
	const asked = new WeakMap<Connection, number>();
	const decide = async (connection: Connection) => {
		const turn = (asked.get(connection) ?? 0) + 1;
		asked.set(connection, turn);
		const roots = await writableRoots(data, await loadActorOn(data, connection.personId, connection.linkScope), connection.docName);
		// A decision asked later read newer rights.
		if (asked.get(connection) !== turn) return;
		if (roots) limited.set(connection, roots);
		else limited.delete(connection);
	};
	const otherParts = (doc: Y.Doc, kind: keyof typeof ROOT_TYPES, writable: readonly string[]) =>
		JSON.stringify(ROOT_TYPES[kind].filter((root) => !writable.includes(root)).map((root) => doc.getMap(root).toJSON()));

	return {
		connected({ connection }) {
			// Readers' updates are dropped before any rule sees them; a reader made a writer is decided on recheck.
			if (connection.mode === 'write' && hasPartialWrite(connection.docName)) return decide(connection);
		},
		async onRecheck({ connection }) {
			await decide(connection);
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
