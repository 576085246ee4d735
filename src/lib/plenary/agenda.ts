import * as Y from 'yjs';
import { LIVE } from './live';

/**
 * The agenda of a plenary session, co-planned live in the document `plenary:<sessionId>`.
 * Items live in a Y.Map by id, each a Y.Map of fields with a numeric `position`: moving an item
 * changes positions, so two people reordering at once never duplicate or lose an item (moving
 * an element of a Y.Array means deleting and re-creating it). Everything read from the document
 * is checked here, because any writer's client could have put anything into it.
 */
export const AGENDA_ITEM_TYPES = ['information', 'discussion', 'decision', 'break'] as const;
export type AgendaItemType = (typeof AGENDA_ITEM_TYPES)[number];

export const AGENDA = 'agenda';
export const LIMITS = { title: 200, description: 4000, presenter: 200, maxMinutes: 600, maxItems: 100 } as const;

export interface AgendaItemFields {
	title: string;
	description: string;
	presenter: string;
	durationMinutes: number;
	type: AgendaItemType;
}

export interface AgendaItem extends AgendaItemFields {
	id: string;
	/** "1", "2" … for items; breaks carry no number. */
	number: string | null;
}

export interface ScheduledItem extends AgendaItem {
	plannedStart: Date;
}

function items(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap(AGENDA) as Y.Map<Y.Map<unknown>>;
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

function minutes(value: unknown): number {
	const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 0;
	return Math.min(Math.max(n, 0), LIMITS.maxMinutes);
}

function itemType(value: unknown): AgendaItemType {
	return (AGENDA_ITEM_TYPES as readonly unknown[]).includes(value) ? (value as AgendaItemType) : 'information';
}

/**
 * Deleting an item only marks it (`deletedAt`, `deletedBy`): every screen can then offer to undo
 * it for a while, and a concurrent edit of the same item is kept rather than lost. Marked items
 * are removed for good by a later edit once nobody can undo them any more.
 */
export const UNDO_MS = 10 * 60_000;
export const PURGE_AFTER_MS = 60 * 60_000;

export interface DeletedAgendaItem {
	id: string;
	title: string;
	/** The number it would have again if restored now ("5" for TOP 5); null for a break. */
	number: string | null;
	type: AgendaItemType;
	deletedAt: number;
	deletedBy: string;
}

interface Entry {
	id: string;
	position: number;
	fields: AgendaItemFields;
	deletedAt: number | null;
	deletedBy: string;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Every item of the document, deleted or not, in agenda order, each field checked and clamped. */
function entries(doc: Y.Doc): Entry[] {
	const found: Entry[] = [];
	doc.getMap(AGENDA).forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const position = value.get('position');
		const deletedAt = value.get('deletedAt');
		found.push({
			id,
			position: finite(position) ? position : Number.MAX_SAFE_INTEGER,
			fields: {
				title: text(value.get('title'), LIMITS.title),
				description: text(value.get('description'), LIMITS.description),
				presenter: text(value.get('presenter'), LIMITS.presenter),
				durationMinutes: minutes(value.get('durationMinutes')),
				type: itemType(value.get('type'))
			},
			deletedAt: finite(deletedAt) ? deletedAt : null,
			deletedBy: text(value.get('deletedBy'), LIMITS.presenter)
		});
	});
	return found.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The agenda in order, without deleted items; entries that are not items are skipped. */
export function readAgenda(doc: Y.Doc): AgendaItem[] {
	let number = 0;
	return entries(doc)
		.filter((entry) => entry.deletedAt === null)
		.slice(0, LIMITS.maxItems)
		.map(({ id, fields }) => ({
			id,
			...fields,
			number: fields.type === 'break' ? null : String(++number)
		}));
}

/** Items deleted within the last `UNDO_MS` before `now`, the latest first: what can still be undone. */
export function readDeletedAgenda(doc: Y.Doc, now = Date.now()): DeletedAgendaItem[] {
	const all = entries(doc);
	const deleted: DeletedAgendaItem[] = [];
	let numbered = 0;
	for (const entry of all) {
		const numbers = entry.fields.type !== 'break';
		if (entry.deletedAt === null) {
			if (numbers) numbered++;
			continue;
		}
		if (entry.deletedAt < now - UNDO_MS) continue;
		deleted.push({
			id: entry.id,
			title: entry.fields.title,
			number: numbers ? String(numbered + 1) : null,
			type: entry.fields.type,
			deletedAt: entry.deletedAt,
			deletedBy: entry.deletedBy
		});
	}
	return deleted.sort((a, b) => b.deletedAt - a.deletedAt);
}

/** Planned start of each item: the session's start plus the durations before it. */
export function schedule(items: AgendaItem[], startsAt: Date): ScheduledItem[] {
	let at = startsAt.getTime();
	return items.map((item) => {
		const plannedStart = new Date(at);
		at += item.durationMinutes * 60_000;
		return { ...item, plannedStart };
	});
}

export function plannedEnd(items: AgendaItem[], startsAt: Date): Date {
	return new Date(startsAt.getTime() + items.reduce((sum, item) => sum + item.durationMinutes, 0) * 60_000);
}

function newItemId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return [...bytes]
		.map((b) => b.toString(36).padStart(2, '0'))
		.join('')
		.slice(0, 12);
}

