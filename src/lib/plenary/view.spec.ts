import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, readAgenda, updateAgendaItem } from './agenda';
import { announce, setCurrentItem } from './live';
import { addSpeaker } from './speakers';
import { changedMaps, readView } from './view';

const item = { title: 'Begrüßung', description: '', presenter: '', durationMinutes: 10, type: 'information' as const };

/** What readView gives after the next transaction on `doc`. */
function viewAfter(doc: Y.Doc, change: () => void, agenda = readAgenda(doc)) {
	let view: ReturnType<typeof readView> = {};
	const read = (tr: Y.Transaction) => (view = readView(doc, changedMaps(doc, tr), agenda));
	doc.on('afterTransaction', read);
	change();
	doc.off('afterTransaction', read);
	return view;
}

describe('reading a session document after a change', () => {
	it('reads everything when asked without a change', () => {
		const doc = new Y.Doc();
		const id = addAgendaItem(doc, item);
		setCurrentItem(doc, id, 1_000);
		const view = readView(doc);
		expect(view.agenda?.map((i) => i.title)).toEqual(['Begrüßung']);
		expect(view.now?.current?.id).toBe(id);
		expect(view.speakers?.queue).toEqual([]);
		expect(view.poll).toBeNull();
	});

	it('an announcement reads only what is happening now and the speakers, with the agenda it had', () => {
		const doc = new Y.Doc();
		const id = addAgendaItem(doc, item);
		const view = viewAfter(doc, () => announce(doc, 'Wir beginnen in fünf Minuten.'));
		expect(Object.keys(view).sort()).toEqual(['now', 'speakers']);
		expect(view.now?.announcement).toBe('Wir beginnen in fünf Minuten.');
		// The current item is found in the agenda passed in.
		const current = viewAfter(doc, () => setCurrentItem(doc, id, 2_000));
		expect(current.now?.current?.title).toBe('Begrüßung');
	});

	it('a renamed item reaches both the agenda and the current item', () => {
		const doc = new Y.Doc();
		const id = addAgendaItem(doc, item);
		setCurrentItem(doc, id, 1_000);
		const view = viewAfter(doc, () => updateAgendaItem(doc, id, { title: 'Begrüßung und Beschlussfähigkeit' }));
		expect(Object.keys(view).sort()).toEqual(['agenda', 'now']);
		expect(view.agenda?.[0].title).toBe('Begrüßung und Beschlussfähigkeit');
		expect(view.now?.current?.title).toBe('Begrüßung und Beschlussfähigkeit');
	});

	it('a request to speak reads only the speakers', () => {
		const doc = new Y.Doc();
		const view = viewAfter(doc, () => addSpeaker(doc, { personId: 'p1', name: 'Jens Hoffmann' }));
		expect(Object.keys(view)).toEqual(['speakers']);
		expect(view.speakers?.queue.map((s) => s.name)).toEqual(['Jens Hoffmann']);
	});
});
