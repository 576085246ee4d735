import type { DocKind } from '../../src/lib/collab/docNames';

const KiB = 1024;

/**
 * How large a shared document may grow, per kind: bytes of its encoded state, which is what
 * every screen downloads when it opens the document and what the stored snapshot holds. A
 * client's change that would pass the limit is refused before it is stored or relayed (see
 * `DocSize`). Each limit leaves a wide margin over real use and stops what the attack on the
 * running server did (ten 1 MB paragraphs made a meeting page 20 MB).
 *
 * Keep them at or below `COLLAB_MAX_FRAME_BYTES` (1 MiB): a screen that comes back after being
 * offline sends everything the server lacks in one message.
 * Override per kind with `COLLAB_MAX_DOC_BYTES_<KIND>` (e.g. `COLLAB_MAX_DOC_BYTES_MINUTES`).
 */
export const DOC_SIZE_LIMITS: Record<DocKind, number> = {
	// A working group's running notes, plain text: 512 KiB is some 200 pages.
	notes: 512 * KiB,
	// Agenda, what is on now, the list of speakers and the latest poll. A full day with 500 named
	// votes stays under 100 KB, and every phone in the room loads it.
	plenary: 512 * KiB,
	// A meeting's rich text, decisions and action items; the meeting page renders it too. A
	// three-hour meeting written down word for word is about 100 KB.
	minutes: 1024 * KiB,
	// Five fields of at most 22,200 characters together (RECOMMENDATION_TEXT_MAX in recommendations/status.ts),
	// under 70 KB as UTF-8; the rest is room for the editing structure.
	recommendation: 256 * KiB,
	// A newsletter draft (no live editor yet): a long issue with links, as text.
	digest: 512 * KiB
};

/** The limits with the environment's overrides (positive whole numbers of bytes). */
export function docSizeLimits(env: NodeJS.ProcessEnv): Record<DocKind, number> {
	const limits = { ...DOC_SIZE_LIMITS };
	for (const kind of Object.keys(limits) as DocKind[]) {
		const value = Number(env[`COLLAB_MAX_DOC_BYTES_${kind.toUpperCase()}`]);
		if (Number.isInteger(value) && value > 0) limits[kind] = value;
	}
	return limits;
}
