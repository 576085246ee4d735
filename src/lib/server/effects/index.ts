export { onEffect, type DeclaredEffect } from './runEffect';
export { transactOn, transactOnAndWait, type DataEffects } from './transactOn';
export { onData, type EffectHandler, type EffectHandlerOnData } from './types';
export type { EffectKind, EffectPayloads } from './kinds';
