import { beforeEach, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem, readAgenda } from '../../../src/lib/plenary/agenda';
import { setCurrentItem } from '../../../src/lib/plenary/live';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { forgetProjections, readProjectionOn, readProjectionUnlessBrokenOn, type Projection } from '../../../src/lib/server/collab/documentProjections';
import { plenaryViewOn } from '../../../src/lib/server/queries/plenaryView';
import { startTestServerOn, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import { poisonUpdates } from '../support/poison';

describe.each(DIALECTS)('projections on %s', (dialect) => {
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	beforeEach(() => forgetProjections());

	const item = (title: string) => ({ title, description: '', presenter: '', durationMinutes: 10, type: 'information' as const });
	const newSession = async () => (await planSitting(bed.data, bed.fixture)).session;

	/** A projection that counts how often it really read the document. */
	function countingTitles() {
		const projection: Projection<string[]> & { reads: number } = {
			key: 'test.titles',
			reads: 0,
			read: (doc) => {
				projection.reads++;
				return readAgenda(doc).map((i) => i.title);
			}
		};
		return projection;
	}

	describe('a projection of a document no server holds (read from the store)', () => {
		it('is read once and then shared, until something is stored for the document', async () => {
			const session = await newSession();
			const name = plenaryDoc(session.id);
			await changeDocumentOn(bed.data, name, (doc) => void addAgendaItem(doc, item('Begrüßung')));
			const titles = countingTitles();
			const first = await readProjectionOn(bed.data, name, titles);
			expect(first).toEqual(['Begrüßung']);
			expect(await readProjectionOn(bed.data, name, titles)).toBe(first);
			expect(titles.reads).toBe(1);

			await changeDocumentOn(bed.data, name, (doc) => void addAgendaItem(doc, item('Haushalt')));
			expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Begrüßung', 'Haushalt']);
			expect(titles.reads).toBe(2);
		});

		it('stays right across a compaction (snapshot written, log folded away)', async () => {
			const session = await newSession();
			const name = plenaryDoc(session.id);
			await changeDocumentOn(bed.data, name, (doc) => void addAgendaItem(doc, item('Eins')));
			const titles = countingTitles();
			expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Eins']);
			const store = docStoreOn(bed.data);
			const doc = await store.read(name);
			await store.compact(name, doc);
			doc.destroy();
			expect(await store.logRows(name)).toBe(0);
			expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Eins']);
			await changeDocumentOn(bed.data, name, (d) => void addAgendaItem(d, item('Zwei')));
			expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Eins', 'Zwei']);
		});

		it('is frozen: one request cannot change what the next one reads', async () => {
			const session = await newSession();
			const name = plenaryDoc(session.id);
			await changeDocumentOn(bed.data, name, (doc) => void addAgendaItem(doc, item('Eins')));
			const view = (await plenaryViewOn(bed.data, session.id))!;
			expect(Object.isFrozen(view)).toBe(true);
			expect(Object.isFrozen(view.agenda[0])).toBe(true);
			expect(() => (view.agenda as unknown[]).push('x')).toThrow(TypeError);
			expect((await plenaryViewOn(bed.data, session.id))!.agenda).toHaveLength(1);
		});

		it('keeps documents apart: two sessions, two agendas', async () => {
			const a = await newSession();
			const b = await newSession();
			await changeDocumentOn(bed.data, plenaryDoc(a.id), (doc) => void addAgendaItem(doc, item('Nur in A')));
			await changeDocumentOn(bed.data, plenaryDoc(b.id), (doc) => void addAgendaItem(doc, item('Nur in B')));
			expect((await plenaryViewOn(bed.data, a.id))!.agenda.map((i) => i.title)).toEqual(['Nur in A']);
			expect((await plenaryViewOn(bed.data, b.id))!.agenda.map((i) => i.title)).toEqual(['Nur in B']);
		});

		it('is null for a document that cannot be opened', async () => {
			const session = await newSession();
			const { nested, deleteOuter } = poisonUpdates('agenda');
			await docStoreOn(bed.data).append(new Map([[plenaryDoc(session.id), [nested, deleteOuter]]]));
			expect(await readProjectionUnlessBrokenOn(bed.data, plenaryDoc(session.id), countingTitles())).toBeNull();
			expect(await plenaryViewOn(bed.data, session.id)).toBeNull();
		});
	});

	describe('a projection of a document the server holds (its live copy)', () => {
		it('shows a change at once, before the server stored it, and is shared while nothing changes', async () => {
			const session = await newSession();
			const name = plenaryDoc(session.id);
			const server = await startTestServerOn(bed.data, { unloadGraceMs: 60_000 });
			try {
				await server.docs.change(name, (doc) => void addAgendaItem(doc, item('Begrüßung')));
				const titles = countingTitles();
				const first = await readProjectionOn(bed.data, name, titles);
				expect(await readProjectionOn(bed.data, name, titles)).toBe(first);
				expect(titles.reads).toBe(1);

				let itemId = '';
				const stored = server.docs.change(name, (doc) => (itemId = addAgendaItem(doc, item('Soeben ergänzt'))));
				expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Begrüßung', 'Soeben ergänzt']);
				await stored;
				// A change of another part of the document is a change too.
				const before = (await plenaryViewOn(bed.data, session.id))!;
				expect(before.now.current).toBeNull();
				await server.docs.change(name, (doc) => setCurrentItem(doc, itemId));
				expect((await plenaryViewOn(bed.data, session.id))!.now.current?.title).toBe('Soeben ergänzt');
			} finally {
				await server.stop();
			}
		});

		it('is read from the store again once the server let the document go, with what it stored', async () => {
			const session = await newSession();
			const name = plenaryDoc(session.id);
			const titles = countingTitles();
			await changeDocumentOn(bed.data, name, (doc) => void addAgendaItem(doc, item('Vorher')));
			expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Vorher']);
			const server = await startTestServerOn(bed.data, { unloadGraceMs: 20 });
			try {
				await server.docs.change(name, (doc) => void addAgendaItem(doc, item('Live ergänzt')));
				expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Vorher', 'Live ergänzt']);
				// Let go after the grace (stored and folded first, which takes longer on PostgreSQL).
				await until(async () => (await server.docs.readIfLive(name, () => true)) === null, 5000, 'the document let go');
				expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Vorher', 'Live ergänzt']);
			} finally {
				await server.stop();
			}
			// Without a server, a change stored by a command is seen at once.
			await changeDocumentOn(bed.data, name, (doc) => void addAgendaItem(doc, item('Danach')));
			expect(await readProjectionOn(bed.data, name, titles)).toEqual(['Vorher', 'Live ergänzt', 'Danach']);
		});
	});
});