/**
 * Removes for good the items deleted more than `PURGE_AFTER_MS` before `now`, so the document does
 * not keep them forever. Run inside the transaction of a later edit. The margin over `UNDO_MS`
 * leaves room for screens whose clocks run behind: an item one of them still offers to restore is
 * never purged by another.
 */
export function purgeDeletedAgenda(doc: Y.Doc, now = Date.now()): void {
	doc.transact(() => {
		for (const entry of entries(doc)) if (entry.deletedAt !== null && entry.deletedAt < now - PURGE_AFTER_MS) items(doc).delete(entry.id);
	});
}

/** Appends an item at the end of the agenda and returns its id. */
export function addAgendaItem(doc: Y.Doc, fields: AgendaItemFields, now = Date.now()): string {
	const id = newItemId();
	doc.transact(() => {
		purgeDeletedAgenda(doc, now);
		// After every item, deleted ones too: one restored later keeps a place of its own.
		const last = entries(doc).reduce((max, entry) => (entry.position !== Number.MAX_SAFE_INTEGER ? Math.max(max, entry.position) : max), 0);
		const item = new Y.Map<unknown>();
		items(doc).set(id, item);
		item.set('position', last + 1);
		for (const [key, value] of Object.entries(fields)) item.set(key, value);
	});
	return id;
}

export function updateAgendaItem(doc: Y.Doc, id: string, patch: Partial<AgendaItemFields>, now = Date.now()): void {
	const item = items(doc).get(id);
	if (!item) return;
	doc.transact(() => {
		for (const [key, value] of Object.entries(patch)) if (item.get(key) !== value) item.set(key, value);
		purgeDeletedAgenda(doc, now);
	});
}

/** Moves an item one place up (-1) or down (+1) by swapping positions with its neighbour. */
export function moveAgendaItem(doc: Y.Doc, id: string, direction: -1 | 1, now = Date.now()): void {
	const order = readAgenda(doc);
	const index = order.findIndex((item) => item.id === id);
	const other = order[index + direction];
	if (index < 0 || !other) return;
	doc.transact(() => {
		// Positions are renumbered in order first, so equal or missing positions cannot stall a move.
		// Deleted items keep theirs: restored, they come back near where they were.
		order.forEach((item, i) => {
			const map = items(doc).get(item.id)!;
			if (map.get('position') !== i + 1) map.set('position', i + 1);
		});
		items(doc)
			.get(id)!
			.set('position', index + direction + 1);
		items(doc)
			.get(other.id)!
			.set('position', index + 1);
		purgeDeletedAgenda(doc, now);
	});
}

/**
 * Deletes an item so that it can be restored (see `UNDO_MS`): `by` is the name every screen shows
 * with the undo. Deleting the current item ends it too; restoring it makes it current again
 * unless another item has been opened meanwhile.
 */
export function deleteAgendaItem(doc: Y.Doc, id: string, by: string, now = Date.now()): void {
	const item = items(doc).get(id);
	if (!(item instanceof Y.Map) || finite(item.get('deletedAt'))) return;
	doc.transact(() => {
		purgeDeletedAgenda(doc, now);
		item.set('deletedAt', now);
		item.set('deletedBy', by.slice(0, LIMITS.presenter));
		const live = doc.getMap(LIVE);
		if (live.get('currentItemId') === id) {
			const since = live.get('currentSince');
			item.set('wasCurrentSince', finite(since) ? since : now);
			live.set('currentItemId', null);
			live.set('currentSince', null);
		} else if (item.has('wasCurrentSince')) item.delete('wasCurrentSince');
	});
}

/** Brings a deleted item back where it was, with every edit made to it meanwhile. */
export function restoreAgendaItem(doc: Y.Doc, id: string): void {
	const item = items(doc).get(id);
	if (!(item instanceof Y.Map) || !item.has('deletedAt')) return;
	doc.transact(() => {
		item.delete('deletedAt');
		item.delete('deletedBy');
		const since = item.get('wasCurrentSince');
		if (item.has('wasCurrentSince')) item.delete('wasCurrentSince');
		const live = doc.getMap(LIVE);
		if (finite(since) && typeof live.get('currentItemId') !== 'string') {
			live.set('currentItemId', id);
			live.set('currentSince', since);
		}
	});
}

/** Removes an item at once, without undo (deleting is `deleteAgendaItem`). */
export function removeAgendaItem(doc: Y.Doc, id: string): void {
	items(doc).delete(id);
}
