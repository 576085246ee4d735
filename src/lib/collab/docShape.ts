/**
 * How deep shared types may nest in a shared document, whoever writes to it. The document
 * server refuses a client's update that goes deeper (server/collab/updateShape.ts, which also
 * checks the top-level types of rootTypes.ts); renderers and readers stop nesting at the same
 * depth. No imports here: the modules that read documents import this one.
 *
 * Depth counts shared types from the top-level one (1). The deepest our editors go is the
 * minutes' rich text, Tiptap's document as y-prosemirror stores it: `body` (1), a blockquote or
 * a list and its item per level, the paragraph, its text. A list nested ten levels deep inside a
 * quote is 1 + 1 + 2 × 10 + 2 = 24; Word and Google Docs stop lists at nine levels. 64 leaves
 * more than twice that, and keeps every recursion over a document (Yjs's own delete, garbage
 * collection and clone of a type, ProseMirror in the browser) a few hundred stack frames deep,
 * where the attack's 20,000 levels overflowed the stack.
 */
export const MAX_DEPTH = 64;
