import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeSubscriptionEdition } from '../../src/lib/server/commands/changeSubscriptionEdition';
import { confirmSubscription } from '../../src/lib/server/commands/confirmSubscription';
import { eraseOwnSubscription } from '../../src/lib/server/commands/eraseOwnSubscription';
import { eraseSubscriber } from '../../src/lib/server/commands/eraseSubscriber';
import { subscribeSelf } from '../../src/lib/server/commands/subscribeSelf';
import { subscribeToNewsletter, type SubscribeInput } from '../../src/lib/server/commands/subscribeToNewsletter';
import { unsubscribeFromNewsletter } from '../../src/lib/server/commands/unsubscribeFromNewsletter';
import { unsubscribeSelf } from '../../src/lib/server/commands/unsubscribeSelf';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { first, type Data } from '../../src/lib/server/db/client';
import { CONSENT_EVENTS, conferences, newsletterConsents, newsletterSubscribers } from '../../src/lib/server/db/schema';
import { linkKeysOn } from '../../src/lib/server/invitations/links';
import { newsletterConfirmSubscription } from '../../src/lib/server/jobs/kinds/newsletterConfirmSubscription';
import { PermanentJobError } from '../../src/lib/server/jobs/types';
import { LimitReached } from '../../src/lib/server/limits/limiter';
import { memoryStore, useStore } from '../../src/lib/server/limits/store';
import { subscribeUnderLimits } from '../../src/lib/server/limits/newsletterSignUp';
import { PRIVACY_POLICY_VERSION } from '../../src/lib/server/newsletter/consent';
import { subscriberLinks } from '../../src/lib/server/newsletter/links';
import { mySubscriptions, subscriberByLink, subscriberData, subscriberExport, subscriberOverview } from '../../src/lib/server/queries/newsletterSubscribers';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { startBuiltServer, type BuiltServer } from './support/builtServer';
import { DIALECTS } from './support/data';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { useJobsSecret } from './support/jobsSecret';
import { smtpCaptureForSuite, type CapturedMail } from './support/smtpCapture';

const ORIGIN = 'http://localhost:3000';
/** Quoted-printable undone, the bytes read as UTF-8 again. */
const unfold = (raw: string) =>
	Buffer.from(
		raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
		'latin1'
	).toString('utf8');
const mailsIn = (received: CapturedMail[], address: string) => received.filter((m) => m.to.includes(address)).map((m) => unfold(m.raw));

