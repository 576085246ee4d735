import { and, eq, like } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digestDoc } from '../../../src/lib/collab/kinds/digest';
import { BODY } from '../../../src/lib/minutes/document';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { answerAccessibilityFeedback } from '../../../src/lib/server/commands/answerAccessibilityFeedback';
import { purgeAccessibilityFeedback } from '../../../src/lib/server/commands/purgeAccessibilityFeedback';
import { submitAccessibilityFeedback, type FeedbackInput } from '../../../src/lib/server/commands/submitAccessibilityFeedback';
import { changeSubscriptionEdition } from '../../../src/lib/server/commands/changeSubscriptionEdition';
import { confirmSubscription } from '../../../src/lib/server/commands/confirmSubscription';
import { createDigest } from '../../../src/lib/server/commands/createDigest';
import { eraseOwnSubscription } from '../../../src/lib/server/commands/eraseOwnSubscription';
import { eraseSubscriber } from '../../../src/lib/server/commands/eraseSubscriber';
import { subscribeSelf } from '../../../src/lib/server/commands/subscribeSelf';
import { subscribeToNewsletter, type SubscribeInput } from '../../../src/lib/server/commands/subscribeToNewsletter';
import { unsubscribeFromNewsletter } from '../../../src/lib/server/commands/unsubscribeFromNewsletter';
import { unsubscribeSelf } from '../../../src/lib/server/commands/unsubscribeSelf';
import { linkKeysOn } from '../../../src/lib/server/invitations/links';
import { unseal } from '../../../src/lib/server/jobs/sealed';
import { pauseSend } from '../../../src/lib/server/commands/pauseSend';
import { publishDigest } from '../../../src/lib/server/commands/publishDigest';
import { resumeSend } from '../../../src/lib/server/commands/resumeSend';
import { sendTestDigest } from '../../../src/lib/server/commands/sendTestDigest';
import { updateDigest } from '../../../src/lib/server/commands/updateDigest';
import type { Data } from '../../../src/lib/server/db/client';
import { ANONYMOUS, NotAllowed, SYSTEM, type Actor } from '../../../src/lib/server/policies';
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
const office = person('ed', new Map([['north', { roles: new Set(['office'] as const), memberStatus: null }]]));
const member = person('m1', new Map([['north', { roles: new Set(['member'] as const), memberStatus: 'voting' as const }]]));
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
				// The policy's look before the transaction (a fast refusal) already saw the other's commit.
				if (error instanceof NotAllowed) return 'not_allowed';
				throw error;
			}
		})
	);
}

