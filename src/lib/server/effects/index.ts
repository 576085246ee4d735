export { transact, transactAndWait, onEffect, type Effects, type DeclaredEffect } from './transact';
export { commitTogether, transactTogether } from './groupCommit';
export type { EffectKind, EffectPayloads } from './kinds';
