import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { sqliteData } from '../../../src/lib/server/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutesDoc } from '../../../src/lib/collab/docNames';
import { BODY, addDecision, readDecisions, readStatus } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { approveMinutes } from '../../../src/lib/server/commands/approveMinutes';
import { circulateMinutes } from '../../../src/lib/server/commands/circulateMinutes';
import { returnMinutesToDraft } from '../../../src/lib/server/commands/returnMinutesToDraft';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { restoreMinutesVersion } from '../../../src/lib/server/commands/restoreMinutesVersion';
import { saveMinutesVersion } from '../../../src/lib/server/commands/saveMinutesVersion';
import { auditLog, meetingMinutes, minutesVersions } from '../../../src/lib/server/db/schema';
import { loadActorOn } from '../../../src/lib/server/policies';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
const open: { close(): void }[] = [];

beforeAll(async () => {
	fixture = await buildFixture(db);
	server = await startTestServer(db);
});
afterAll(async () => {
	for (const client of open) client.close();
	await server.stop();
	storage.cleanup();
});

type Who = Exclude<ActorName, 'anonymous'>;
const actor = (who: Who) => loadActorOn(sqliteData(db.$client), fixture.ids[who]);

async function newMeeting(agenda = ['Begrüßung', 'Kurzzeitpflege im Landkreis']) {
	return await createGroupMeeting(sqliteData(db.$client), await actor('groupCoordinator'), {
		conferenceId: fixture.conferenceA.id,
		groupId: fixture.group.id,
		title: 'Sitzung',
		startsAt: new Date('2026-12-10T13:00:00Z'),
		durationMinutes: 90,
		place: 'Raum 2.14',
		videoUrl: null,
		agenda,
		moderatorPersonId: fixture.ids.groupModerator,
		minuteTakerPersonId: fixture.ids.minuteTaker
	});
}

async function client(who: Who, meetingId: string) {
	const c = connect(server.url, minutesDoc(meetingId), await sessionCookie(db, fixture.ids[who]), { origin: server.origin });
	open.push(c);
	return c;
}

/** Types into the paragraph under the n-th section, as the editor would. */
function typeInto(doc: Y.Doc, block: number, text: string) {
	const paragraph = doc.getXmlFragment(BODY).get(block) as Y.XmlElement;
	const xmlText = paragraph.get(0) as Y.XmlText;
	xmlText.insert(xmlText.length, text);
}

const where = (meetingId: string) => ({ conferenceId: fixture.conferenceA.id, groupId: fixture.group.id, meetingId });
const storedHtml = (meetingId: string) => bodyHtml(createDocStore(db).read(minutesDoc(meetingId)));

/** The HTTP answer to opening the document: 101 when let in, 403 when refused before the upgrade. */
async function upgradeStatus(meetingId: string, who: Who): Promise<number> {
	const cookie = await sessionCookie(db, fixture.ids[who]);
	return new Promise((resolve) => {
		const ws = new WebSocket(`${server.url}/${minutesDoc(meetingId)}`, { headers: { cookie, origin: server.origin } });
		ws.on('upgrade', () => {
			resolve(101);
			ws.close();
		});
		ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		ws.on('error', () => {});
	});
}

