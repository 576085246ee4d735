import { describe, expect, it } from 'vitest';
import { diffText, mapPosition } from './textDiff';

describe('diffText', () => {
	it('finds a typed character, a deletion and a replacement', () => {
		expect(diffText('Hallo', 'Hallo!')).toEqual({ index: 5, remove: 0, insert: '!' });
		expect(diffText('Hallo Welt', 'Hallo')).toEqual({ index: 5, remove: 5, insert: '' });
		expect(diffText('Protokoll AG 1', 'Protokoll AG 2')).toEqual({ index: 13, remove: 1, insert: '2' });
		expect(diffText('gleich', 'gleich')).toBeNull();
	});

	it('handles repeated letters without inventing a larger edit', () => {
		expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
	});
});

describe('mapPosition', () => {
	it('moves the caret right when text is inserted before it, not after', () => {
		expect(mapPosition(5, [{ insert: 'abc' }])).toBe(8);
		expect(mapPosition(5, [{ retain: 6 }, { insert: 'abc' }])).toBe(5);
	});

	it('moves the caret left by what was deleted before it', () => {
		expect(mapPosition(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
		expect(mapPosition(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
	});
});
