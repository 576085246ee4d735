import { DOC_KINDS, DOC_KIND_SHAPES, type DocKind } from './kinds';

/**
 * The top-level types each kind uses, as its file in ./kinds/ declares them: a client's update
 * that creates any other is refused (server/collab/updateShape.ts).
 */
export const ROOT_TYPES = Object.fromEntries(DOC_KINDS.map((kind): [DocKind, readonly string[]] => [kind, DOC_KIND_SHAPES[kind].rootTypes])) as Record<
	DocKind,
	readonly string[]
>;
