import { DOC_KINDS, DOC_KIND_SHAPES, type DocKind } from '../../src/lib/collab/kinds';

/**
 * How large a shared document may grow, per kind: bytes of its encoded state, which is what
 * every screen downloads when it opens the document and what the stored snapshot holds. A
 * client's change that would pass the limit is refused before it is stored or relayed (see
 * `DocSize`). Each limit leaves a wide margin over real use and stops what the attack on the
 * running server did (ten 1 MB paragraphs made a meeting page 20 MB). Each kind sets its own, with
 * its reason, in src/lib/collab/kinds/.
 *
 * Keep them at or below `COLLAB_MAX_FRAME_BYTES` (1 MiB): a screen that comes back after being
 * offline sends everything the server lacks in one message.
 * Override per kind with `COLLAB_MAX_DOC_BYTES_<KIND>` (e.g. `COLLAB_MAX_DOC_BYTES_MINUTES`).
 */
export const DOC_SIZE_LIMITS = Object.fromEntries(DOC_KINDS.map((kind) => [kind, DOC_KIND_SHAPES[kind].maxBytes])) as Record<DocKind, number>;

/** The limits with the environment's overrides (positive whole numbers of bytes). */
export function docSizeLimits(env: NodeJS.ProcessEnv): Record<DocKind, number> {
	const limits = { ...DOC_SIZE_LIMITS };
	for (const kind of Object.keys(limits) as DocKind[]) {
		const value = Number(env[`COLLAB_MAX_DOC_BYTES_${kind.toUpperCase()}`]);
		if (Number.isInteger(value) && value > 0) limits[kind] = value;
	}
	return limits;
}
