/**
 * What every part of the product may know about one kind of shared document: how its names look,
 * which top-level types it has, how large it may grow. Browser-safe: no server imports, so a page's
 * client code can build names from here. What only the server may know (who may open it, what it
 * starts with, what only the server writes) extends this in src/lib/server/collab/kinds/.
 */
export interface DocKindShape {
	/** The first part of the name `<kind>:<id>`; the same as the kind's key in the registry. */
	kind: string;
	/** What an id of this kind looks like; a name whose id does not match is refused before anything else. */
	id: RegExp;
	/**
	 * The top-level types the kind uses, read from the code that writes them: a client's update that
	 * creates any other is refused (server/collab/updateShape.ts). Add a name when the kind gains a part.
	 */
	rootTypes: readonly string[];
	/**
	 * How large the document may grow: bytes of its encoded state, which every screen downloads
	 * when it opens it (what the limit means, and its override, in server/collab/docLimits.ts).
	 * At most `COLLAB_MAX_FRAME_BYTES` (1 MiB): a screen back from offline sends all it has in one message.
	 */
	maxBytes: number;
}

/** The ids of our rows (newId: base32 of random bytes), with room for longer ones: lower-case letters and digits. */
export const ROW_ID = /^[a-z0-9]{1,64}$/;

export const KiB = 1024;

/** The name of one document of a kind: `<kind>:<id>`. */
export const nameOf = (shape: DocKindShape, id: string) => `${shape.kind}:${id}`;