describe('minutes of a meeting, live', () => {
	it('start with a section per agenda point, written once by the server', async () => {
		const meeting = await newMeeting();
		const a = await client('minuteTaker', meeting.id);
		const b = await client('groupMember', meeting.id);
		await Promise.all([a.synced(), b.synced()]);
		await until(() => b.doc.getXmlFragment(BODY).length === 4, 5000, 'sections');
		expect(bodyHtml(b.doc)).toBe('<h3>1. Begrüßung</h3><p></p><h3>2. Kurzzeitpflege im Landkreis</h3><p></p>');
		expect(readStatus(a.doc)).toBe('draft');
	});

	it('are written by the group’s members together and kept in SQLite as they type', async () => {
		const meeting = await newMeeting();
		const a = await client('minuteTaker', meeting.id);
		const b = await client('groupMember', meeting.id);
		await Promise.all([a.synced(), b.synced()]);
		await until(() => a.doc.getXmlFragment(BODY).length === 4 && b.doc.getXmlFragment(BODY).length === 4);
		typeInto(a.doc, 1, 'Frau Yilmaz begrüßt alle.');
		typeInto(b.doc, 3, 'Die Wartezeit beträgt 6 Wochen.');
		await until(() => bodyHtml(a.doc).includes('6 Wochen') && bodyHtml(b.doc).includes('begrüßt'), 5000, 'both edits on both sides');
		expect(bodyHtml(a.doc)).toBe(bodyHtml(b.doc));
		await until(() => storedHtml(meeting.id) === bodyHtml(a.doc), 5000, 'stored');
	});

	it('are closed to conference members outside the group until approved; the office reads them', async () => {
		const meeting = await newMeeting();
		expect(await upgradeStatus(meeting.id, 'votingMember')).toBe(403);
		expect(await upgradeStatus(meeting.id, 'groupMember')).toBe(101);
		const office = await client('office', meeting.id);
		await office.synced();
		await until(() => office.doc.getXmlFragment(BODY).length === 4);
		typeInto(office.doc, 1, 'Nicht erlaubt');
		await new Promise((r) => setTimeout(r, 200));
		expect(storedHtml(meeting.id)).not.toContain('Nicht erlaubt');
	});

	it('go round, are approved by the coordination and then locked, with the live text as their record', async () => {
		const meeting = await newMeeting(['Bericht']);
		const taker = await client('minuteTaker', meeting.id);
		await taker.synced();
		await until(() => taker.doc.getXmlFragment(BODY).length === 2);
		typeInto(taker.doc, 1, 'Die AG hat beraten.');
		addDecision(taker.doc, { text: 'Die AG empfiehlt mehr Plätze.', point: 1 });
		await until(() => storedHtml(meeting.id).includes('beraten'));

		// Approval needs the minutes to have gone round first, and the coordination.
		await expect(approveMinutes(sqliteData(db.$client), await actor('groupCoordinator'), where(meeting.id))).rejects.toMatchObject({
			code: 'minutes_wrong_status'
		});
		const circulated = await circulateMinutes(sqliteData(db.$client), await actor('minuteTaker'), where(meeting.id));
		expect(circulated.number).toBe(1);
		await until(() => readStatus(taker.doc) === 'circulated', 5000, 'status reached the editor');
		await expect(approveMinutes(sqliteData(db.$client), await actor('minuteTaker'), where(meeting.id))).rejects.toMatchObject({ status: 403 });

		typeInto(taker.doc, 1, ' Korrektur nach Durchsicht.');
		await until(() => storedHtml(meeting.id).includes('Korrektur'));
		const approved = await approveMinutes(sqliteData(db.$client), await actor('groupCoordinator'), where(meeting.id));
		await until(() => readStatus(taker.doc) === 'approved', 5000, 'approval reached the editor');

		const record = db.select().from(minutesVersions).where(eq(minutesVersions.id, approved.id)).get()!;
		expect(record.status).toBe('approved');
		expect(record.html).toContain('Die AG hat beraten. Korrektur nach Durchsicht.');
		expect(record.html).toContain('<h3>Beschlüsse</h3><ol><li>Die AG empfiehlt mehr Plätze. <span class="point">(Tagesordnungspunkt 1)</span></li></ol>');
		const row = db.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meeting.id)).get()!;
		expect(row.approvedByPersonId).toBe(fixture.ids.groupCoordinator);

		// Locked: what the minute-taker types now is not stored, and nothing moves the status back.
		typeInto(taker.doc, 1, ' Nachträglich.');
		await new Promise((r) => setTimeout(r, 300));
		expect(storedHtml(meeting.id)).not.toContain('Nachträglich');
		await expect(returnMinutesToDraft(sqliteData(db.$client), await actor('groupCoordinator'), where(meeting.id))).rejects.toBeInstanceOf(CommandError);
		await expect(saveMinutesVersion(sqliteData(db.$client), await actor('minuteTaker'), where(meeting.id))).rejects.toMatchObject({ status: 403 });

		// Now the whole conference reads them.
		expect(await upgradeStatus(meeting.id, 'votingMember')).toBe(101);
		const reader = await client('votingMember', meeting.id);
		await reader.synced();
		await until(() => bodyHtml(reader.doc).includes('Korrektur'));
		expect(
			db
				.select()
				.from(auditLog)
				.where(eq(auditLog.subjectId, meeting.id))
				.all()
				.map((a) => a.action)
		).toEqual(expect.arrayContaining(['minutes.circulate', 'minutes.approve']));
	});

	it('are not even opened for someone who may not act on them', async () => {
		const meeting = await newMeeting(['Bericht']);
		await expect(saveMinutesVersion(sqliteData(db.$client), await actor('votingMember'), where(meeting.id))).rejects.toMatchObject({ status: 403 });
		await expect(circulateMinutes(sqliteData(db.$client), await actor('groupMember'), where(meeting.id))).rejects.toMatchObject({ status: 403 });
		// Nothing was written for the refused requests (not even the sections of a first opening).
		await new Promise((r) => setTimeout(r, 100));
		expect(createDocStore(db).logRows(minutesDoc(meeting.id))).toBe(0);
		expect(createDocStore(db).storedState(minutesDoc(meeting.id))).toBeNull();
	});

	it('keep versions that nothing can change', async () => {
		const meeting = await newMeeting(['Bericht']);
		const version = await saveMinutesVersion(sqliteData(db.$client), await actor('groupMember'), where(meeting.id));
		expect(() => db.update(minutesVersions).set({ html: '<p>gefälscht</p>' }).where(eq(minutesVersions.id, version.id)).run()).toThrow(/immutable/);
	});

	it('bring back an earlier version for everyone, keeping the text it replaces', async () => {
		const meeting = await newMeeting(['Bericht']);
		const a = await client('minuteTaker', meeting.id);
		const b = await client('groupMember', meeting.id);
		await Promise.all([a.synced(), b.synced()]);
		await until(() => a.doc.getXmlFragment(BODY).length === 2 && b.doc.getXmlFragment(BODY).length === 2);
		typeInto(a.doc, 1, 'Erste Fassung.');
		addDecision(a.doc, { text: 'Beschluss A', point: null });
		await until(() => storedHtml(meeting.id).includes('Erste Fassung'));
		const first = await saveMinutesVersion(sqliteData(db.$client), await actor('minuteTaker'), where(meeting.id));

		typeInto(b.doc, 1, ' Falsch ergänzt.');
		b.doc.getMap('decisions').clear();
		await until(() => storedHtml(meeting.id).includes('Falsch'));

		// A member who does not keep the minutes may not restore.
		await expect(
			restoreMinutesVersion(sqliteData(db.$client), await actor('groupMember'), { ...where(meeting.id), versionId: first.id })
		).rejects.toMatchObject({
			status: 403
		});
		const restored = await restoreMinutesVersion(sqliteData(db.$client), await actor('minuteTaker'), { ...where(meeting.id), versionId: first.id });
		await until(() => !bodyHtml(b.doc).includes('Falsch') && !bodyHtml(a.doc).includes('Falsch'), 5000, 'restore reached both editors');
		expect(bodyHtml(b.doc)).toBe('<h3>1. Bericht</h3><p>Erste Fassung.</p>');
		expect(readDecisions(b.doc).map((d) => d.text)).toEqual(['Beschluss A']);

		const versions = db.select().from(minutesVersions).where(eq(minutesVersions.meetingId, meeting.id)).orderBy(minutesVersions.number).all();
		expect(versions.map((v) => v.reason)).toEqual(['saved', 'before_restore', 'restored']);
		expect(versions[1].html).toContain('Falsch ergänzt');
		expect(versions[2].restoredFromNumber).toBe(first.number);
		expect(restored.number).toBe(3);

		// The editors keep working on the restored text.
		typeInto(a.doc, 1, ' Weiter.');
		await until(() => bodyHtml(b.doc).includes('Erste Fassung. Weiter.'));
	});

	it('survive a restart of the server', async () => {
		const meeting = await newMeeting(['Bericht']);
		const a = await client('minuteTaker', meeting.id);
		await a.synced();
		await until(() => a.doc.getXmlFragment(BODY).length === 2);
		typeInto(a.doc, 1, 'Vor dem Neustart geschrieben.');
		await until(() => storedHtml(meeting.id).includes('Neustart'));
		a.close();
		await server.stop();
		server = await startTestServer(db);
		const b = await client('groupMember', meeting.id);
		await b.synced();
		await until(() => bodyHtml(b.doc).includes('Vor dem Neustart geschrieben.'));
		// Sections are not written a second time.
		expect(b.doc.getXmlFragment(BODY).length).toBe(2);
	});
});
