import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestDoc } from '../../../src/lib/collab/kinds/digest';
import { BODY } from '../../../src/lib/minutes/document';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { createDigest } from '../../../src/lib/server/commands/createDigest';
import { pauseSend } from '../../../src/lib/server/commands/pauseSend';
import { publishDigest } from '../../../src/lib/server/commands/publishDigest';
import { resumeSend } from '../../../src/lib/server/commands/resumeSend';
import { sendTestDigest } from '../../../src/lib/server/commands/sendTestDigest';
import { updateDigest } from '../../../src/lib/server/commands/updateDigest';
import type { Data } from '../../../src/lib/server/db/client';
import type { Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The newsletter's commands on the data layer, on both databases: each does its job and refuses
 * as before; on PostgreSQL, the rules that span rows (README, "Rules that span rows") with the real
 * command run from two instances at once: a digest is published once and numbered per conference.
 */
const ORIGIN = 'https://ratschlag.example';
const at = new Date('2026-12-03T10:00:00Z');

const person = (personId: string, conferences: Actor['conferences'], isPlatformAdmin = false): Actor => ({
	personId,
	isPlatformAdmin,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const editor = person('ed', new Map([['north', { roles: new Set(['newsletter_editor'] as const), memberStatus: null }]]));

async function seed(data: Data) {
	const { q, t } = data;
	await q.insert(t.people).values([
		{ id: 'ed', displayName: 'Edith', email: 'edith@example.org' },
		{ id: 'm1', displayName: 'Mara', email: 'Mara@Example.org' }
	]);
	await q.insert(t.conferences).values([{ id: 'north', name: 'Nord', region: 'Kreis Nord' }]);
	await q.insert(t.conferenceMemberships).values([
		{ conferenceId: 'north', personId: 'ed', role: 'newsletter_editor' },
		{ conferenceId: 'north', personId: 'm1', role: 'member', memberStatus: 'voting' }
	]);
	await q.insert(t.newsletterSubscribers).values([
		{ conferenceId: 'north', email: 'a@example.org', edition: 'standard', state: 'active', confirmedAt: at },
		{ conferenceId: 'north', email: 'b@example.org', edition: 'easy', state: 'active', confirmedAt: at }
	]);
}

/** The standard edition as an editor writes it: one paragraph. */
async function writeBody(data: Data, digestId: string, text: string) {
	await changeDocumentOn(data, digestDoc(digestId), (doc) => {
		const body = doc.getXmlFragment(BODY);
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText(text)]);
		body.insert(0, [p]);
	});
}

/** Resolves for everyone once `n` have arrived: the attempts start together. */
function barrier(n: number): () => Promise<void> {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return () => {
		if (++arrived >= n) open();
		return all;
	};
}

/** Each attempt's result, or its refusal's code. */
async function together<T>(handles: Data[], attempts: ((data: Data) => Promise<T>)[]): Promise<(T | string)[]> {
	const start = barrier(attempts.length);
	return Promise.all(
		attempts.map(async (attempt, i) => {
			await start();
			try {
				return await attempt(handles[i % handles.length]);
			} catch (error) {
				if (error instanceof CommandError) return error.code;
				throw error;
			}
		})
	);
}

describe.each(DIALECTS)('newsletter commands on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	let handles: Data[];
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		handles = dialect === 'postgres' ? [data, await db.another()] : [data];
		await seed(data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const draft = async (title: string) => {
		const digest = await createDigest(data, editor, { conferenceId: 'north', title });
		await writeBody(data, digest.id, `Text von ${title}.`);
		return digest;
	};

	it('creates, updates, tests, publishes, pauses and resumes a digest; and refuses as before', async () => {
		const { digests, digestSends, digestDeliveries, jobs, auditLog } = data.t;
		const digest = await createDigest(data, editor, { conferenceId: 'north', title: 'Ausgabe' });
		expect(digest).toMatchObject({ state: 'draft', conferenceId: 'north', createdByPersonId: 'ed' });
		expect(await refusalOf(updateDigest(data, editor, { digestId: digest.id, title: 'x', audienceGroupId: 'nope' }))).toBe('digest_audience_unknown');
		await updateDigest(data, editor, { digestId: digest.id, title: 'Ausgabe Winter', audienceGroupId: null });
		expect((await data.q.select().from(digests).where(eq(digests.id, digest.id)))[0].title).toBe('Ausgabe Winter');

		expect(await sendTestDigest(data, editor, { digestId: digest.id, origin: ORIGIN })).toEqual({ to: 'edith@example.org' });
		expect(await data.q.select().from(jobs).where(eq(jobs.kind, 'newsletter.testMail'))).toHaveLength(1);

		expect(await refusalOf(publishDigest(data, editor, { digestId: digest.id, confirmUncheckedEasy: false, origin: ORIGIN }))).toBe('publish_standard_empty');
		await writeBody(data, digest.id, 'Neues aus dem Kreis.');
		// An easy subscriber and no easy edition: the editor must confirm.
		expect(await refusalOf(publishDigest(data, editor, { digestId: digest.id, confirmUncheckedEasy: false, origin: ORIGIN }))).toBe('publish_easy_missing');
		const published = await publishDigest(data, editor, { digestId: digest.id, confirmUncheckedEasy: true, origin: ORIGIN, now: at });
		expect(published).toMatchObject({ number: 1, total: 2, perEdition: { standard: 1, easy: 1 } });
		const row = (await data.q.select().from(digests).where(eq(digests.id, digest.id)))[0];
		expect(row).toMatchObject({ state: 'published', number: 1 });
		expect(row.textStandard).toContain('Neues aus dem Kreis.');
		const deliveries = await data.q.select().from(digestDeliveries).where(eq(digestDeliveries.sendId, published.sendId));
		expect(deliveries.map((d) => d.edition).sort()).toEqual(['easy', 'standard']);
		expect(new Set(deliveries.map((d) => d.id)).size).toBe(2);
		expect(deliveries[0].messageId).toMatch(/^<.+\.digest@ratschlag\.example>$/);
		expect(deliveries[0].nextAttemptAt.getTime()).toBe(at.getTime());

		const ref = { conferenceId: 'north', digestId: digest.id, origin: ORIGIN };
		expect(await refusalOf(resumeSend(data, editor, ref))).toBe('sending_not_paused');
		expect(await pauseSend(data, editor, ref)).toEqual({ sendId: published.sendId, state: 'paused' });
		expect(await refusalOf(pauseSend(data, editor, ref))).toBe('sending_not_running');
		expect(await resumeSend(data, editor, ref)).toEqual({ sendId: published.sendId, state: 'sending' });
		expect((await data.q.select().from(digestSends).where(eq(digestSends.id, published.sendId)))[0].state).toBe('sending');
		const audit = await data.q
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(and(eq(auditLog.subjectType, 'digest'), eq(auditLog.subjectId, digest.id)));
		expect(audit.map((a) => a.action).sort()).toEqual(
			['digest.create', 'digest.pauseSend', 'digest.publish', 'digest.resumeSend', 'digest.testMail', 'digest.write'].sort()
		);
	});

	it('publishes a digest once when two instances publish it at once', async () => {
		const digest = await draft('Einmal');
		const publish = (on: Data) => publishDigest(on, editor, { digestId: digest.id, confirmUncheckedEasy: true, origin: ORIGIN });
		const outcomes = await together(handles, [publish, publish]);
		expect(outcomes.filter((o) => typeof o === 'object')).toHaveLength(1);
		expect(outcomes.filter((o) => o === 'publish_not_draft')).toHaveLength(1);
		const { digestSends } = data.t;
		expect(await data.q.select().from(digestSends).where(eq(digestSends.digestId, digest.id))).toHaveLength(1);
	});

	it('numbers digests of one conference published at once one after another', async () => {
		const drafts = [await draft('Eins'), await draft('Zwei'), await draft('Drei')];
		const outcomes = await together(
			handles,
			drafts.map((d) => (on: Data) => publishDigest(on, editor, { digestId: d.id, confirmUncheckedEasy: true, origin: ORIGIN }))
		);
		expect(outcomes.map((o) => (typeof o === 'object' ? o.number : o)).sort()).toEqual([1, 2, 3]);
	});
});
