import { plenaryDoc } from '../../collab/docNames';
import { readAgenda } from '../../plenary/agenda';
import { readSpeechLog, speechesByItem, type ItemSpeeches } from '../../plenary/speechLog';
import { readDocumentUnlessBrokenOn } from '../collab/readDocument';
import type { Data } from '../db/client';

export interface ItemSpeechRecord extends ItemSpeeches {
	/** The item as the agenda names it now; null for speeches made while no item was current, or for a removed item. */
	item: { number: string | null; title: string } | null;
}

/**
 * Who spoke on which item of a sitting and for how long, for its record (the printable page):
 * per item in agenda order, with its counts. Null when the document cannot be opened (the page
 * says so once, at the agenda).
 */
export function speechRecord(data: Data, sessionId: string): Promise<ItemSpeechRecord[] | null> {
	return readDocumentUnlessBrokenOn(data, plenaryDoc(sessionId), (doc) => {
		const agenda = readAgenda(doc);
		const byId = new Map(agenda.map((item) => [item.id, item]));
		return speechesByItem(
			readSpeechLog(doc),
			agenda.map((item) => item.id)
		).map((group) => {
			const item = group.itemId === null ? undefined : byId.get(group.itemId);
			return { ...group, item: item ? { number: item.number, title: item.title } : null };
		});
	});
}
