/**
 * How far two sequences (strings or arrays) agree from the start and from the end: the changed
 * middle is `before[start, endBefore)` against `after[start, endAfter)`. Two versions of one
 * text share most of both ends, so a diff works on the middle alone.
 */
export function commonEnds<T>(before: ArrayLike<T>, after: ArrayLike<T>): { start: number; endBefore: number; endAfter: number } {
	let start = 0;
	while (start < before.length && start < after.length && before[start] === after[start]) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
		endBefore--;
		endAfter--;
	}
	return { start, endBefore, endAfter };
}
