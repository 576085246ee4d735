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

	it('gives a longest common subsequence, whatever the lines', () => {
		// Small random versions over a few distinct lines, so lines repeat and ties abound.
		let seed = 7;
		const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const lcsLength = (a: string[], b: string[]) => {
			const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
			for (let i = a.length - 1; i >= 0; i--)
				for (let j = b.length - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
			return t[0][0];
		};
		for (let round = 0; round < 300; round++) {
			const a = Array.from({ length: random(12) }, () => 'abc'[random(3)]);
			const b = Array.from({ length: random(12) }, () => 'abc'[random(3)]);
			const changes = compareLines(a, b);
			expect(changes.filter((c) => c.kind !== 'added').map((c) => c.text)).toEqual(a);
			expect(changes.filter((c) => c.kind !== 'removed').map((c) => c.text)).toEqual(b);
			expect(changes.filter((c) => c.kind === 'same')).toHaveLength(lcsLength(a, b));
		}
	});

	it('compares two versions of a megabyte whose lines differ only at their ends', () => {
		const version = (tag: string) => Array.from({ length: 2_000 }, (_, i) => `${'x'.repeat(490)}${tag}${i}`);
		const before = version('a');
		const after = [...before.slice(0, 1_000), ...version('b').slice(1_000)];
		const changes = compareLines(before, after);
		expect(changes.filter((c) => c.kind === 'same')).toHaveLength(1_000);
		expect(changes.filter((c) => c.kind === 'removed').map((c) => c.text)).toEqual(before.slice(1_000));
		expect(changes.filter((c) => c.kind === 'added').map((c) => c.text)).toEqual(after.slice(1_000));
	});
});
