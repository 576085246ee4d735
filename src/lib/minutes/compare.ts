import { commonEnds } from '../collab/commonEnds';

/**
 * Two versions of the minutes, compared line by line (a line is a block or an entry): what
 * stayed, what was removed, what was added, in reading order. Longest common subsequence of
 * the lines between the common start and end, which are most of two versions of one text.
 *
 * The work is bounded before it is done: each line is read once, to give equal lines one number
 * (the table then compares numbers, not strings that may share hundreds of characters), and the
 * table is one array of at most MAX_CELLS cells, never one per line.
 */
export type LineChange = { kind: 'same' | 'removed' | 'added'; text: string };

// 2,000 × 2,000 changed lines: a table of 4,000,000 cells of 2 bytes, 8 MB at most per comparison.
const MAX_CELLS = 2000 * 2000;

export function compareLines(before: readonly string[], after: readonly string[]): LineChange[] {
	const { start, endBefore, endAfter } = commonEnds(before, after);
	const changes: LineChange[] = [];
	for (let i = 0; i < start; i++) changes.push({ kind: 'same', text: before[i] });
	compareMiddle(before.slice(start, endBefore), after.slice(start, endAfter), changes);
	for (let i = endBefore; i < before.length; i++) changes.push({ kind: 'same', text: before[i] });
	return changes;
}

function compareMiddle(before: readonly string[], after: readonly string[], changes: LineChange[]): void {
	const n = before.length;
	const m = after.length;
	// Beyond the limit, everything counts as replaced: still correct, just coarse.
	if (n * m > MAX_CELLS) {
		for (const text of before) changes.push({ kind: 'removed', text });
		for (const text of after) changes.push({ kind: 'added', text });
		return;
	}
	const ids = new Map<string, number>();
	const idOf = (text: string) => ids.get(text) ?? (ids.set(text, ids.size), ids.size - 1);
	const a = Int32Array.from(before, idOf);
	const b = Int32Array.from(after, idOf);
	// lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i..] and b[j..]; at most 2,000.
	const width = m + 1;
	const lcs = new Uint16Array((n + 1) * width);
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
		}
	}
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			changes.push({ kind: 'same', text: before[i] });
			i++;
			j++;
		} else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
			changes.push({ kind: 'removed', text: before[i++] });
		} else {
			changes.push({ kind: 'added', text: after[j++] });
		}
	}
	while (i < n) changes.push({ kind: 'removed', text: before[i++] });
	while (j < m) changes.push({ kind: 'added', text: after[j++] });
}