// Confirmation tokens are sealed into their jobs; on PostgreSQL with JOBS_SECRET (no key file there).
const secretBefore = process.env.JOBS_SECRET;
beforeAll(() => {
	process.env.JOBS_SECRET = 'onBoth.newsletter';
});
afterAll(() => {
	if (secretBefore === undefined) delete process.env.JOBS_SECRET;
	else process.env.JOBS_SECRET = secretBefore;
});

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
		// Refused inside the transaction after waiting for the other's lock, or before it when it committed already.
		expect(outcomes.filter((o) => o === 'publish_not_draft' || o === 'not_allowed')).toHaveLength(1);
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

	const signUp = (on: Data, email: string, more: Partial<SubscribeInput> = {}) =>
		subscribeToNewsletter(on, {
			conferenceId: 'north',
			email,
			edition: 'standard',
			via: 'form',
			locale: 'de',
			clientAddress: '198.51.100.1',
			origin: ORIGIN,
			...more
		});
	const subscriberOf = async (email: string) => {
		const { newsletterSubscribers } = data.t;
		return (await data.q.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, email)))[0];
	};
	const consents = async (subscriberId: string) => {
		const { newsletterConsents } = data.t;
		return (await data.q.select({ event: newsletterConsents.event }).from(newsletterConsents).where(eq(newsletterConsents.subscriberId, subscriberId))).map(
			(c) => c.event
		);
	};
	/** The tokens of the confirmation mails waiting for an address, as the mail would carry them. */
	const tokensFor = async (subscriberId: string) => {
		const { jobs } = data.t;
		const waiting = await data.q
			.select({ key: jobs.key, payload: jobs.payload })
			.from(jobs)
			.where(and(eq(jobs.kind, 'newsletter.confirmSubscription'), like(jobs.key, `newsletter.confirmSubscription:${subscriberId}:%`)));
		return waiting.map((job) => unseal(linkKeysOn(data), (JSON.parse(job.payload) as { sealedToken: string }).sealedToken, job.key!));
	};

	it('signs up, confirms, changes the edition, unsubscribes and erases; and refuses as before', async () => {
		expect(await refusalOf(signUp(data, 'keine-adresse'))).toBe('subscribe_email_invalid');
		expect(await signUp(data, '  Neu@Example.org ')).toEqual({ accepted: true });
		const pending = await subscriberOf('neu@example.org');
		expect(pending.state).toBe('pending');
		const [token] = await tokensFor(pending.id);
		expect(await confirmSubscription(data, { token, clientAddress: null })).toMatchObject({ conferenceId: 'north', subscriberId: pending.id });
		expect(await refusalOf(confirmSubscription(data, { token, clientAddress: null }))).toBe('subscribe_link_invalid');
		expect(await changeSubscriptionEdition(data, { subscriberId: pending.id, edition: 'easy' })).toEqual({ changed: true });
		expect(await unsubscribeFromNewsletter(data, { subscriberId: pending.id, via: 'link' })).toEqual({ changed: true });
		expect(await unsubscribeFromNewsletter(data, { subscriberId: pending.id, via: 'one_click' })).toEqual({ changed: false });
		expect(await refusalOf(changeSubscriptionEdition(data, { subscriberId: pending.id, edition: 'standard' }))).toBe('subscribe_not_subscribed');
		expect(await consents(pending.id)).toEqual(['signed_up', 'confirmed', 'preferences_changed', 'unsubscribed']);
		await eraseOwnSubscription(data, { subscriberId: pending.id });
		expect(await subscriberOf('neu@example.org')).toBeUndefined();

		// A member subscribes with the address the conference knows (lower-cased), then leaves.
		const { subscriberId } = await subscribeSelf(data, member, { conferenceId: 'north', edition: 'easy', locale: 'de' });
		expect(await subscriberOf('mara@example.org')).toMatchObject({ id: subscriberId, state: 'active', edition: 'easy', personId: 'm1' });
		expect(await unsubscribeSelf(data, member, { conferenceId: 'north' })).toEqual({ changed: true });
		expect(await unsubscribeSelf(data, member, { conferenceId: 'north' })).toEqual({ changed: false });
		expect(await refusalOf(eraseSubscriber(data, office, { conferenceId: 'north', subscriberId: 'nobody' }))).toBe('not_found');
		await eraseSubscriber(data, office, { conferenceId: 'north', subscriberId });
		expect(await subscriberOf('mara@example.org')).toBeUndefined();
	});

	it('keeps one subscription per address when two instances sign it up at once, and when the member subscribes meanwhile', async () => {
		const outcomes = await together(handles, [(on: Data) => signUp(on, 'zwei@example.org'), (on: Data) => signUp(on, 'Zwei@example.org ')]);
		expect(outcomes).toEqual([{ accepted: true }, { accepted: true }]);
		const row = await subscriberOf('zwei@example.org');
		expect(row.state).toBe('pending');
		expect(await consents(row.id)).toEqual(['signed_up', 'signed_up']);
		// Each sign-up's mail goes out; the later one's link is the one that confirms.
		expect(await tokensFor(row.id)).toHaveLength(2);

		const mixed = await together<unknown>(handles, [
			(on: Data) => signUp(on, 'mara@example.org'),
			(on: Data) => subscribeSelf(on, member, { conferenceId: 'north', edition: 'standard', locale: 'de' })
		]);
		expect(mixed[0]).toEqual({ accepted: true });
		const { newsletterSubscribers } = data.t;
		const rows = await data.q.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, 'mara@example.org'));
		expect(rows).toHaveLength(1);
		expect(rows[0].personId).toBe('m1');
	});

	it('uses a confirmation link up once when it is clicked twice at once', async () => {
		await signUp(data, 'klick@example.org');
		const row = await subscriberOf('klick@example.org');
		const [token] = await tokensFor(row.id);
		const outcomes = await together(handles, [
			(on: Data) => confirmSubscription(on, { token, clientAddress: null }),
			(on: Data) => confirmSubscription(on, { token, clientAddress: null })
		]);
		expect(outcomes.filter((o) => o === 'subscribe_link_invalid')).toHaveLength(1);
		expect(await consents(row.id)).toEqual(['signed_up', 'confirmed']);
	});

	const feedback = (more: Partial<FeedbackInput> = {}) =>
		submitAccessibilityFeedback(data, ANONYMOUS, {
			message: 'Der Kontrast ist zu schwach.',
			name: null,
			email: 'anna@example.org',
			pageUrl: null,
			conferenceId: 'north',
			trap: null,
			now: at,
			...more
		});

	it('takes accessibility feedback, answers it once and purges it after its time; and refuses as before', async () => {
		const { accessibilityFeedback, auditLog } = data.t;
		expect(await refusalOf(feedback({ conferenceId: 'nowhere' }))).toBe('feedback_conference_unknown');
		const receipt = await feedback();
		expect(receipt).toMatchObject({ receivedAt: at, hasEmail: true });
		expect(receipt.replyDueAt.getTime()).toBeGreaterThan(at.getTime());
		const answeredAt = new Date(at.getTime() + 86_400_000);
		const answered = await answerAccessibilityFeedback(data, office, { feedbackId: receipt.id!, note: 'Angerufen', conferenceId: 'north', now: answeredAt });
		expect(answered).toMatchObject({ id: receipt.id, answeredAt, answeredByPersonId: 'ed', answerNote: 'Angerufen' });
		expect(await refusalOf(answerAccessibilityFeedback(data, office, { feedbackId: receipt.id!, note: 'Noch einmal', conferenceId: 'north' }))).toBe(
			'feedback_already_answered'
		);
		const open = await feedback({ message: 'Offen' });
		// Kept a year after its answer; the unanswered one stays, however old.
		expect(await purgeAccessibilityFeedback(data, SYSTEM, { retentionDays: 365, now: new Date(answeredAt.getTime() + 300 * 86_400_000) })).toEqual({
			feedback: 0,
			auditEntries: 0
		});
		expect(await purgeAccessibilityFeedback(data, SYSTEM, { retentionDays: 365, now: new Date(answeredAt.getTime() + 366 * 86_400_000) })).toEqual({
			feedback: 1,
			auditEntries: 2
		});
		expect((await data.q.select({ id: accessibilityFeedback.id }).from(accessibilityFeedback)).map((f) => f.id)).toEqual([open.id]);
		const purges = await data.q.select().from(auditLog).where(eq(auditLog.action, 'accessibilityFeedback.purge'));
		expect(purges).toHaveLength(1);
	});

	it('answers feedback once when two offices answer it at once', async () => {
		const { id } = await feedback();
		const answer = (note: string) => (on: Data) => answerAccessibilityFeedback(on, office, { feedbackId: id!, note, conferenceId: 'north' });
		const outcomes = await together<unknown>(handles, [answer('Erste'), answer('Zweite')]);
		expect(outcomes.filter((o) => o === 'feedback_already_answered')).toHaveLength(1);
		const { accessibilityFeedback, auditLog } = data.t;
		const [row] = await data.q.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.id, id!));
		expect(outcomes).toContainEqual(expect.objectContaining({ answerNote: row.answerNote }));
		expect(
			await data.q
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'accessibilityFeedback.answer'), eq(auditLog.subjectId, id!)))
		).toHaveLength(1);
	});
});
