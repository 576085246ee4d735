import { and, eq } from 'drizzle-orm';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sittingMinutesDoc } from '../../../src/lib/collab/docNames';
import { BODY, readStatus } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { approveSittingMinutes } from '../../../src/lib/server/commands/approveSittingMinutes';
import { assignSittingMinuteTaker } from '../../../src/lib/server/commands/assignSittingMinuteTaker';
import { castVote } from '../../../src/lib/server/commands/castVote';
import { circulateSittingMinutes } from '../../../src/lib/server/commands/circulateSittingMinutes';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { markPresent } from '../../../src/lib/server/commands/markPresent';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { returnSittingMinutesToDraft } from '../../../src/lib/server/commands/returnSittingMinutesToDraft';
import { first } from '../../../src/lib/server/db/client';
import { connect, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import type { ActorName } from '../support/fixture';
import { messagesOf } from '../support/errors';

type Who = Exclude<ActorName, 'anonymous'>;

function typeInto(doc: Y.Doc, block: number, text: string) {
	const paragraph = doc.getXmlFragment(BODY).get(block) as Y.XmlElement;
	const xmlText = paragraph.get(0) as Y.XmlText;
	xmlText.insert(xmlText.length, text);
}

describe.each(DIALECTS)('sitting minutes on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	const actor = (who: Who) => bed.actor(who);

	beforeAll(async () => {
		const { people } = bed.data.t;
		// Who can be mailed: two members and the person who takes the minutes.
		for (const who of ['votingMember', 'advisoryMember', 'minuteTaker', 'guest'] as const)
			await bed.data.q
				.update(people)
				.set({ email: `${who.toLowerCase()}@test.example` })
				.where(eq(people.id, bed.fixture.ids[who]));
	});

	/** A sitting with two agenda items and a break, and the minute-taker named by the office. */
	async function newSitting(taker: Who | null = 'minuteTaker') {
		const {
			subject: where,
			itemIds: [welcome, , recommendation]
		} = await planSitting(bed.data, bed.fixture, {
			title: 'Plenum Dezember',
			agenda: [
				{ title: 'Begrüßung', durationMinutes: 10, type: 'information' },
				{ title: 'Pause', durationMinutes: 15, type: 'break' },
				{ title: 'Handlungsempfehlung Pflege' }
			]
		});
		if (taker) await assignSittingMinuteTaker(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids[taker] });
		return { ...where, items: [welcome, recommendation] };
	}

	/** A vote on the item, two ballots, closed: the sitting's next resolution. */
	async function decide(where: { conferenceId: string; sessionId: string }, itemId: string, motion: string) {
		for (const who of ['votingMember', 'minuteTaker'] as const) {
			try {
				await markPresent(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids[who] });
			} catch {
				// present already
			}
		}
		const poll = await openPoll(bed.data, await actor('moderator'), {
			...where,
			agendaItemId: itemId,
			motion,
			kind: 'vote',
			secrecy: 'secret',
			confirmNotQuorate: true
		});
		await castVote(bed.data, await actor('votingMember'), { ...where, pollId: poll.id, choice: 'yes', statement: null });
		await castVote(bed.data, await actor('minuteTaker'), { ...where, pollId: poll.id, choice: 'no', statement: null });
		return poll;
	}

	async function client(who: Who, sessionId: string) {
		return bed.track(connect(bed.server.url, sittingMinutesDoc(sessionId), await bed.cookie(who), { origin: bed.server.origin }));
	}

	const storedHtml = async (sessionId: string) => bodyHtml(await docStoreOn(bed.data).read(sittingMinutesDoc(sessionId)));

	async function upgradeStatus(sessionId: string, who: Who): Promise<number> {
		const cookie = await bed.cookie(who);
		return new Promise((resolve) => {
			const ws = new WebSocket(`${bed.server.url}/${sittingMinutesDoc(sessionId)}`, { headers: { cookie, origin: bed.server.origin } });
			ws.on('upgrade', () => {
				resolve(101);
				ws.close();
			});
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('error', () => {});
		});
	}

	const mailJobs = async (sessionId: string) => {
		const { jobs } = bed.data.t;
		return (await bed.data.q.select().from(jobs).where(eq(jobs.kind, 'mail.minutesCirculated'))).filter((job) => JSON.parse(job.payload).id === sessionId);
	};
	const minutesRow = async (sessionId: string) => {
		const { sittingMinutes } = bed.data.t;
		return first(await bed.data.q.select().from(sittingMinutes).where(eq(sittingMinutes.sessionId, sessionId)));
	};
	const version = async (id: string) => {
		const { sittingMinutesVersions } = bed.data.t;
		return first(await bed.data.q.select().from(sittingMinutesVersions).where(eq(sittingMinutesVersions.id, id)));
	};

	describe('the minute-taker of a sitting', () => {
		it('is named by the office, from the conference only; nobody else names one', async () => {
			const { auditLog } = bed.data.t;
			const where = await newSitting(null);
			await expect(assignSittingMinuteTaker(bed.data, await actor('moderator'), { ...where, personId: bed.fixture.ids.votingMember })).rejects.toThrow(
				expect.objectContaining({ reason: 'forbidden' })
			);
			await expect(assignSittingMinuteTaker(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids.otherOffice })).rejects.toThrow(
				expect.objectContaining({ code: 'person_not_in_conference', field: 'personId' })
			);
			await assignSittingMinuteTaker(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids.votingMember });
			const row = (await minutesRow(where.sessionId))!;
			expect(row).toMatchObject({ status: 'draft', minuteTakerPersonId: bed.fixture.ids.votingMember });
			const audit = first(
				await bed.data.q
					.select()
					.from(auditLog)
					.where(and(eq(auditLog.action, 'sittingMinutes.assignMinuteTaker'), eq(auditLog.subjectId, where.sessionId)))
			);
			expect(audit?.after).toEqual({ minuteTakerPersonId: bed.fixture.ids.votingMember });
		});

		it('alone writes the draft with the office; a member cannot even open it, and naming another takes the pen away at once', async () => {
			const where = await newSitting('votingMember');
			expect(await upgradeStatus(where.sessionId, 'advisoryMember')).toBe(403);
			const taker = await client('votingMember', where.sessionId);
			await taker.synced();
			// A section per agenda item (the break has none), written by the server on the first open.
			await until(() => taker.doc.getXmlFragment(BODY).length === 4, 5000, 'sections');
			expect(bodyHtml(taker.doc)).toBe('<h3>1. Begrüßung</h3><p></p><h3>2. Handlungsempfehlung Pflege</h3><p></p>');
			typeInto(taker.doc, 1, 'Die Vorsitzende begrüßt alle.');
			await until(async () => (await storedHtml(where.sessionId)).includes('begrüßt alle'), 5000, 'stored');

			await assignSittingMinuteTaker(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids.minuteTaker });
			await new Promise((r) => setTimeout(r, 200));
			typeInto(taker.doc, 1, ' Nicht mehr erlaubt.');
			await new Promise((r) => setTimeout(r, 300));
			expect(await storedHtml(where.sessionId)).not.toContain('Nicht mehr erlaubt');
		});
	});

	describe('minutes of a sitting', () => {
		it('carry the resolutions from the votes, and cannot go round while a vote is open', async () => {
			const where = await newSitting();
			const taker = await client('minuteTaker', where.sessionId);
			await taker.synced();
			await until(() => taker.doc.getXmlFragment(BODY).length === 4, 5000, 'sections');
			const poll = await decide(where, where.items[1], 'Die Konferenz empfiehlt mehr Kurzzeitpflegeplätze.');
			await expect(circulateSittingMinutes(bed.data, await actor('minuteTaker'), where)).rejects.toMatchObject({
				code: 'sitting_minutes_poll_open'
			});
			await closePoll(bed.data, await actor('moderator'), { ...where, pollId: poll.id });

			const { version: circulated } = await circulateSittingMinutes(bed.data, await actor('minuteTaker'), where);
			const stored = (await version(circulated.id))!;
			expect(stored.html).toContain('<h3>Beschlüsse der Sitzung</h3>');
			expect(stored.html).toContain('<h4>Beschluss Nr. 1</h4>');
			expect(stored.html).toContain('<dd>Die Konferenz empfiehlt mehr Kurzzeitpflegeplätze.</dd>');
			expect(stored.html).toContain('<dd>Handlungsempfehlung Pflege</dd>');
			expect(stored.html).toMatch(/Ja: 1 · Nein: 1 · Enthaltung: 0/);
			expect(stored.lines).toContain('### Beschluss Nr. 1');
			// Nothing of it was typed into the shared text: nobody can edit a result away.
			expect(bodyHtml(taker.doc)).not.toContain('Beschluss');
		});

		it('go round (mailing the people concerned), come back, go round again, are approved by the office and locked', async () => {
			const { sittingMinutesVersions } = bed.data.t;
			const where = await newSitting();
			const taker = await client('minuteTaker', where.sessionId);
			await taker.synced();
			await until(() => taker.doc.getXmlFragment(BODY).length === 4, 5000, 'sections');
			typeInto(taker.doc, 1, 'Protokollentwurf.');
			await until(async () => (await storedHtml(where.sessionId)).includes('Protokollentwurf'), 5000, 'stored');

			// Refusals: a member cannot send them round; nobody approves a draft.
			await expect(circulateSittingMinutes(bed.data, await actor('votingMember'), where)).rejects.toMatchObject({ status: 403 });
			await expect(approveSittingMinutes(bed.data, await actor('office'), where)).rejects.toMatchObject({ code: 'minutes_wrong_status' });

			const until2 = new Date('2030-01-15T22:59:59.999Z');
			const firstRound = await circulateSittingMinutes(bed.data, await actor('minuteTaker'), {
				...where,
				correctionsUntil: until2,
				origin: 'https://ratschlag.example'
			});
			await until(() => readStatus(taker.doc) === 'circulated', 5000, 'status reached the editor');
			// Members and guests who were there, with an address; never the sender.
			const firstJobs = await mailJobs(where.sessionId);
			expect(firstRound.mailed).toBe(2);
			expect(firstJobs.map((j) => JSON.parse(j.payload).personId).sort()).toEqual([bed.fixture.ids.advisoryMember, bed.fixture.ids.votingMember].sort());
			expect(
				firstJobs.every((j) => j.key === `mail.minutesCirculated:sitting:${where.sessionId}:${firstRound.version.number}:${JSON.parse(j.payload).personId}`)
			).toBe(true);
			expect(JSON.parse(firstJobs[0].payload).origin).toBe('https://ratschlag.example');
			const row = (await minutesRow(where.sessionId))!;
			expect(row.correctionsUntil?.toISOString()).toBe(until2.toISOString());

			// Circulated: the members read them now.
			expect(await upgradeStatus(where.sessionId, 'advisoryMember')).toBe(101);
			// The minute-taker never approves their own minutes.
			await expect(approveSittingMinutes(bed.data, await actor('minuteTaker'), where)).rejects.toMatchObject({ status: 403 });

			await returnSittingMinutesToDraft(bed.data, await actor('minuteTaker'), where);
			typeInto(taker.doc, 1, ' Korrigiert.');
			await until(async () => (await storedHtml(where.sessionId)).includes('Korrigiert'), 5000, 'correction stored');
			const second = await circulateSittingMinutes(bed.data, await actor('office'), where);
			// A second round is another version and mails again (the minute-taker too, now that the office sent them).
			expect(second.version.number).toBeGreaterThan(firstRound.version.number);
			expect(await mailJobs(where.sessionId)).toHaveLength(2 + 3);

			const approved = await approveSittingMinutes(bed.data, await actor('moderator'), where);
			await until(() => readStatus(taker.doc) === 'approved', 5000, 'approval reached the editor');
			const record = (await version(approved.version.id))!;
			expect(record).toMatchObject({ status: 'approved', reason: 'approved' });
			expect(record.html).toContain('Protokollentwurf. Korrigiert.');
			expect((await minutesRow(where.sessionId))?.approvedByPersonId).toBe(bed.fixture.ids.moderator);

			// Locked: typing is not stored, nothing moves the status, nobody names another minute-taker.
			typeInto(taker.doc, 1, ' Nachträglich.');
			await new Promise((r) => setTimeout(r, 300));
			expect(await storedHtml(where.sessionId)).not.toContain('Nachträglich');
			await expect(returnSittingMinutesToDraft(bed.data, await actor('office'), where)).rejects.toMatchObject({ code: 'minutes_wrong_status' });
			await expect(assignSittingMinuteTaker(bed.data, await actor('office'), { ...where, personId: bed.fixture.ids.votingMember })).rejects.toThrow(
				expect.objectContaining({ reason: 'forbidden' })
			);
			// The record cannot be changed after the fact.
			const change = bed.data.q.update(sittingMinutesVersions).set({ html: 'x' }).where(eq(sittingMinutesVersions.id, record.id));
			expect(await Promise.resolve(change).then(() => 'ran', messagesOf)).toMatch(/immutable/);
			// Approved: everyone of the conference reads them, guests too (as the resolutions).
			expect(await upgradeStatus(where.sessionId, 'guest')).toBe(101);
			expect(await upgradeStatus(where.sessionId, 'otherOffice')).toBe(403);
		});
	});
});
