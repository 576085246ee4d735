import type { Db } from '../db';
import type { Data } from '../db/client';
import { effectHandlers, type EffectKind, type EffectPayloads } from './kinds';
import { isOnData, type RegisteredEffectHandler } from './types';

/** An effect a transaction declared, to run once it committed. */
export interface DeclaredEffect<K extends EffectKind = EffectKind> {
	kind: K;
	payload: EffectPayloads[K];
}

type Listener = (effect: DeclaredEffect) => void;

const listeners = new Set<Listener>();

/** Tells `listener` of every effect as it runs after a commit (tests, and a place for metrics). */
export function onEffect(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** The handles of the connection that committed: a handler gets the one of its layer. */
export interface CommittedOn {
	data: Data;
	/** The synchronous handle of the same SQLite connection; none on PostgreSQL. */
	db: Db | undefined;
}

export const handlerOf = (kind: EffectKind) => effectHandlers[kind] as RegisteredEffectHandler<unknown>;

/**
 * Runs one effect after the commit: its synchronous part now, and resolves when its asynchronous
 * part is done. A failure is logged, never thrown: the command it belongs to has committed.
 */
export function runEffect(on: CommittedOn, effect: DeclaredEffect): Promise<void> {
	const failed = (error: unknown) => console.error(`effect ${effect.kind} failed after commit`, effect.payload, error);
	for (const listener of listeners) listener(effect);
	try {
		const handler = handlerOf(effect.kind);
		if (isOnData(handler)) return Promise.resolve(handler(on.data, effect.payload)).catch(failed);
		// Refused when declared (transactOn.ts); reaching here would be a bug in that check.
		if (!on.db) throw new Error(`effect ${effect.kind} is on the synchronous layer and there is no SQLite connection to run it on`);
		return Promise.resolve(handler(on.db, effect.payload)).catch(failed);
	} catch (error) {
		failed(error);
		return Promise.resolve();
	}
}
