import type { Db } from '../db';
import type { Data } from '../db/client';

/**
 * Runs one declared effect, after the transaction that declared it committed. It may return a
 * promise; a failure (thrown or rejected) is logged and never reaches the person whose command
 * succeeded: each kind says what recovers it.
 *
 * This form is on the synchronous layer (SQLite only): it gets the `Db` of the connection that
 * committed. A handler moves to the data layer by being wrapped in `onData`.
 */
export type EffectHandler<P> = (db: Db, payload: P) => void | Promise<void>;

/**
 * A handler on the asynchronous data layer: runs after commits on SQLite and on PostgreSQL. A
 * function too, told apart by its mark, so the registry stays a table of functions (tests spy on it).
 */
export type EffectHandlerOnData<P> = ((data: Data, payload: P) => void | Promise<void>) & { readonly layer: 'data' };

/** What the registry (kinds/index.ts) holds for a kind: either form while handlers move. */
export type RegisteredEffectHandler<P> = EffectHandler<P> | EffectHandlerOnData<P>;

/** Marks a handler as moved: `export const xHandler = onData(async (data, payload) => …)`. */
export const onData = <P>(run: (data: Data, payload: P) => void | Promise<void>): EffectHandlerOnData<P> =>
	Object.assign((data: Data, payload: P) => run(data, payload), { layer: 'data' as const });

export const isOnData = <P>(handler: RegisteredEffectHandler<P>): handler is EffectHandlerOnData<P> => (handler as { layer?: unknown }).layer === 'data';
