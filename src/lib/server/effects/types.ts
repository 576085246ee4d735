import type { Db } from '../db';

/**
 * Runs one declared effect, after the transaction that declared it committed. It may return a
 * promise; a failure (thrown or rejected) is logged and never reaches the person whose command
 * succeeded: each kind says what recovers it.
 */
export type EffectHandler<P> = (db: Db, payload: P) => void | Promise<void>;
