/**
 * Two versions of the minutes, compared line by line (a line is a block or an entry): what
 * stayed, what was removed, what was added, in reading order. Longest common subsequence;
 * minutes have hundreds of lines at most, so the quadratic table is small.
 */
export type LineChange = { kind: 'same' | 'removed' | 'added'; text: string };

// 2,000 × 2,000 cells of 2 bytes: 8 MB at most per comparison.
const MAX_LINES = 2000;

export function compareLines(before: readonly string[], after: readonly string[]): LineChange[] {
	// Beyond the limit, everything counts as replaced: still correct, just coarse.
	if (before.length * after.length > MAX_LINES * MAX_LINES) {
		return [...before.map((text) => ({ kind: 'removed' as const, text })), ...after.map((text) => ({ kind: 'added' as const, text }))];
	}
	const n = before.length;
	const m = after.length;
	// lcs[i][j]: length of the longest common subsequence of before[i..] and after[j..].
	const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	const changes: LineChange[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (before[i] === after[j]) {
			changes.push({ kind: 'same', text: before[i] });
			i++;
			j++;
		} else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
			changes.push({ kind: 'removed', text: before[i++] });
		} else {
			changes.push({ kind: 'added', text: after[j++] });
		}
	}
	while (i < n) changes.push({ kind: 'removed', text: before[i++] });
	while (j < m) changes.push({ kind: 'added', text: after[j++] });
	return changes;
}
