import * as Y from 'yjs';
import { isDayInRange } from '../domain/time';
import { MAX_DEPTH } from '../collab/docShape';
import { MINUTES_STATUSES, type MinutesStatus } from './lifecycle';

/**
 * The minutes of a meeting, co-edited live in the document `minutes:<meetingId>`:
 * - `body`: the rich text, a ProseMirror document as y-prosemirror stores it (one Y.XmlElement
 *   per node, named after the node type; text as Y.XmlText with marks as attributes);
 * - `decisions` and `actions`: structured entries (Y.Maps by id, ordered by `position`, as the
 *   plenary agenda does, so concurrent additions never collide);
 * - `state`: the status, written only by the server (a projection of SQLite) so every open
 *   editor learns at once that the minutes were approved and locked.
 * Everything read from the document is checked here: any writer's client could put anything in.
 */
export const BODY = 'body';
export const DECISIONS = 'decisions';
export const ACTIONS = 'actions';
export const STATE = 'state';

export { MINUTES_STATUSES, type MinutesStatus } from './lifecycle';

export const ENTRY_LIMITS = { text: 1000, who: 200, maxEntries: 200 } as const;
/** Headings in the minutes sit below the page's "Minutes" heading (h2). */
export const HEADING_LEVELS = [3, 4] as const;

export interface Decision {
	id: string;
	text: string;
	/** The agenda point (1-based) it belongs to, or null for "other". */
	point: number | null;
}

export interface ActionItem {
	id: string;
	what: string;
	who: string;
	/** A calendar date, YYYY-MM-DD within DATE_YEARS, or empty. */
	due: string;
	point: number | null;
}

export type DecisionFields = Omit<Decision, 'id'>;
export type ActionItemFields = Omit<ActionItem, 'id'>;

const clip = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');
const point = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 1000 ? value : null);

function ordered(map: Y.Map<unknown>): { id: string; entry: Y.Map<unknown> }[] {
	const entries: { id: string; entry: Y.Map<unknown>; position: number }[] = [];
	map.forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const position = value.get('position');
		entries.push({ id, entry: value, position: typeof position === 'number' && Number.isFinite(position) ? position : Number.MAX_SAFE_INTEGER });
	});
	return entries.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id)).slice(0, ENTRY_LIMITS.maxEntries);
}

export function readDecisions(doc: Y.Doc): Decision[] {
	return ordered(doc.getMap(DECISIONS))
		.map(({ id, entry }) => ({ id, text: clip(entry.get('text'), ENTRY_LIMITS.text), point: point(entry.get('point')) }))
		.filter((d) => d.text !== '');
}

export function readActionItems(doc: Y.Doc): ActionItem[] {
	return ordered(doc.getMap(ACTIONS))
		.map(({ id, entry }) => {
			const due = clip(entry.get('due'), 10);
			return {
				id,
				what: clip(entry.get('what'), ENTRY_LIMITS.text),
				who: clip(entry.get('who'), ENTRY_LIMITS.who),
				due: isDayInRange(due) ? due : '',
				point: point(entry.get('point'))
			};
		})
		.filter((a) => a.what !== '');
}

export function readStatus(doc: Y.Doc): MinutesStatus | null {
	const status = doc.getMap(STATE).get('status');
	return (MINUTES_STATUSES as readonly unknown[]).includes(status) ? (status as MinutesStatus) : null;
}

function nextPosition(map: Y.Map<unknown>): number {
	let max = 0;
	map.forEach((value) => {
		const position = value instanceof Y.Map ? value.get('position') : undefined;
		if (typeof position === 'number' && Number.isFinite(position)) max = Math.max(max, position);
	});
	return max + 1;
}

function addEntry(doc: Y.Doc, name: string, fields: Record<string, unknown>): string {
	const id = Math.random().toString(36).slice(2, 12);
	doc.transact(() => {
		const map = doc.getMap(name);
		const entry = new Y.Map<unknown>();
		for (const [key, value] of Object.entries(fields)) entry.set(key, value);
		entry.set('position', nextPosition(map));
		map.set(id, entry);
	});
	return id;
}

