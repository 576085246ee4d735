import { describe, expect, it } from 'vitest';
import { compareLines } from './compare';

describe('comparing versions line by line', () => {
	it('shows what was removed and added, in reading order', () => {
		expect(compareLines(['## 1. Bericht', 'alt', 'bleibt'], ['## 1. Bericht', 'neu', 'bleibt', 'dazu'])).toEqual([
			{ kind: 'same', text: '## 1. Bericht' },
			{ kind: 'removed', text: 'alt' },
			{ kind: 'added', text: 'neu' },
			{ kind: 'same', text: 'bleibt' },
			{ kind: 'added', text: 'dazu' }
		]);
	});

	it('finds nothing between equal versions', () => {
		expect(compareLines(['a', 'b'], ['a', 'b']).every((c) => c.kind === 'same')).toBe(true);
		expect(compareLines([], ['a'])).toEqual([{ kind: 'added', text: 'a' }]);
	});
});
