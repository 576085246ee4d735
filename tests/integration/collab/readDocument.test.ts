import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupNotesDoc, minutesDoc, NOTES_TEXT, plenaryDoc } from '../../../src/lib/collab/docNames';
import { recommendationDoc } from '../../../src/lib/collab/recommendationDoc';
import { BODY } from '../../../src/lib/minutes/document';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { registerDocServer, unregisterDocServer, type DocServerBridge } from '../../../src/lib/server/collab/bridge';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { readDocumentOn, readDocumentUnlessBrokenOn } from '../../../src/lib/server/collab/readDocument';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { agreeOnRecommendation } from '../../../src/lib/server/commands/agreeOnRecommendation';
import { submitRecommendation } from '../../../src/lib/server/commands/submitRecommendation';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { createRecommendation } from '../../../src/lib/server/commands/createRecommendation';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { scheduleRecommendation } from '../../../src/lib/server/commands/scheduleRecommendation';
import { sqliteData } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import { currentMinutes } from '../../../src/lib/server/queries/minutes';
import { sessionForExport } from '../../../src/lib/server/queries/plenaryExport';
import { agendaItemsForScheduling, currentRecommendationTexts, listGroupRecommendations } from '../../../src/lib/server/queries/recommendations';
import { recommendations } from '../../../src/lib/server/db/schema';
import { startTestServer } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';
import { poisonUpdates } from '../support/poison';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

const actor = (who: Exclude<ActorName, 'anonymous'>) => loadActorOn(sqliteData(db.$client), fixture.ids[who]);
const conferenceId = () => fixture.conferenceA.id;

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** Runs `fn` with a document server running in this process, as in production. */
async function withServer(fn: (server: Server) => Promise<void>) {
	// Documents opened by a test stay in memory for its length.
	const server = await startTestServer(db, { unloadGraceMs: 60_000 });
	try {
		await fn(server);
	} finally {
		await server.stop();
	}
}

