import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { groupNotesDoc, minutesDoc, NOTES_TEXT, plenaryDoc } from '../../../src/lib/collab/docNames';
import { recommendationDoc } from '../../../src/lib/collab/recommendationDoc';
import { BODY } from '../../../src/lib/minutes/document';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { registerDocServer, unregisterDocServer, type DocServerBridge } from '../../../src/lib/server/collab/bridge';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { readDocumentOn, readDocumentUnlessBrokenOn } from '../../../src/lib/server/collab/readDocument';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { agreeOnRecommendation } from '../../../src/lib/server/commands/agreeOnRecommendation';
import { submitRecommendation } from '../../../src/lib/server/commands/submitRecommendation';
import { createRecommendation } from '../../../src/lib/server/commands/createRecommendation';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { scheduleRecommendation } from '../../../src/lib/server/commands/scheduleRecommendation';
import { first } from '../../../src/lib/server/db/client';
import { currentMinutes } from '../../../src/lib/server/queries/minutes';
import { sessionForExport } from '../../../src/lib/server/queries/plenaryExport';
import { agendaItemsForScheduling, currentRecommendationTexts, listGroupRecommendations } from '../../../src/lib/server/queries/recommendations';
import { startTestServerOn } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { poisonUpdates } from '../support/poison';
import { planGroupMeeting, planSitting } from '../support/meetings';

