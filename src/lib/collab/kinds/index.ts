import { digestKind } from './digest';
import { minutesKind } from './minutes';
import { notesKind } from './notes';
import { plenaryKind } from './plenary';
import { recommendationKind } from './recommendation';
import { sittingMinutesKind } from './sittingMinutes';
import type { DocKindShape } from './types';

/**
 * Every kind of shared document, keyed by the first part of its names (`<kind>:<id>`): the
 * browser-safe half of the registry. Each kind is one file here (name, id shape, root types,
 * size limit) and one in src/lib/server/collab/kinds/ (access, initial content, server-owned
 * parts), which spreads this one. The split is the bundle boundary: SvelteKit refuses
 * `$lib/server` in client code, and the server half needs the database and the policies. The
 * server registry is typed `Record<DocKind, …>`, so a kind added here without its server half
 * fails the type check, and tests/integration/collab/docKinds.test.ts walks both.
 *
 * Adding a kind: a file here and a line below; a file in server/collab/kinds/ and a line there.
 */
export const DOC_KIND_SHAPES = {
	notes: notesKind,
	plenary: plenaryKind,
	minutes: minutesKind,
	recommendation: recommendationKind,
	digest: digestKind,
	sittingminutes: sittingMinutesKind
} satisfies Record<string, DocKindShape>;

export type DocKind = keyof typeof DOC_KIND_SHAPES;
export const DOC_KINDS = Object.keys(DOC_KIND_SHAPES) as DocKind[];

export interface DocName {
	kind: DocKind;
	id: string;
}

const NAME = /^([a-z]+):(.*)$/s;

/**
 * Reads kind and id of a document's name. A name that does not parse (an unknown kind, an id that
 * does not look like its kind's ids) is refused before anything else happens.
 */
export function parseDocName(name: string): DocName | null {
	const match = NAME.exec(name);
	// Own keys only: `constructor:abc` must not find Object's constructor.
	if (!match || !Object.hasOwn(DOC_KIND_SHAPES, match[1])) return null;
	const kind = match[1] as DocKind;
	const id = match[2];
	return DOC_KIND_SHAPES[kind].id.test(id) ? { kind, id } : null;
}

export function docName(kind: DocKind, id: string): string {
	return `${kind}:${id}`;
}