describe.each(DIALECTS)('newsletter subscribers on %s', (dialect) => {
	const on = fixtureOn(dialect);
	// On SQLite the links are signed with the key file next to the database, as in production.
	if (dialect === 'postgres') useJobsSecret();
	const smtp = smtpCaptureForSuite();
	let data: Data;
	let fixture: Fixture;

	beforeAll(() => {
		({ data, fixture } = on);
	});

	async function signUp(email: string, more: Partial<SubscribeInput> = {}) {
		return await subscribeToNewsletter(data, {
			conferenceId: fixture.conferenceA.id,
			email,
			edition: 'standard',
			via: 'form',
			locale: 'de',
			clientAddress: '203.0.113.7',
			origin: ORIGIN,
			...more
		});
	}

	/** Runs every queued confirmation job as the runner would: `done`, or why it failed for good. */
	async function runConfirmationJobs() {
		const { jobs } = data.t;
		const queued = await data.q
			.select()
			.from(jobs)
			.where(and(eq(jobs.kind, 'newsletter.confirmSubscription'), eq(jobs.state, 'queued')))
			.orderBy(jobs.createdAt, jobs.id);
		const outcomes: string[] = [];
		for (const job of queued) {
			try {
				await newsletterConfirmSubscription.run(newsletterConfirmSubscription.parse(JSON.parse(job.payload)), {
					data,
					jobId: job.id,
					attempt: 1,
					signal: new AbortController().signal
				});
				outcomes.push('done');
			} catch (error) {
				outcomes.push(error instanceof PermanentJobError ? error.message : String(error));
			}
			await data.q.update(jobs).set({ state: 'done' }).where(eq(jobs.id, job.id));
		}
		return outcomes;
	}

	const mailsTo = (address: string) => mailsIn(smtp.received, address);
	const confirmationLink = (mail: string) => /http:\/\/localhost:3000\/newsletter\/bestaetigen\/([a-z0-9]+)/.exec(mail)![1];
	const subscriberOf = async (email: string) => {
		const { newsletterSubscribers } = data.t;
		return first(
			await data.q
				.select()
				.from(newsletterSubscribers)
				.where(and(eq(newsletterSubscribers.conferenceId, fixture.conferenceA.id), eq(newsletterSubscribers.email, email)))
		);
	};
	/**
	 * The consent log in time order. An account sign-up writes `signed_up` and `confirmed` at one
	 * instant (subscribeSelf), and no column keeps the order of insertion on PostgreSQL (SQLite
	 * happened to return its rowid order): events of one instant are read in the order of the
	 * consent's life, as they were written.
	 */
	const consentsOf = async (subscriberId: string) => {
		const { newsletterConsents } = data.t;
		const log = await data.q.select().from(newsletterConsents).where(eq(newsletterConsents.subscriberId, subscriberId)).orderBy(newsletterConsents.at);
		return log.sort((a, b) => a.at.getTime() - b.at.getTime() || CONSENT_EVENTS.indexOf(a.event) - CONSENT_EVENTS.indexOf(b.event));
	};

	describe('double opt-in', () => {
		it('sign-up → mail → link → active, with the whole consent log', async () => {
			expect(await signUp('  Erika.Muster@Example.org ', { name: 'Erika' })).toEqual({ accepted: true });
			const pending = (await subscriberOf('erika.muster@example.org'))!;
			expect(pending).toMatchObject({ state: 'pending', name: 'Erika', edition: 'standard', confirmedAt: null });
			expect(await runConfirmationJobs()).toEqual(['done']);
			const [mail] = mailsTo('erika.muster@example.org');
			expect(mail).toContain('<html lang="de">');
			const token = confirmationLink(mail);
			// Only the token's hash is kept.
			expect(pending.confirmTokenHash).not.toContain(token);
			expect(JSON.stringify(await data.q.select().from(data.t.jobs))).not.toContain(token);

			const confirmed = await confirmSubscription(data, { token, clientAddress: '198.51.100.9' });
			expect(confirmed.subscriberId).toBe(pending.id);
			const active = (await subscriberOf('erika.muster@example.org'))!;
			expect(active).toMatchObject({ state: 'active', confirmTokenHash: null, confirmExpiresAt: null });
			expect(active.confirmedAt).toBeInstanceOf(Date);

			const log = await consentsOf(active.id);
			expect(log.map((e) => e.event)).toEqual(['signed_up', 'confirmation_sent', 'confirmed']);
			expect(log[0]).toMatchObject({ via: 'form', privacyPolicyVersion: PRIVACY_POLICY_VERSION, clientAddress: '203.0.113.7', edition: 'standard' });
			expect(log[0].formText).toContain('Ja, ich möchte den Newsletter der Konferenz A per E-Mail bekommen.');
			expect(log[2]).toMatchObject({ via: 'link', clientAddress: '198.51.100.9' });
			expect(log.map((e) => e.privacyPolicyVersion)).toEqual([PRIVACY_POLICY_VERSION, PRIVACY_POLICY_VERSION, PRIVACY_POLICY_VERSION]);
			// The link is used up.
			await expect(confirmSubscription(data, { token, clientAddress: null })).rejects.toThrow(CommandError);
		});

		it('the easy sign-up keeps the easy consent text and is answered in Leichte Sprache', async () => {
			await signUp('leicht@example.org', { via: 'easy_form', edition: 'easy' });
			expect(await runConfirmationJobs()).toEqual(['done']);
			const [mail] = mailsTo('leicht@example.org');
			expect(mail).toContain('<p>Sie möchten den Newsletter bekommen.</p>');
			expect(mail).toContain('Bitte klicken Sie auf den Link.');
			const log = await consentsOf((await subscriberOf('leicht@example.org'))!.id);
			expect(log[0]).toMatchObject({ event: 'signed_up', via: 'easy_form', edition: 'easy' });
			expect(log[0].formText).toContain('Ich möchte den Newsletter bekommen.\nDer Newsletter ist von: Konferenz A.');
		});

		it('an expired or forged token confirms nothing', async () => {
			const t0 = new Date('2026-11-01T10:00:00Z');
			await signUp('spaet@example.org', { now: t0 });
			// The job refuses to mail a link that expired while it waited; read the token from the sealed payload instead.
			// The one queued: every earlier one was run (and marked done) by its test.
			const { jobs } = data.t;
			const job = first(
				await data.q
					.select()
					.from(jobs)
					.where(and(eq(jobs.kind, 'newsletter.confirmSubscription'), eq(jobs.state, 'queued')))
			)!;
			expect(await runConfirmationJobs()).toEqual(['link_expired']);
			expect(job.payload).not.toMatch(/"token"/);
			await expect(confirmSubscription(data, { token: 'a'.repeat(32), clientAddress: null })).rejects.toThrow('subscribe_link_invalid');
			await expect(confirmSubscription(data, { token: 'x'.repeat(5000), clientAddress: null })).rejects.toThrow('subscribe_link_invalid');
			expect((await subscriberOf('spaet@example.org'))!.state).toBe('pending');
		});

		it('an expired link is refused at the button too', async () => {
			const now = new Date();
			await signUp('abgelaufen@example.org', { now });
			await runConfirmationJobs();
			const token = confirmationLink(mailsTo('abgelaufen@example.org')[0]);
			const later = new Date(now.getTime() + 73 * 3600_000);
			await expect(confirmSubscription(data, { token, clientAddress: null, now: later })).rejects.toThrow('subscribe_link_invalid');
			expect((await confirmSubscription(data, { token, clientAddress: null, now })).subscriberId).toBe((await subscriberOf('abgelaufen@example.org'))!.id);
		});

		it('says the same for every address and mails no one who is subscribed already; a second sign-up supersedes the first link', async () => {
			await signUp('zweimal@example.org');
			await signUp('zweimal@example.org');
			// The first mail's sign-up was superseded: only the second link goes out, and nothing counts as failed.
			expect(await runConfirmationJobs()).toEqual(['done', 'done']);
			expect(mailsTo('zweimal@example.org')).toHaveLength(1);
			const token = confirmationLink(mailsTo('zweimal@example.org')[0]);
			await confirmSubscription(data, { token, clientAddress: null });
			const before = (await consentsOf((await subscriberOf('zweimal@example.org'))!.id)).length;
			expect(await signUp('zweimal@example.org')).toEqual(await signUp('niemand-bisher@example.org'));
			expect(await runConfirmationJobs()).toEqual(['done']);
			expect(mailsTo('zweimal@example.org')).toHaveLength(1);
			expect(await consentsOf((await subscriberOf('zweimal@example.org'))!.id)).toHaveLength(before);
		});

		it('keeps the consent text in the language the form was shown in', async () => {
			await signUp('english@example.org', { locale: 'en' });
			const [signedUp] = await consentsOf((await subscriberOf('english@example.org'))!.id);
			expect(signedUp.formText).toBe(
				'Yes, I would like to receive the newsletter of Konferenz A by e-mail. My address is used for this alone and passed on to no one. I can unsubscribe at any time with the link in every e-mail.'
			);
		});

		it('refuses an address that is not one, and one too long', async () => {
			await expect(signUp('keine-adresse')).rejects.toThrow('subscribe_email_invalid');
			await expect(signUp(`${'a'.repeat(250)}@example.org`)).rejects.toThrow('subscribe_email_invalid');
		});
	});

	describe('personal links', () => {
		async function activeSubscriber(email: string) {
			await signUp(email);
			await runConfirmationJobs();
			await confirmSubscription(data, { token: confirmationLink(mailsTo(email).at(-1)!), clientAddress: null });
			return (await subscriberOf(email))!;
		}

		it('change the edition, unsubscribe (twice is once), and a forged or revoked link names no one', async () => {
			const subscriber = await activeSubscriber('links@example.org');
			const keys = linkKeysOn(data);
			const token = subscriberLinks(keys, ORIGIN, subscriber).unsubscribe.split('/').at(-1)!;
			expect((await subscriberByLink(data, keys, token))?.id).toBe(subscriber.id);
			expect(await subscriberByLink(data, keys, token.slice(0, -2) + 'AA')).toBeNull();
			expect(await changeSubscriptionEdition(data, { subscriberId: subscriber.id, edition: 'easy' })).toEqual({ changed: true });
			expect(await unsubscribeFromNewsletter(data, { subscriberId: subscriber.id, via: 'link' })).toEqual({ changed: true });
			expect(await unsubscribeFromNewsletter(data, { subscriberId: subscriber.id, via: 'one_click' })).toEqual({ changed: false });
			expect((await consentsOf(subscriber.id)).map((e) => [e.event, e.via])).toEqual([
				['signed_up', 'form'],
				['confirmation_sent', 'form'],
				['confirmed', 'link'],
				['preferences_changed', 'preferences'],
				['unsubscribed', 'link']
			]);
			await expect(changeSubscriptionEdition(data, { subscriberId: subscriber.id, edition: 'standard' })).rejects.toThrow('subscribe_not_subscribed');
			await data.q.update(data.t.newsletterSubscribers).set({ tokenVersion: 2 }).where(eq(data.t.newsletterSubscribers.id, subscriber.id));
			expect(await subscriberByLink(data, keys, token)).toBeNull();
		});

		it('"download my data" holds the subscription and its consent log; "delete my data" erases both, the audit log keeps no address', async () => {
			const subscriber = await activeSubscriber('loeschen@example.org');
			const mine = await subscriberData(data, { ...subscriber, conferenceName: 'Konferenz A' });
			expect(mine).toMatchObject({ email: 'loeschen@example.org', state: 'active', edition: 'standard' });
			expect(mine.consentLog.map((e) => e.event)).toEqual(['signed_up', 'confirmation_sent', 'confirmed']);
			await eraseOwnSubscription(data, { subscriberId: subscriber.id });
			expect(await subscriberOf('loeschen@example.org')).toBeUndefined();
			expect(await consentsOf(subscriber.id)).toEqual([]);
			const audit = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, subscriber.id));
			expect(audit).toHaveLength(1);
			expect(audit[0]).toMatchObject({ action: 'newsletter.eraseSubscriber', actorPersonId: null });
			expect(JSON.stringify(audit)).not.toContain('loeschen');
		});
	});

	describe('the office', () => {
		it('sees counts, the list and consent logs; erases on request; others may not', async () => {
			const office = await loadActorOn(data, fixture.ids.office);
			const overview = await subscriberOverview(data, office, fixture.conferenceA.id);
			expect(overview.counts.reduce((n, c) => n + c.n, 0)).toBe(overview.subscribers.length);
			const erika = overview.subscribers.find((s) => s.email === 'erika.muster@example.org')!;
			// A request to erase names the address: the office finds it by a part of it, typed as it is.
			expect((await subscriberOverview(data, office, fixture.conferenceA.id, { search: ' ERIKA.' })).subscribers.map((s) => s.id)).toEqual([erika.id]);
			expect((await subscriberOverview(data, office, fixture.conferenceA.id, { search: '%' })).total).toBe(0);
			expect((await subscriberOverview(data, office, fixture.conferenceA.id, { page: 99 })).page).toBe(1);
			expect(erika.consents.map((c) => c.event)).toEqual(['signed_up', 'confirmation_sent', 'confirmed']);
			for (const who of ['newsletterEditor', 'votingMember', 'otherOffice'] as const) {
				await expect(subscriberOverview(data, await loadActorOn(data, fixture.ids[who]), fixture.conferenceA.id)).rejects.toThrow(NotAllowed);
				await expect(
					eraseSubscriber(data, await loadActorOn(data, fixture.ids[who]), {
						conferenceId: fixture.conferenceA.id,
						subscriberId: erika.id
					})
				).rejects.toThrow(NotAllowed);
			}
			// The subscriber of one conference cannot be erased through another.
			await expect(
				eraseSubscriber(data, await loadActorOn(data, fixture.ids.otherOffice), {
					conferenceId: fixture.conferenceB.id,
					subscriberId: erika.id
				})
			).rejects.toThrow('not_found');
			await eraseSubscriber(data, office, { conferenceId: fixture.conferenceA.id, subscriberId: erika.id });
			expect(await subscriberOf('erika.muster@example.org')).toBeUndefined();
			expect(await consentsOf(erika.id)).toEqual([]);
			const audit = first(await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, erika.id)))!;
			expect(audit).toMatchObject({ action: 'newsletter.eraseSubscriber', actorPersonId: fixture.ids.office, after: { requestedBy: 'office' } });
			expect(JSON.stringify(audit)).not.toMatch(/erika|example\.org/i);
		});
	});

	describe('members on their account page', () => {
		beforeEach(async () => {
			await data.q.update(data.t.people).set({ email: 'Mitglied@Example.org' }).where(eq(data.t.people.id, fixture.ids.votingMember));
		});

		it('subscribe at once with the address the conference knows, change the edition, unsubscribe', async () => {
			const member = await loadActorOn(data, fixture.ids.votingMember);
			const { subscriberId } = await subscribeSelf(data, member, { conferenceId: fixture.conferenceA.id, edition: 'standard', locale: 'de' });
			expect(await subscriberOf('mitglied@example.org')).toMatchObject({ id: subscriberId, state: 'active', personId: fixture.ids.votingMember });
			await subscribeSelf(data, member, { conferenceId: fixture.conferenceA.id, edition: 'easy', locale: 'de' });
			expect(await mySubscriptions(data, member)).toEqual([
				{ conferenceId: fixture.conferenceA.id, conferenceName: 'Konferenz A', hasEmail: true, state: 'active', edition: 'easy' }
			]);
			expect(await unsubscribeSelf(data, member, { conferenceId: fixture.conferenceA.id })).toEqual({ changed: true });
			const log = await consentsOf(subscriberId);
			expect(log.map((e) => [e.event, e.via])).toEqual([
				['signed_up', 'account'],
				['confirmed', 'account'],
				['preferences_changed', 'account'],
				['unsubscribed', 'account']
			]);
			expect(log[0].formText).toContain('an die E-Mail-Adresse bekommen, die die Konferenz von mir kennt');
			expect(log[0].privacyPolicyVersion).toBe(PRIVACY_POLICY_VERSION);
			// Signed up and confirmed at one instant: "download my data" and the office's export still
			// tell them in that order, whatever order the random ids put them in.
			const subscriber = (await subscriberOf('mitglied@example.org'))!;
			const lifeOfConsent = ['signed_up', 'confirmed', 'preferences_changed', 'unsubscribed'];
			const mine = await subscriberData(data, { ...subscriber, conferenceName: 'Konferenz A' });
			expect(mine.consentLog.map((e) => e.event)).toEqual(lifeOfConsent);
			const exported = (await subscriberExport(data, await loadActorOn(data, fixture.ids.office), fixture.conferenceA.id)).find((s) => s.id === subscriberId)!;
			expect(exported.consents.map((e) => e.event)).toEqual(lifeOfConsent);
			// Not a member of conference B.
			await expect(subscribeSelf(data, member, { conferenceId: fixture.conferenceB.id, edition: 'standard', locale: 'de' })).rejects.toThrow(NotAllowed);
		});
	});

	describe('the sign-up throttle', () => {
		it('refuses a fourth sign-up of one address within the hour, and a flood from one client address', async () => {
			// The counters live in the process, not the database: each database's run starts with none,
			// or the second run's flood would be refused at its first sign-up and prove nothing.
			useStore(memoryStore);
			const input = (email: string) => ({
				conferenceId: fixture.conferenceA.id,
				email,
				edition: 'standard' as const,
				via: 'form' as const,
				locale: 'de' as const,
				clientAddress: null,
				origin: ORIGIN
			});
			for (let i = 0; i < 3; i++) await subscribeUnderLimits(data, '192.0.2.1', input('opfer@example.org'));
			await expect(subscribeUnderLimits(data, '192.0.2.2', input('Opfer@Example.org'))).rejects.toBeInstanceOf(LimitReached);
			let refused: unknown = null;
			let accepted = 0;
			for (let i = 0; i < 21 && !refused; i++) {
				await subscribeUnderLimits(data, '192.0.2.3', input(`flut${i}@example.org`)).then(
					() => (accepted += 1),
					(e) => (refused = e)
				);
			}
			expect(accepted, 'sign-ups from one client address before the refusal').toBe(20);
			expect(refused).toBeInstanceOf(LimitReached);
			expect((refused as LimitReached).refusal.limit).toBe('newsletterSignUp.address');
		});
	});
});