async function newSession() {
	return await createPlenarySession(sqliteData(db.$client), await actor('office'), {
		conferenceId: conferenceId(),
		title: 'Plenum',
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null
	});
}

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
		expect(await readDocumentOn(sqliteData(db.$client), groupNotesDoc(fixture.group.id), (doc) => doc.getText(NOTES_TEXT).toString())).toBe('');
	});

	it('reads the live copy of a running server, including an edit not stored yet', async () => {
		await withServer(async (server) => {
			const name = groupNotesDoc(fixture.group.id);
			await hold(server, name);
			const stored = server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'gerade getippt'));
			// The server stores at the end of the tick; a command deciding now must see the edit anyway.
			expect(createDocStore(db).read(name).getText(NOTES_TEXT).toString()).toBe('');
			expect(await readDocumentOn(sqliteData(db.$client), name, (doc) => doc.getText(NOTES_TEXT).toString())).toBe('gerade getippt');
			await stored;
			expect(createDocStore(db).read(name).getText(NOTES_TEXT).toString()).toBe('gerade getippt');
		});
	});

	// The moderator adds an item and opens the vote on it at once: the item is in the live
	// document, and stored only at the end of the tick (the group commit).
	it('opens a poll on an agenda item the document server holds but has not stored yet', async () => {
		const session = await newSession();
		await withServer(async (server) => {
			let itemId = '';
			await hold(server, plenaryDoc(session.id));
			const stored = server.docs.change(plenaryDoc(session.id), (doc) => (itemId = addAgendaItem(doc, decisionItem('Soeben ergänzt'))));
			expect(createDocStore(db).logRows(plenaryDoc(session.id))).toBe(0);
			const poll = await openPoll(sqliteData(db.$client), await actor('moderator'), {
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
		const row = await createRecommendation(sqliteData(db.$client), await actor('groupMember'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			title: 'Kurzzeitpflege'
		});
		await changeDocumentOn(sqliteData(db.$client), recommendationDoc(row.id), (doc) => {
			for (const field of ['problem', 'proposal', 'responsibleBodies', 'easySummary']) doc.getText(field).insert(0, `Text für ${field}`);
		});
		const ref = { conferenceId: conferenceId(), recommendationId: row.id };
		await agreeOnRecommendation(sqliteData(db.$client), await actor('groupCoordinator'), ref);
		await submitRecommendation(sqliteData(db.$client), await actor('groupCoordinator'), ref);
		await withServer(async (server) => {
			let itemId = '';
			await hold(server, plenaryDoc(session.id));
			const stored = server.docs.change(plenaryDoc(session.id), (doc) => (itemId = addAgendaItem(doc, decisionItem('Empfehlung Kurzzeitpflege'))));
			const scheduled = await scheduleRecommendation(sqliteData(db.$client), await actor('moderator'), { ...ref, sessionId: session.id, agendaItemId: itemId });
			expect(scheduled.agendaItemTitle).toBe('Empfehlung Kurzzeitpflege');
			await stored;
		});
	});
});

describe('a page showing a shared document', () => {
	it('reads a document the server does not hold from the store, without loading it there', async () => {
		const meeting = await createGroupMeeting(sqliteData(db.$client), await actor('groupCoordinator'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			title: 'Nie geöffnet',
			startsAt: new Date('2026-12-11T13:00:00Z'),
			durationMinutes: 60,
			place: 'Raum 2.14',
			videoUrl: null,
			agenda: ['Bericht'],
			moderatorPersonId: fixture.ids.groupModerator,
			minuteTakerPersonId: fixture.ids.minuteTaker
		});
		await withServer(async () => {
			expect(await readDocumentOn(sqliteData(db.$client), minutesDoc(meeting.id), (doc) => doc.getXmlFragment(BODY).length)).toBe(0);
			// Past the group commit's tick: loading it would have written what minutes start with (the agenda's sections) to the log.
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(createDocStore(db).logRows(minutesDoc(meeting.id))).toBe(0);
		});
	});

	it('shows the agenda, the minutes and a draft as the document server holds them, before they are stored', async () => {
		const session = await newSession();
		const meeting = await createGroupMeeting(sqliteData(db.$client), await actor('groupCoordinator'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			title: 'Sitzung',
			startsAt: new Date('2026-12-10T13:00:00Z'),
			durationMinutes: 90,
			place: 'Raum 2.14',
			videoUrl: null,
			agenda: ['Bericht'],
			moderatorPersonId: fixture.ids.groupModerator,
			minuteTakerPersonId: fixture.ids.minuteTaker
		});
		const draft = await createRecommendation(sqliteData(db.$client), await actor('groupMember'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
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
			expect((await sessionForExport(sqliteData(db.$client), conferenceId(), session.id))?.items.map((i) => i.title)).toEqual(['Frisch geplant']);
			expect((await agendaItemsForScheduling(sqliteData(db.$client), conferenceId())).filter((i) => i.sessionId === session.id).map((i) => i.title)).toEqual([
				'Frisch geplant'
			]);
			expect((await currentMinutes(sqliteData(db.$client), meeting.id)).html).toContain('Frisch protokolliert');
			const row = db.select().from(recommendations).where(eq(recommendations.id, draft.id)).get()!;
			expect((await currentRecommendationTexts(sqliteData(db.$client), row)).texts.title).toBe('Neuer Titel');
			expect((await listGroupRecommendations(sqliteData(db.$client), fixture.group.id)).find((r) => r.id === draft.id)?.title).toBe('Neuer Titel');
			await Promise.all(edits);
		});
	});

	it('gets null for a document that cannot be opened, with or without a document server', async () => {
		const session = await newSession();
		const name = plenaryDoc(session.id);
		const { nested, deleteOuter } = poisonUpdates('agenda');
		createDocStore(db).append(new Map([[name, [nested, deleteOuter]]]));
		expect(await readDocumentUnlessBrokenOn(sqliteData(db.$client), name, () => 'opened')).toBeNull();
		expect(await sessionForExport(sqliteData(db.$client), conferenceId(), session.id)).toMatchObject({ items: [], agendaBroken: true });
		await withServer(async () => {
			expect(await readDocumentUnlessBrokenOn(sqliteData(db.$client), name, () => 'opened')).toBeNull();
		});
		expect(await readDocumentUnlessBrokenOn(sqliteData(db.$client), groupNotesDoc(fixture.group.id), () => 'opened')).toBe('opened');
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
			const name = groupNotesDoc(fixture.group.id);
			expect(await readDocumentUnlessBrokenOn(sqliteData(db.$client), name, () => 'opened')).toBeNull();
			let thrown: unknown;
			try {
				await readDocumentOn(sqliteData(db.$client), name, () => 'opened');
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(CommandError);
			expect(thrown).toMatchObject({ code: 'document_broken', docName: name });
			await expect(changeDocumentOn(sqliteData(db.$client), name, () => {})).rejects.toBeInstanceOf(CommandError);
			await expect(readDocumentOn(sqliteData(db.$client), name, () => 'opened')).rejects.toMatchObject({ code: 'document_broken', docName: name });
			await expect(readDocumentOn(sqliteData(db.$client), name, () => 'opened')).rejects.toBeInstanceOf(CommandError);
		} finally {
			unregisterDocServer(apart);
		}
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
