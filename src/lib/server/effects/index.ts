export { transact, transactAndWait, onEffect, type Effects, type DeclaredEffect } from './transact';
export type { EffectKind, EffectPayloads } from './kinds';
