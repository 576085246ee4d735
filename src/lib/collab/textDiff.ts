import { commonEnds } from './commonEnds';

/**
 * Pure helpers for binding a plain <textarea> to a Y.Text: the smallest single edit that turns
 * one string into another, and a caret position carried through a remote change.
 */
export interface Edit {
	index: number;
	remove: number;
	insert: string;
}

export function diffText(before: string, after: string): Edit | null {
	if (before === after) return null;
	const { start, endBefore, endAfter } = commonEnds(before, after);
	return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

export type Delta = { retain?: number; insert?: string | object; delete?: number }[];

/** Where a caret at `position` stands after a change described by a Yjs delta. */
export function mapPosition(position: number, delta: Delta): number {
	let index = 0;
	let mapped = position;
	for (const op of delta) {
		if (index > position) break;
		if (op.retain) index += op.retain;
		else if (op.insert !== undefined) {
			const length = typeof op.insert === 'string' ? op.insert.length : 1;
			// Text inserted exactly at the caret goes before it: others' typing pushes it along.
			if (index <= position) mapped += length;
			index += length;
		} else if (op.delete) {
			const removed = Math.min(op.delete, Math.max(0, position - index));
			mapped -= removed;
			index += op.delete;
		}
	}
	return Math.max(0, mapped);
}
