import type { DocServerOptions } from './docServer';
import { docSizeLimits } from './docLimits';

/** Limits from the environment (all optional; the defaults suit a district conference). */
export function docServerLimits(env: NodeJS.ProcessEnv): Partial<DocServerOptions> {
	const number = (name: string) => {
		const value = Number(env[name]);
		return Number.isFinite(value) && value > 0 ? value : undefined;
	};
	return {
		maxFrameBytes: number('COLLAB_MAX_FRAME_BYTES'),
		maxConnectionsPerPerson: number('COLLAB_MAX_CONNECTIONS_PER_PERSON'),
		compactEvery: number('COLLAB_COMPACT_EVERY'),
		unloadGraceMs: number('COLLAB_UNLOAD_GRACE_MS'),
		maxDocBytes: docSizeLimits(env)
	};
}
