import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { minutesDoc } from '../../../src/lib/collab/docNames';
import { BODY, addDecision, readDecisions, readStatus } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { approveMinutes } from '../../../src/lib/server/commands/approveMinutes';
import { circulateMinutes } from '../../../src/lib/server/commands/circulateMinutes';
import { returnMinutesToDraft } from '../../../src/lib/server/commands/returnMinutesToDraft';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { restoreMinutesVersion } from '../../../src/lib/server/commands/restoreMinutesVersion';
import { saveMinutesVersion } from '../../../src/lib/server/commands/saveMinutesVersion';
import { first } from '../../../src/lib/server/db/client';
import { connect, startTestServerOn, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import type { ActorName } from '../support/fixture';
import { planGroupMeeting } from '../support/meetings';
import { messagesOf } from '../support/errors';

type Who = Exclude<ActorName, 'anonymous'>;

/** Types into the paragraph under the n-th section, as the editor would. */
function typeInto(doc: Y.Doc, block: number, text: string) {
	const paragraph = doc.getXmlFragment(BODY).get(block) as Y.XmlElement;
	const xmlText = paragraph.get(0) as Y.XmlText;
	xmlText.insert(xmlText.length, text);
}

describe.each(DIALECTS)('minutes of a meeting, live, on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);

	async function newMeeting(agenda = ['Begrüßung', 'Kurzzeitpflege im Landkreis']) {
		return planGroupMeeting(bed.data, bed.fixture, { agenda });
	}

	async function client(who: Who, meetingId: string) {
		return bed.track(connect(bed.server.url, minutesDoc(meetingId), await bed.cookie(who), { origin: bed.server.origin }));
	}

	const where = (meetingId: string) => ({ conferenceId: bed.fixture.conferenceA.id, groupId: bed.fixture.group.id, meetingId });
	const storedHtml = async (meetingId: string) => bodyHtml(await docStoreOn(bed.data).read(minutesDoc(meetingId)));

	/** The HTTP answer to opening the document: 101 when let in, 403 when refused before the upgrade. */
	async function upgradeStatus(meetingId: string, who: Who): Promise<number> {
		const cookie = await bed.cookie(who);
		return new Promise((resolve) => {
			const ws = new WebSocket(`${bed.server.url}/${minutesDoc(meetingId)}`, { headers: { cookie, origin: bed.server.origin } });
			ws.on('upgrade', () => {
				resolve(101);
				ws.close();
			});
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('error', () => {});
		});
	}

	it('start with a section per agenda point, written once by the server', async () => {
		const meeting = await newMeeting();
		const a = await client('minuteTaker', meeting.id);
		const b = await client('groupMember', meeting.id);
		await Promise.all([a.synced(), b.synced()]);
		await until(() => b.doc.getXmlFragment(BODY).length === 4, 5000, 'sections');
		expect(bodyHtml(b.doc)).toBe('<h3>1. Begrüßung</h3><p></p><h3>2. Kurzzeitpflege im Landkreis</h3><p></p>');
		expect(readStatus(a.doc)).toBe('draft');
	});

	it('are written by the group’s members together and kept in the database as they type', async () => {
		const meeting = await newMeeting();
		const a = await client('minuteTaker', meeting.id);
		const b = await client('groupMember', meeting.id);
		await Promise.all([a.synced(), b.synced()]);
		await until(() => a.doc.getXmlFragment(BODY).length === 4 && b.doc.getXmlFragment(BODY).length === 4);
		typeInto(a.doc, 1, 'Frau Yilmaz begrüßt alle.');
		typeInto(b.doc, 3, 'Die Wartezeit beträgt 6 Wochen.');
		await until(() => bodyHtml(a.doc).includes('6 Wochen') && bodyHtml(b.doc).includes('begrüßt'), 5000, 'both edits on both sides');
		expect(bodyHtml(a.doc)).toBe(bodyHtml(b.doc));
		await until(async () => (await storedHtml(meeting.id)) === bodyHtml(a.doc), 5000, 'stored');
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
		expect(await storedHtml(meeting.id)).not.toContain('Nicht erlaubt');
	});

	it('go round, are approved by the coordination and then locked, with the live text as their record', async () => {
		const { data } = bed;
		const { minutesVersions, meetingMinutes, auditLog } = data.t;
		const meeting = await newMeeting(['Bericht']);
		const taker = await client('minuteTaker', meeting.id);
		await taker.synced();
		await until(() => taker.doc.getXmlFragment(BODY).length === 2);
		typeInto(taker.doc, 1, 'Die AG hat beraten.');
		addDecision(taker.doc, { text: 'Die AG empfiehlt mehr Plätze.', point: 1 });
		await until(async () => (await storedHtml(meeting.id)).includes('beraten'));

		// Approval needs the minutes to have gone round first, and the coordination.
		await expect(approveMinutes(data, await bed.actor('groupCoordinator'), where(meeting.id))).rejects.toMatchObject({
			code: 'minutes_wrong_status'
		});
		const circulated = await circulateMinutes(data, await bed.actor('minuteTaker'), where(meeting.id));
		expect(circulated.number).toBe(1);
		await until(() => readStatus(taker.doc) === 'circulated', 5000, 'status reached the editor');
		await expect(approveMinutes(data, await bed.actor('minuteTaker'), where(meeting.id))).rejects.toMatchObject({ status: 403 });

		typeInto(taker.doc, 1, ' Korrektur nach Durchsicht.');
		await until(async () => (await storedHtml(meeting.id)).includes('Korrektur'));
		const approved = await approveMinutes(data, await bed.actor('groupCoordinator'), where(meeting.id));
		await until(() => readStatus(taker.doc) === 'approved', 5000, 'approval reached the editor');

		const record = first(await data.q.select().from(minutesVersions).where(eq(minutesVersions.id, approved.id)))!;
		expect(record.status).toBe('approved');
		expect(record.html).toContain('Die AG hat beraten. Korrektur nach Durchsicht.');
		expect(record.html).toContain('<h3>Beschlüsse</h3><ol><li>Die AG empfiehlt mehr Plätze. <span class="point">(Tagesordnungspunkt 1)</span></li></ol>');
		const row = first(await data.q.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, meeting.id)))!;
		expect(row.approvedByPersonId).toBe(bed.fixture.ids.groupCoordinator);

		// Locked: what the minute-taker types now is not stored, and nothing moves the status back.
		typeInto(taker.doc, 1, ' Nachträglich.');
		await new Promise((r) => setTimeout(r, 300));
		expect(await storedHtml(meeting.id)).not.toContain('Nachträglich');
		await expect(returnMinutesToDraft(data, await bed.actor('groupCoordinator'), where(meeting.id))).rejects.toBeInstanceOf(CommandError);
		await expect(saveMinutesVersion(data, await bed.actor('minuteTaker'), where(meeting.id))).rejects.toMatchObject({ status: 403 });

		// Now the whole conference reads them.
		expect(await upgradeStatus(meeting.id, 'votingMember')).toBe(101);
		const reader = await client('votingMember', meeting.id);
		await reader.synced();
		await until(() => bodyHtml(reader.doc).includes('Korrektur'));
		expect((await data.q.select().from(auditLog).where(eq(auditLog.subjectId, meeting.id))).map((a) => a.action)).toEqual(
			expect.arrayContaining(['minutes.circulate', 'minutes.approve'])
		);
	});

	it('are not even opened for someone who may not act on them', async () => {
		const meeting = await newMeeting(['Bericht']);
		await expect(saveMinutesVersion(bed.data, await bed.actor('votingMember'), where(meeting.id))).rejects.toMatchObject({ status: 403 });
		await expect(circulateMinutes(bed.data, await bed.actor('groupMember'), where(meeting.id))).rejects.toMatchObject({ status: 403 });
		// Nothing was written for the refused requests (not even the sections of a first opening).
		await new Promise((r) => setTimeout(r, 100));
		expect(await docStoreOn(bed.data).logRows(minutesDoc(meeting.id))).toBe(0);
		expect(await docStoreOn(bed.data).storedState(minutesDoc(meeting.id))).toBeNull();
	});

	it('keep versions that nothing can change', async () => {
		const { minutesVersions } = bed.data.t;
		const meeting = await newMeeting(['Bericht']);
		const version = await saveMinutesVersion(bed.data, await bed.actor('groupMember'), where(meeting.id));
		const change = bed.data.q.update(minutesVersions).set({ html: '<p>gefälscht</p>' }).where(eq(minutesVersions.id, version.id));
		expect(await Promise.resolve(change).then(() => 'ran', messagesOf)).toMatch(/immutable/);
	});

	it('bring back an earlier version for everyone, keeping the text it replaces', async () => {
		const { data } = bed;
		const { minutesVersions } = data.t;
		const meeting = await newMeeting(['Bericht']);
		const a = await client('minuteTaker', meeting.id);
		const b = await client('groupMember', meeting.id);
		await Promise.all([a.synced(), b.synced()]);
		await until(() => a.doc.getXmlFragment(BODY).length === 2 && b.doc.getXmlFragment(BODY).length === 2);
		typeInto(a.doc, 1, 'Erste Fassung.');
		addDecision(a.doc, { text: 'Beschluss A', point: null });
		await until(async () => (await storedHtml(meeting.id)).includes('Erste Fassung'));
		const firstVersion = await saveMinutesVersion(data, await bed.actor('minuteTaker'), where(meeting.id));

		typeInto(b.doc, 1, ' Falsch ergänzt.');
		b.doc.getMap('decisions').clear();
		await until(async () => (await storedHtml(meeting.id)).includes('Falsch'));

		// A member who does not keep the minutes may not restore.
		await expect(restoreMinutesVersion(data, await bed.actor('groupMember'), { ...where(meeting.id), versionId: firstVersion.id })).rejects.toMatchObject({
			status: 403
		});
		const restored = await restoreMinutesVersion(data, await bed.actor('minuteTaker'), { ...where(meeting.id), versionId: firstVersion.id });
		await until(() => !bodyHtml(b.doc).includes('Falsch') && !bodyHtml(a.doc).includes('Falsch'), 5000, 'restore reached both editors');
		expect(bodyHtml(b.doc)).toBe('<h3>1. Bericht</h3><p>Erste Fassung.</p>');
		expect(readDecisions(b.doc).map((d) => d.text)).toEqual(['Beschluss A']);

		const versions = await data.q.select().from(minutesVersions).where(eq(minutesVersions.meetingId, meeting.id)).orderBy(minutesVersions.number);
		expect(versions.map((v) => v.reason)).toEqual(['saved', 'before_restore', 'restored']);
		expect(versions[1].html).toContain('Falsch ergänzt');
		expect(versions[2].restoredFromNumber).toBe(firstVersion.number);
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
		await until(async () => (await storedHtml(meeting.id)).includes('Neustart'));
		a.close();
		await bed.server.stop();
		bed.server = await startTestServerOn(bed.data);
		const b = await client('groupMember', meeting.id);
		await b.synced();
		await until(() => bodyHtml(b.doc).includes('Vor dem Neustart geschrieben.'));
		// Sections are not written a second time.
		expect(b.doc.getXmlFragment(BODY).length).toBe(2);
	});
});