// Outside the loop, once, on SQLite: the build serves a database of its own (the demo's), read
// straight from its file, not the fixture. Serving it from PostgreSQL (startBuiltServer({ postgresUrl }))
// is left for a run that has the build (`npm run build`) to check it on.
describe('the production build', () => {
	const smtp = smtpCaptureForSuite();
	const mailsTo = (address: string) => mailsIn(smtp.received, address);
	let server: BuiltServer;
	let served: Db;
	const ADDRESS_HEADER = 'x-test-client';

	beforeAll(async () => {
		server = await startBuiltServer({ env: { SMTP_URL: smtp.url, ADDRESS_HEADER } });
		served = openDatabase(server.databaseFile);
	}, 90_000);
	afterAll(async () => {
		served?.$client.close();
		await server?.stop();
	});

	const demoConference = () => served.select({ id: conferences.id }).from(conferences).get()!.id;
	const servedSubscriber = (email: string) => served.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, email)).get();
	const form = (body: string, headers: Record<string, string> = {}) => ({
		method: 'POST',
		redirect: 'manual' as const,
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.origin, accept: 'text/html', [ADDRESS_HEADER]: '203.0.113.50', ...headers },
		body
	});
	async function mailFor(address: string) {
		for (let i = 0; i < 300; i++) {
			const found = mailsTo(address);
			if (found.length > 0) return found[0];
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`no mail to ${address}`);
	}

	it('double opt-in over HTTP: the form, the mail, a GET of the link that confirms nothing, the button that does', async () => {
		const conferenceId = demoConference();
		const signUpPage = `${server.origin}/oeffentlich/${conferenceId}/newsletter/anmelden`;
		const shown = await (await fetch(signUpPage)).text();
		const posted = await fetch(signUpPage, form('email=http-test%40example.org&name=&edition=standard&website='));
		expect(posted.status).toBe(200);
		expect(await posted.text()).toContain('Fast geschafft');
		const subscriber = servedSubscriber('http-test@example.org')!;
		const [signedUp] = served.select().from(newsletterConsents).where(eq(newsletterConsents.subscriberId, subscriber.id)).all();
		// Stored exactly as the page showed it.
		expect(shown).toContain(signedUp.formText!.split('\n')[0]);
		expect(signedUp).toMatchObject({ clientAddress: '203.0.113.50', privacyPolicyVersion: PRIVACY_POLICY_VERSION });

		const link = new URL(/http:\/\/127\.0\.0\.1:\d+\/newsletter\/bestaetigen\/[a-z0-9]+/.exec(await mailFor('http-test@example.org'))![0]);
		// A mail scanner opening the link confirms nothing.
		expect((await fetch(link)).status).toBe(200);
		expect(servedSubscriber('http-test@example.org')!.state).toBe('pending');
		const confirmed = await fetch(link, form(''));
		expect(await confirmed.text()).toContain('Danke, Ihre Bestellung ist bestätigt');
		expect(servedSubscriber('http-test@example.org')!.state).toBe('active');
		const events = served.select().from(newsletterConsents).where(eq(newsletterConsents.subscriberId, subscriber.id)).all();
		expect(events.map((e) => e.event)).toEqual(['signed_up', 'confirmation_sent', 'confirmed']);
		// A forged link shows the clear page, and a second press of the button too.
		expect(await (await fetch(link, form(''))).text()).toContain('Dieser Link gilt nicht mehr');
		expect(await (await fetch(`${server.origin}/newsletter/bestaetigen/erfunden`)).text()).toContain('Dieser Link gilt nicht mehr');
	});

	it('RFC 8058: a bare POST of List-Unsubscribe=One-Click (no cookie, no Origin) unsubscribes and answers 200 with no body', async () => {
		const conferenceId = demoConference();
		const row = served
			.insert(newsletterSubscribers)
			.values({ conferenceId, email: 'one-click@example.org', state: 'active', confirmedAt: new Date() })
			.returning()
			.get();
		const url = subscriberLinks(served, server.origin, row).oneClick;
		const bare = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };
		const answer = await fetch(url, bare);
		expect(answer.status).toBe(200);
		expect(await answer.text()).toBe('');
		expect(answer.headers.getSetCookie()).toEqual([]);
		expect(servedSubscriber('one-click@example.org')).toMatchObject({ state: 'unsubscribed' });
		const log = served.select().from(newsletterConsents).where(eq(newsletterConsents.subscriberId, row.id)).all();
		expect(log.map((e) => [e.event, e.via])).toEqual([['unsubscribed', 'one_click']]);
		// Repeated by the mail client, or for a link that names no one: the same empty 200, nothing logged.
		expect((await fetch(url, bare)).status).toBe(200);
		const forged = await fetch(`${server.origin}/newsletter/abmelden/${row.id}.1.AAAAAAAAAAAAAAAAAAAAAA`, bare);
		expect([forged.status, await forged.text()]).toEqual([200, '']);
		expect(served.select().from(newsletterConsents).where(eq(newsletterConsents.subscriberId, row.id)).all()).toHaveLength(1);
	});

	it('every other cross-site form post is still refused, on this path and elsewhere', async () => {
		const row = served
			.insert(newsletterSubscribers)
			.values({ conferenceId: demoConference(), email: 'bleibt@example.org', state: 'active', confirmedAt: new Date() })
			.returning()
			.get();
		const url = subscriberLinks(served, server.origin, row).unsubscribe;
		const evil = { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' };
		for (const body of ['', 'List-Unsubscribe=One-Click&x=1', 'List-Unsubscribe=Two-Clicks', 'list-unsubscribe=one-click']) {
			expect((await fetch(url, { method: 'POST', redirect: 'manual', headers: evil, body })).status, body).toBe(403);
		}
		// The body alone does not open other paths.
		expect(
			(await fetch(`${server.origin}/barrierefreiheit`, { method: 'POST', redirect: 'manual', headers: evil, body: 'List-Unsubscribe=One-Click' })).status
		).toBe(403);
		expect(
			(
				await fetch(`${server.origin}/newsletter/einstellungen/${url.split('/').at(-1)}?/unsubscribe`, {
					method: 'POST',
					redirect: 'manual',
					headers: evil,
					body: 'List-Unsubscribe=One-Click'
				})
			).status
		).toBe(403);
		expect(servedSubscriber('bleibt@example.org')!.state).toBe('active');
		// The visible link's page unsubscribes with its button, from our own origin.
		const page = await fetch(url, form(''));
		expect(await page.text()).toContain('Sie haben den Newsletter abbestellt');
		const log = served.select().from(newsletterConsents).where(eq(newsletterConsents.subscriberId, row.id)).all();
		expect(log.map((e) => [e.event, e.via])).toEqual([['unsubscribed', 'link']]);
	});

	it('the sign-up form answers a fourth sign-up of one address within the hour with 429 and Retry-After, the input kept', async () => {
		const signUpPage = `${server.origin}/oeffentlich/${demoConference()}/newsletter/anmelden`;
		for (let i = 0; i < 3; i++) {
			const accepted = await fetch(signUpPage, form('email=viermal%40example.org&edition=standard', { [ADDRESS_HEADER]: `198.51.100.${i}` }));
			expect(accepted.status).toBe(200);
		}
		const refused = await fetch(signUpPage, form('email=viermal%40example.org&edition=standard', { [ADDRESS_HEADER]: '198.51.100.99' }));
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		const html = await refused.text();
		expect(html).toContain('Von hier kamen gerade sehr viele Anmeldungen.');
		expect(html).toContain('value="viermal@example.org"');
	});

	it('the personal pages are never kept by a shared cache', async () => {
		const row = served
			.insert(newsletterSubscribers)
			.values({ conferenceId: demoConference(), email: 'cache@example.org', state: 'active', confirmedAt: new Date() })
			.returning()
			.get();
		const links = subscriberLinks(served, server.origin, row);
		for (const url of [links.preferences, links.unsubscribe, `${server.origin}/newsletter/bestaetigen/irgendwas`]) {
			expect((await fetch(url)).headers.get('cache-control'), url).toBe('private, no-store');
		}
	});

	it('a personal link that names no one gets the clear page from every form of the preferences page, never a fault', async () => {
		const forged = `${server.origin}/newsletter/einstellungen/abc.1.AAAAAAAAAAAAAAAAAAAAAA`;
		expect(await (await fetch(forged)).text()).toContain('Dieser Link gilt nicht');
		for (const [action, body] of [
			['edition', 'edition=easy'],
			['unsubscribe', ''],
			['erase', 'confirm=on']
		]) {
			const answer = await fetch(`${forged}?/${action}`, form(body));
			expect(answer.status, action).toBe(404);
			expect(await answer.text(), action).toContain('Dieser Link gilt nicht');
		}
		expect((await fetch(`${forged}/daten.json`)).status).toBe(404);
	});

	it('only the sign-up pages may be framed by other sites', async () => {
		const conferenceId = demoConference();
		for (const path of [`/oeffentlich/${conferenceId}/newsletter/anmelden`, `/oeffentlich/${conferenceId}/newsletter/anmelden/einfach`]) {
			expect((await fetch(`${server.origin}${path}`)).headers.get('content-security-policy'), path).toContain('frame-ancestors *');
		}
		for (const path of [`/oeffentlich/${conferenceId}`, `/oeffentlich/${conferenceId}/newsletter/datenschutz`, '/barrierefreiheit']) {
			expect((await fetch(`${server.origin}${path}`)).headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
		}
	});

	it('the office exports every subscriber with their consent events as CSV; nobody else can', async () => {
		const conferenceId = demoConference();
		const csvPath = `${server.origin}/conferences/${conferenceId}/newsletter/subscribers/export.csv`;
		const office = await server.signIn(server.demo('Geschäftsstelle').link);
		const response = await fetch(csvPath, { headers: { cookie: office } });
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		// Read with its byte-order mark, which `text()` would drop.
		const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
		expect(csv.startsWith('\uFEFFE-Mail;Name;Ausgabe;Stand')).toBe(true);
		expect(csv).toMatch(/http-test@example\.org;;standard;active;;signed_up;[^;]+;form;Ja, ich möchte den Newsletter/);
		expect(csv).toMatch(/one-click@example\.org;;standard;unsubscribed;;unsubscribed;[^;]+;one_click;/);
		const editor = await server.signIn(server.demo('Newsletter').link);
		expect((await fetch(csvPath, { headers: { cookie: editor }, redirect: 'manual' })).status).toBe(403);
		expect((await fetch(csvPath, { redirect: 'manual' })).status).not.toBe(200);
	});
});