export const addDecision = (doc: Y.Doc, fields: DecisionFields) => addEntry(doc, DECISIONS, { ...fields });
export const addActionItem = (doc: Y.Doc, fields: ActionItemFields) => addEntry(doc, ACTIONS, { ...fields });
export const removeDecision = (doc: Y.Doc, id: string) => doc.getMap(DECISIONS).delete(id);
export const removeActionItem = (doc: Y.Doc, id: string) => doc.getMap(ACTIONS).delete(id);

/** Is there nothing written yet (no text, no entries)? */
export function isEmpty(doc: Y.Doc): boolean {
	return doc.getXmlFragment(BODY).length === 0 && doc.getMap(DECISIONS).size === 0 && doc.getMap(ACTIONS).size === 0;
}

/**
 * A section per agenda point: a heading and an empty paragraph under it, as y-prosemirror
 * would have stored them. Only into minutes that have no text yet.
 */
export function seedSections(doc: Y.Doc, agenda: readonly string[]): void {
	const body = doc.getXmlFragment(BODY);
	if (body.length > 0 || agenda.length === 0) return;
	const blocks: Y.XmlElement[] = [];
	agenda.forEach((title, i) => {
		const heading = new Y.XmlElement('heading');
		heading.setAttribute('level', HEADING_LEVELS[0] as unknown as string);
		heading.insert(0, [new Y.XmlText(`${i + 1}. ${title}`)]);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('')]);
		blocks.push(heading, paragraph);
	});
	body.insert(0, blocks);
}

export function writeStatus(doc: Y.Doc, status: MinutesStatus): void {
	if (doc.getMap(STATE).get('status') !== status) doc.getMap(STATE).set('status', status);
}

/**
 * Makes `doc`'s text and entries those of `source` (an earlier version). As edits: people who
 * have the minutes open see the restored text arrive like anyone's typing, and the step can be
 * undone by restoring again.
 */
export function replaceContent(doc: Y.Doc, source: Y.Doc): void {
	doc.transact(() => {
		const body = doc.getXmlFragment(BODY);
		body.delete(0, body.length);
		copyBody(source.getXmlFragment(BODY), body);
		for (const name of [DECISIONS, ACTIONS]) {
			const map = doc.getMap(name);
			for (const key of [...map.keys()]) map.delete(key);
			source.getMap(name).forEach((value, key) => {
				if (value instanceof Y.Map) map.set(key, value.clone());
			});
		}
	});
}

/**
 * Copies the rich text into `target`, top down with a stack of its own: Yjs's `clone()` recurses
 * (and so does integrating a cloned tree), and a version stored before the server checked the
 * depth of updates (see collab/docShape.ts) could be nested deep enough to overflow the stack.
 * Elements below `MAX_DEPTH` are not copied as elements; their text is, at the end of the deepest
 * element that is.
 */
function copyBody(source: Y.XmlFragment, target: Y.XmlFragment): void {
	const stack: { from: Y.XmlFragment; into: Y.XmlFragment; depth: number }[] = [{ from: source, into: target, depth: 1 }];
	while (stack.length > 0) {
		const { from, into, depth } = stack.pop()!;
		const nested: typeof stack = [];
		for (const node of from.toArray()) {
			if (node instanceof Y.XmlText) into.push([node.clone()]);
			else if (!(node instanceof Y.XmlElement)) continue;
			else if (depth + 1 > MAX_DEPTH) nested.push({ from: node, into, depth });
			else {
				const element = new Y.XmlElement(node.nodeName);
				for (const [key, value] of Object.entries(node.getAttributes())) element.setAttribute(key, value as string);
				into.push([element]);
				nested.push({ from: node, into: element, depth: depth + 1 });
			}
		}
		// Children in their order: the stack takes the last first.
		for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i]);
	}
}
