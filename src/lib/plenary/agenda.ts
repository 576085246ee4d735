import * as Y from 'yjs';

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

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

function minutes(value: unknown): number {
	const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 0;
	return Math.min(Math.max(n, 0), LIMITS.maxMinutes);
}

function itemType(value: unknown): AgendaItemType {
	return (AGENDA_ITEM_TYPES as readonly unknown[]).includes(value) ? (value as AgendaItemType) : 'information';
}

/** The agenda in order, each field checked and clamped; entries that are not items are skipped. */
export function readAgenda(doc: Y.Doc): AgendaItem[] {
	const entries: { id: string; position: number; fields: AgendaItemFields }[] = [];
	doc.getMap(AGENDA).forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const position = value.get('position');
		entries.push({
			id,
			position: typeof position === 'number' && Number.isFinite(position) ? position : Number.MAX_SAFE_INTEGER,
			fields: {
				title: text(value.get('title'), LIMITS.title),
				description: text(value.get('description'), LIMITS.description),
				presenter: text(value.get('presenter'), LIMITS.presenter),
				durationMinutes: minutes(value.get('durationMinutes')),
				type: itemType(value.get('type'))
			}
		});
	});
	entries.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	let number = 0;
	return entries.slice(0, LIMITS.maxItems).map(({ id, fields }) => ({
		id,
		...fields,
		number: fields.type === 'break' ? null : String(++number)
	}));
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

function items(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap(AGENDA) as Y.Map<Y.Map<unknown>>;
}

function newItemId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return [...bytes]
		.map((b) => b.toString(36).padStart(2, '0'))
		.join('')
		.slice(0, 12);
}

/** Appends an item at the end of the agenda and returns its id. */
export function addAgendaItem(doc: Y.Doc, fields: AgendaItemFields): string {
	const id = newItemId();
	doc.transact(() => {
		const last = readAgenda(doc).at(-1);
		const lastPosition = last ? (items(doc).get(last.id)?.get('position') as number) : 0;
		const item = new Y.Map<unknown>();
		items(doc).set(id, item);
		item.set('position', (Number.isFinite(lastPosition) ? lastPosition : 0) + 1);
		for (const [key, value] of Object.entries(fields)) item.set(key, value);
	});
	return id;
}

export function updateAgendaItem(doc: Y.Doc, id: string, patch: Partial<AgendaItemFields>): void {
	const item = items(doc).get(id);
	if (!item) return;
	doc.transact(() => {
		for (const [key, value] of Object.entries(patch)) if (item.get(key) !== value) item.set(key, value);
	});
}

/** Moves an item one place up (-1) or down (+1) by swapping positions with its neighbour. */
export function moveAgendaItem(doc: Y.Doc, id: string, direction: -1 | 1): void {
	const order = readAgenda(doc);
	const index = order.findIndex((item) => item.id === id);
	const other = order[index + direction];
	if (index < 0 || !other) return;
	doc.transact(() => {
		// Positions are renumbered in order first, so equal or missing positions cannot stall a move.
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
	});
}

export function removeAgendaItem(doc: Y.Doc, id: string): void {
	items(doc).delete(id);
}
