import { digestKind } from '../../../collab/kinds/digest';
import type { DocKindDefinition } from './types';

/** A newsletter draft: its capability has not landed, so nobody may open one yet. */
export const digest: DocKindDefinition = {
	...digestKind,
	access: null
};
