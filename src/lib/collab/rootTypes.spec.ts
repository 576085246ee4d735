import { describe, expect, it } from 'vitest';
import { DOC_KINDS } from './docNames';
import { ROOT_TYPES } from './rootTypes';

describe('top-level types per kind of document', () => {
	// The names come from the modules that write the documents; an import cycle once left them
	// undefined, and every client update was refused.
	it('are names, for every kind', () => {
		for (const kind of DOC_KINDS) {
			for (const name of ROOT_TYPES[kind]) expect(typeof name === 'string' && name.length > 0, `${kind}: ${String(name)}`).toBe(true);
		}
		expect(ROOT_TYPES.minutes).toEqual(['body', 'decisions', 'actions', 'state']);
		expect(ROOT_TYPES.plenary).toEqual(['agenda', 'live', 'speakers', 'speakerLists', 'speeches', 'poll']);
	});
});