describe.each(DIALECTS)('shared documents read on %s', (dialect) => {
	// No document server of the bed's: a test starts its own, or reads with none running.
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	const actor = bed.actor;
	const conferenceId = () => bed.fixture.conferenceA.id;
	const store = () => docStoreOn(bed.data);
	const storedText = async (name: string) => (await store().read(name)).getText(NOTES_TEXT).toString();

	/**
	 * Keeps the server's appends to `name` waiting until the returned function is called, so that
	 * "not stored yet" can still be read after an await. On SQLite nothing is needed: the server
	 * appends at the end of the tick, and reading the store there awaits nothing that lets it end. On
	 * PostgreSQL a read is a round trip, past the tick: the document's lock, held from another handle
	 * (every append takes it first), keeps the append from committing meanwhile.
	 */
	async function appendsWait(name: string): Promise<() => Promise<void>> {
		if (dialect === 'sqlite') return async () => {};
		const other = await bed.another();
		let locked!: () => void;
		let release!: () => void;
		const isLocked = new Promise<void>((resolve) => (locked = resolve));
		const done = docStoreOn(other).atomically(name, async () => {
			locked();
			await new Promise<void>((resolve) => (release = resolve));
		});
		await isLocked;
		return async () => {
			release();
			await done;
		};
	}

	type Server = Awaited<ReturnType<typeof startTestServerOn>>;

	/** Runs `fn` with a document server running in this process, as in production. */
	async function withServer(fn: (server: Server) => Promise<void>) {
		// Documents opened by a test stay in memory for its length.
		const server = await startTestServerOn(bed.data, { unloadGraceMs: 60_000 });
		try {
			await fn(server);
		} finally {
			await server.stop();
		}
	}

	const newSession = async () => (await planSitting(bed.data, bed.fixture)).session;

	/**
	 * Has the server hold these documents, as it does once someone edits them: a change of a held
	 * document is applied at once, and stored at the end of the tick (a document not held is loaded
	 * first, after an await).
	 */
	async function hold(server: Server, ...names: string[]) {
		await Promise.all(names.map((name) => server.docs.change(name, () => {})));
	}

	const decisionItem = (title: string) => ({ title, description: '', presenter: '', durationMinutes: 20, type: 'decision' as const });

	describe('a command reading a shared document', () => {
		it('reads the stored document when no document server runs', async () => {
			expect(await readDocumentOn(bed.data, groupNotesDoc(bed.fixture.group.id), (doc) => doc.getText(NOTES_TEXT).toString())).toBe('');
		});

		it('reads the live copy of a running server, including an edit not stored yet', async () => {
			await withServer(async (server) => {
				const name = groupNotesDoc(bed.fixture.group.id);
				await hold(server, name);
				const release = await appendsWait(name);
				const stored = server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'gerade getippt'));
				// The server stores at the end of the tick; a command deciding now must see the edit anyway.
				expect(await storedText(name)).toBe('');
				expect(await readDocumentOn(bed.data, name, (doc) => doc.getText(NOTES_TEXT).toString())).toBe('gerade getippt');
				await release();
				await stored;
				expect(await storedText(name)).toBe('gerade getippt');
			});
		});

		// The moderator adds an item and opens the vote on it at once: the item is in the live
		// document, and stored only at the end of the tick (the group commit).
		it('opens a poll on an agenda item the document server holds but has not stored yet', async () => {
			const session = await newSession();
			await withServer(async (server) => {
				let itemId = '';
				await hold(server, plenaryDoc(session.id));
				const release = await appendsWait(plenaryDoc(session.id));
				const stored = server.docs.change(plenaryDoc(session.id), (doc) => (itemId = addAgendaItem(doc, decisionItem('Soeben ergänzt'))));
				expect(await store().logRows(plenaryDoc(session.id))).toBe(0);
				// Opening the poll writes to the document too, and waits for that to be stored.
				await release();
				const poll = await openPoll(bed.data, await actor('moderator'), {
					conferenceId: conferenceId(),
					sessionId: session.id,
					agendaItemId: itemId,
					motion: null,
					kind: 'vote',
					secrecy: 'secret',
					confirmNotQuorate: true
				});
				expect(poll.itemTitle).toBe('Soeben ergänzt');
				await stored;
			});
		});

		it('schedules a recommendation on an agenda item not stored yet', async () => {
			const session = await newSession();
			const row = await createRecommendation(bed.data, await actor('groupMember'), {
				conferenceId: conferenceId(),
				groupId: bed.fixture.group.id,
				title: 'Kurzzeitpflege'
			});
			await changeDocumentOn(bed.data, recommendationDoc(row.id), (doc) => {
				for (const field of ['problem', 'proposal', 'responsibleBodies', 'easySummary']) doc.getText(field).insert(0, `Text für ${field}`);
			});
			const ref = { conferenceId: conferenceId(), recommendationId: row.id };
			await agreeOnRecommendation(bed.data, await actor('groupCoordinator'), ref);
			await submitRecommendation(bed.data, await actor('groupCoordinator'), ref);
			await withServer(async (server) => {
				let itemId = '';
				await hold(server, plenaryDoc(session.id));
				const stored = server.docs.change(plenaryDoc(session.id), (doc) => (itemId = addAgendaItem(doc, decisionItem('Empfehlung Kurzzeitpflege'))));
				const scheduled = await scheduleRecommendation(bed.data, await actor('moderator'), { ...ref, sessionId: session.id, agendaItemId: itemId });
				expect(scheduled.agendaItemTitle).toBe('Empfehlung Kurzzeitpflege');
				await stored;
			});
		});
	});

	describe('a page showing a shared document', () => {
		it('reads a document the server does not hold from the store, without loading it there', async () => {
			const meeting = await planGroupMeeting(bed.data, bed.fixture, {
				conferenceId: conferenceId(),
				title: 'Nie geöffnet',
				startsAt: new Date('2026-12-11T13:00:00Z'),
				durationMinutes: 60
			});
			await withServer(async () => {
				expect(await readDocumentOn(bed.data, minutesDoc(meeting.id), (doc) => doc.getXmlFragment(BODY).length)).toBe(0);
				// Past the group commit's tick: loading it would have written what minutes start with (the agenda's sections) to the log.
				await new Promise((resolve) => setTimeout(resolve, 100));
				expect(await store().logRows(minutesDoc(meeting.id))).toBe(0);
			});
		});

		it('shows the agenda, the minutes and a draft as the document server holds them, before they are stored', async () => {
			const session = await newSession();
			const meeting = await planGroupMeeting(bed.data, bed.fixture, { conferenceId: conferenceId() });
			const draft = await createRecommendation(bed.data, await actor('groupMember'), {
				conferenceId: conferenceId(),
				groupId: bed.fixture.group.id,
				title: 'Alter Titel'
			});
			await withServer(async (server) => {
				await hold(server, plenaryDoc(session.id), minutesDoc(meeting.id), recommendationDoc(draft.id));
				const edits = [
					server.docs.change(plenaryDoc(session.id), (doc) => addAgendaItem(doc, decisionItem('Frisch geplant'))),
					// Into the paragraph under the first section, as the editor would type.
					server.docs.change(minutesDoc(meeting.id), (doc) =>
						((doc.getXmlFragment(BODY).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Frisch protokolliert')
					),
					server.docs.change(recommendationDoc(draft.id), (doc) => {
						const title = doc.getText('title');
						title.delete(0, title.length);
						title.insert(0, 'Neuer Titel');
					})
				];
				expect((await sessionForExport(bed.data, conferenceId(), session.id))?.items.map((i) => i.title)).toEqual(['Frisch geplant']);
				expect((await agendaItemsForScheduling(bed.data, conferenceId())).filter((i) => i.sessionId === session.id).map((i) => i.title)).toEqual([
					'Frisch geplant'
				]);
				expect((await currentMinutes(bed.data, meeting.id)).html).toContain('Frisch protokolliert');
				const { recommendations } = bed.data.t;
				const row = first(await bed.data.q.select().from(recommendations).where(eq(recommendations.id, draft.id)))!;
				expect((await currentRecommendationTexts(bed.data, row)).texts.title).toBe('Neuer Titel');
				expect((await listGroupRecommendations(bed.data, bed.fixture.group.id)).find((r) => r.id === draft.id)?.title).toBe('Neuer Titel');
				await Promise.all(edits);
			});
		});

		it('gets null for a document that cannot be opened, with or without a document server', async () => {
			const session = await newSession();
			const name = plenaryDoc(session.id);
			const { nested, deleteOuter } = poisonUpdates('agenda');
			await store().append(new Map([[name, [nested, deleteOuter]]]));
			expect(await readDocumentUnlessBrokenOn(bed.data, name, () => 'opened')).toBeNull();
			expect(await sessionForExport(bed.data, conferenceId(), session.id)).toMatchObject({ items: [], agendaBroken: true });
			await withServer(async () => {
				expect(await readDocumentUnlessBrokenOn(bed.data, name, () => 'opened')).toBeNull();
			});
			expect(await readDocumentUnlessBrokenOn(bed.data, groupNotesDoc(bed.fixture.group.id), () => 'opened')).toBe('opened');
		});
	});

	describe('a document the document server cannot open', () => {
		// In production the document server is bundled apart from the app, with its own copy of
		// BrokenDocument: what it throws is no instance of the app's classes unless recognised.
		const foreign = () => Object.assign(new Error('document_broken'), { name: 'BrokenDocument', [Symbol.for('ratschlag.BrokenDocument')]: true });
		const apart: DocServerBridge = {
			recheck: async () => {},
			change: () => Promise.reject(foreign()),
			readIfLive: () => Promise.reject(foreign())
		};

		it('reaches commands as their own refusal, and pages as null', async () => {
			registerDocServer(apart);
			try {
				const name = groupNotesDoc(bed.fixture.group.id);
				expect(await readDocumentUnlessBrokenOn(bed.data, name, () => 'opened')).toBeNull();
				let thrown: unknown;
				try {
					await readDocumentOn(bed.data, name, () => 'opened');
				} catch (error) {
					thrown = error;
				}
				expect(thrown).toBeInstanceOf(CommandError);
				expect(thrown).toMatchObject({ code: 'document_broken', docName: name });
				await expect(changeDocumentOn(bed.data, name, () => {})).rejects.toBeInstanceOf(CommandError);
				await expect(readDocumentOn(bed.data, name, () => 'opened')).rejects.toMatchObject({ code: 'document_broken', docName: name });
				await expect(readDocumentOn(bed.data, name, () => 'opened')).rejects.toBeInstanceOf(CommandError);
			} finally {
				unregisterDocServer(apart);
			}
		});
	});
});

describe('the one way to read a shared document', () => {
	/** Every file of the app and the document server (tests next to the code read the store as they like). */
	const sourceFiles = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : sourceFiles(path);
			return /\.(ts|js|svelte)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
		});
	// The stores read for readDocument, which reads the live copy or the store.
	const allowed = ['docStore.ts', 'docStoreOn.ts', 'docStorePostgres.ts', 'readDocument.ts'].map((file) => join('src', 'lib', 'server', 'collab', file));

	it('is readDocument: nothing else reads the store or the live copy', () => {
		const files = [...sourceFiles('src'), ...sourceFiles('server')];
		expect(files.length).toBeGreaterThan(100);
		const offenders = files.filter((file) => {
			if (allowed.includes(file)) return false;
			const text = readFileSync(file, 'utf8');
			// A store or the document server's bridge in reach, and a `.read(` on something: the old ways of reading.
			const reaches = /createDocStore|DocStore\b|docServer\(\)/.test(text);
			return (reaches && /\.read\s*[(<]/.test(text)) || /storedForPage/.test(text);
		});
		expect(offenders).toEqual([]);
	});
});
