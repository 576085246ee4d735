import { desc, eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { minutesDoc, sittingMinutesDoc } from '../../../src/lib/collab/docNames';
import { recommendationDoc } from '../../../src/lib/collab/recommendationDoc';
import { BODY } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { docServer, registerDocServer, unregisterDocServer, type DocServerBridge } from '../../../src/lib/server/collab/bridge';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { agreeOnRecommendation } from '../../../src/lib/server/commands/agreeOnRecommendation';
import { assignSittingMinuteTaker } from '../../../src/lib/server/commands/assignSittingMinuteTaker';
import { circulateMinutes } from '../../../src/lib/server/commands/circulateMinutes';
import { circulateSittingMinutes } from '../../../src/lib/server/commands/circulateSittingMinutes';
import { createRecommendation } from '../../../src/lib/server/commands/createRecommendation';
import { holdRecommendation } from '../../../src/lib/server/commands/support/recommendationGuards';
import { restoreMinutesVersion } from '../../../src/lib/server/commands/restoreMinutesVersion';
import { saveMinutesVersion } from '../../../src/lib/server/commands/saveMinutesVersion';
import type { Data, Query } from '../../../src/lib/server/db/client';
import { holdMinutes } from '../../../src/lib/server/minutes/state';
import { holdSittingMinutes } from '../../../src/lib/server/sittingMinutes/state';
import { collabTestBedOn } from '../support/collabBedOn';
import { connect, until } from '../support/collab';
import { DIALECTS } from '../support/data';
import type { ActorName } from '../support/fixture';
import { planGroupMeeting, planSitting } from '../support/meetings';

type Who = Exclude<ActorName, 'anonymous'>;
type Hold = (data: Data, tx: Query) => Promise<void>;

/** Types at the end of the paragraph under the n-th section, as the editor would. */
function typeInto(doc: Y.Doc, block: number, text: string) {
	const paragraph = doc.getXmlFragment(BODY).get(block) as Y.XmlElement;
	const xmlText = paragraph.get(0) as Y.XmlText;
	xmlText.insert(xmlText.length, text);
}

/**
 * The document server as commands reach it, watched: how often a command asked for a document's
 * live copy, and, once, something done right after a read of it returned (before the command goes
 * on). It stands in the process-wide slot beside the server; the server still serves the clients.
 */
function watchLiveReads(docName: string) {
	const real = docServer() as DocServerBridge;
	let next: (() => void | Promise<void>) | undefined;
	const watch = {
		reads: 0,
		/** Runs once, right after the next read of the document returned and before the reader goes on. */
		afterNextRead(fn: () => void | Promise<void>) {
			next = fn;
		},
		stop: () => unregisterDocServer(bridge)
	};
	const bridge: DocServerBridge = {
		// The server itself stays registered and is asked on its own.
		recheck: async () => {},
		change: (name, fn) => real.change(name, fn),
		async readIfLive(name, fn, options) {
			const read = await real.readIfLive(name, fn, options);
			if (name === docName) {
				watch.reads++;
				const then = next;
				next = undefined;
				await then?.();
			}
			return read;
		}
	};
	registerDocServer(bridge);
	return watch;
}

describe.each(DIALECTS)('a step that stores a shared document, on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	const watches: { stop(): void }[] = [];
	afterEach(() => {
		for (const watch of watches.splice(0)) watch.stop();
	});

	const actor = (who: Who) => bed.actor(who);
	const live = (docName: string) => bed.server.docs.readIfLive(docName, (doc) => bodyHtml(doc));

	async function editor(who: Who, docName: string, sections: number) {
		const client = bed.track(connect(bed.server.url, docName, await bed.cookie(who), { origin: bed.server.origin }));
		await client.synced();
		await until(() => client.doc.getXmlFragment(BODY).length >= sections, 5000, 'the sections');
		return client;
	}

	async function newMeeting() {
		const meeting = await planGroupMeeting(bed.data, bed.fixture);
		const where = { conferenceId: bed.fixture.conferenceA.id, groupId: bed.fixture.group.id, meetingId: meeting.id };
		const taker = await editor('minuteTaker', minutesDoc(meeting.id), 2);
		typeInto(taker.doc, 1, 'Die AG hat beraten.');
		await until(async () => (await live(minutesDoc(meeting.id)))?.value.includes('beraten') ?? false, 5000, 'the first sentence');
		return { where, taker, docName: minutesDoc(meeting.id) };
	}

	/**
	 * Holds the row every writer of the minutes takes (on PostgreSQL from a second handle, as
	 * another instance would; on SQLite a transaction holding the one connection) until `release`.
	 * `held` resolves once it holds it.
	 */
	function holding(hold: Hold, data: Data) {
		let release!: () => void;
		let held!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const isHeld = new Promise<void>((resolve) => (held = resolve));
		const done = data.transaction(async (tx) => {
			await hold(data, tx);
			held();
			await released;
		});
		return { held: isHeld, release, done };
	}

	/**
	 * Runs `step` so that an edit lands between its read of the document and its commit: the row
	 * is held before its transaction can begin (on SQLite: taken right after the read, so the
	 * step's transaction queues behind it), the minute-taker types while it waits, and the row is
	 * let go once the document server holds the edit.
	 */
	async function withEditBeforeCommit<T>(
		docName: string,
		hold: Hold,
		type: () => void,
		step: () => Promise<T>,
		landed: (doc: Y.Doc) => boolean = (doc) => bodyHtml(doc).includes('Nachtrag')
	): Promise<{ result: T; reads: number }> {
		const watch = watchLiveReads(docName);
		watches.push(watch);
		let held: ReturnType<typeof holding> | undefined;
		const read = new Promise<void>((resolve) =>
			watch.afterNextRead(() => {
				if (bed.dialect === 'sqlite') held = holding(hold, bed.data);
				resolve();
			})
		);
		if (bed.dialect === 'postgres') held = holding(hold, await bed.another());
		await held?.held;
		const stepping = step();
		await read;
		await held?.held;
		type();
		await until(async () => (await bed.server.docs.readIfLive(docName, landed))?.value ?? false, 5000, 'the edit in the live copy');
		held?.release();
		await held?.done;
		const result = await stepping;
		return { result, reads: watch.reads };
	}

	const storedVersion = async (id: string) => (await bed.data.q.select().from(bed.data.t.minutesVersions).where(eq(bed.data.t.minutesVersions.id, id)))[0];

	it('circulates the minutes with an edit typed between the read and the commit, reading them once more', async () => {
		const { where, taker, docName } = await newMeeting();
		const { result, reads } = await withEditBeforeCommit(
			docName,
			(data, tx) => holdMinutes(data, tx, where.meetingId),
			() => typeInto(taker.doc, 1, ' Nachtrag zum Bericht.'),
			async () => circulateMinutes(bed.data, await actor('minuteTaker'), { ...where, notify: false })
		);
		const version = await storedVersion(result.id);
		expect(version.html).toContain('Nachtrag zum Bericht.');
		expect(version.status).toBe('circulated');
		// Each attempt reads the live copy and checks it at the commit: the first found it moved.
		expect(reads).toBe(4);
	});

	it('saves a version without a sentence deleted between the read and the commit (a deletion moves no clock)', async () => {
		const { where, taker, docName } = await newMeeting();
		const { result } = await withEditBeforeCommit(
			docName,
			(data, tx) => holdMinutes(data, tx, where.meetingId),
			() => {
				const text = (taker.doc.getXmlFragment(BODY).get(1) as Y.XmlElement).get(0) as Y.XmlText;
				text.delete(0, text.length);
			},
			async () => saveMinutesVersion(bed.data, await actor('groupMember'), where),
			(doc) => !bodyHtml(doc).includes('beraten')
		);
		expect((await storedVersion(result.id)).html).not.toContain('Die AG hat beraten.');
	});

	it('agrees on a recommendation with an edit typed between the read and the commit: the frozen text has it', async () => {
		const conferenceId = bed.fixture.conferenceA.id;
		const row = await createRecommendation(bed.data, await actor('groupMember'), {
			conferenceId,
			groupId: bed.fixture.group.id,
			title: 'Kurzzeitpflege im Landkreis'
		});
		const docName = recommendationDoc(row.id);
		const writer = bed.track(connect(bed.server.url, docName, await bed.cookie('groupMember'), { origin: bed.server.origin }));
		await writer.synced();
		const texts = {
			problem: 'Es gibt zu wenige Plätze.',
			proposal: 'Der Landkreis schafft 20 Plätze.',
			responsibleBodies: 'Kreistag',
			easySummary: 'Mehr Plätze.'
		};
		for (const [field, text] of Object.entries(texts)) writer.doc.getText(field).insert(0, text);
		await until(async () => (await bed.server.docs.readIfLive(docName, (doc) => doc.getText('easySummary').length > 0))?.value ?? false, 5000, 'the texts');
		const { result } = await withEditBeforeCommit(
			docName,
			async (data, tx) => void (await holdRecommendation(data, tx, conferenceId, row.id)),
			() => writer.doc.getText('proposal').insert(texts.proposal.length, ' Nachtrag: bis 2028.'),
			async () => agreeOnRecommendation(bed.data, await actor('groupCoordinator'), { conferenceId, recommendationId: row.id }),
			(doc) => doc.getText('proposal').toString().includes('Nachtrag')
		);
		expect(result.proposal).toBe('Der Landkreis schafft 20 Plätze. Nachtrag: bis 2028.');
		const [stored] = await bed.data.q.select().from(bed.data.t.recommendations).where(eq(bed.data.t.recommendations.id, row.id));
		expect(stored).toMatchObject({ status: 'agreed', proposal: 'Der Landkreis schafft 20 Plätze. Nachtrag: bis 2028.' });
	});

	it('circulates unchanged minutes in one attempt', async () => {
		const { where, docName } = await newMeeting();
		const watch = watchLiveReads(docName);
		watches.push(watch);
		const version = await circulateMinutes(bed.data, await actor('minuteTaker'), { ...where, notify: false });
		expect((await storedVersion(version.id)).html).toContain('Die AG hat beraten.');
		// The read, and the check at the commit.
		expect(watch.reads).toBe(2);
	});

	it('saves a version with an edit typed between the read and the commit', async () => {
		const { where, taker, docName } = await newMeeting();
		const { result } = await withEditBeforeCommit(
			docName,
			(data, tx) => holdMinutes(data, tx, where.meetingId),
			() => typeInto(taker.doc, 1, ' Nachtrag zum Bericht.'),
			async () => saveMinutesVersion(bed.data, await actor('groupMember'), where)
		);
		expect((await storedVersion(result.id)).html).toContain('Nachtrag zum Bericht.');
	});

	it('keeps an edit typed between the read and the commit in the version kept before a restore', async () => {
		const { where, taker, docName } = await newMeeting();
		const first = await saveMinutesVersion(bed.data, await actor('groupMember'), where);
		const { result } = await withEditBeforeCommit(
			docName,
			(data, tx) => holdMinutes(data, tx, where.meetingId),
			() => typeInto(taker.doc, 1, ' Nachtrag zum Bericht.'),
			async () => restoreMinutesVersion(bed.data, await actor('minuteTaker'), { ...where, versionId: first.id })
		);
		const { minutesVersions } = bed.data.t;
		const versions = await bed.data.q
			.select()
			.from(minutesVersions)
			.where(eq(minutesVersions.meetingId, where.meetingId))
			.orderBy(desc(minutesVersions.number));
		const kept = versions.find((v) => v.reason === 'before_restore');
		expect(kept?.html).toContain('Nachtrag zum Bericht.');
		expect(result.restoredFrom).toBe(first.number);
		await until(async () => !((await live(docName))?.value.includes('Nachtrag') ?? true), 5000, 'the restored text');
	});

	it('refuses as document_busy when the minutes move during every attempt, and stores nothing', async () => {
		const { where, docName } = await newMeeting();
		const watch = watchLiveReads(docName);
		watches.push(watch);
		// Someone types right after every read of the command: each attempt's check finds the text moved.
		const typeAfterEachRead = () =>
			watch.afterNextRead(async () => {
				if (watch.reads % 2 === 1) await changeDocumentOn(bed.data, docName, (doc) => typeInto(doc, 1, '.'));
				typeAfterEachRead();
			});
		typeAfterEachRead();
		await expect(circulateMinutes(bed.data, await actor('minuteTaker'), { ...where, notify: false })).rejects.toMatchObject({
			code: 'document_busy'
		});
		watch.afterNextRead(() => {});
		const { meetingMinutes, minutesVersions } = bed.data.t;
		expect(await bed.data.q.select().from(minutesVersions).where(eq(minutesVersions.meetingId, where.meetingId))).toEqual([]);
		expect((await bed.data.q.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, where.meetingId)))[0]?.status ?? 'draft').toBe('draft');
	});

	it('circulates the sitting minutes with an edit typed between the read and the commit', async () => {
		const { session, subject: where } = await planSitting(bed.data, bed.fixture, {
			title: 'Plenum Dezember',
			agenda: [{ title: 'Begrüßung', durationMinutes: 10, type: 'information' }]
		});
		await assignSittingMinuteTaker(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids.minuteTaker });
		const docName = sittingMinutesDoc(session.id);
		const taker = await editor('minuteTaker', docName, 2);
		const { result } = await withEditBeforeCommit(
			docName,
			(data, tx) => holdSittingMinutes(data, tx, session.id),
			() => typeInto(taker.doc, 1, ' Nachtrag zur Begrüßung.'),
			async () => circulateSittingMinutes(bed.data, await actor('minuteTaker'), where)
		);
		const { sittingMinutesVersions } = bed.data.t;
		const [version] = await bed.data.q.select().from(sittingMinutesVersions).where(eq(sittingMinutesVersions.id, result.version.id));
		expect(version.html).toContain('Nachtrag zur Begrüßung.');
	});
});
