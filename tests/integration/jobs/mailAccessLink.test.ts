import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invitePerson } from '../../../src/lib/server/commands/invitePerson';
import { first, type Data } from '../../../src/lib/server/db/client';
import { mailAccessLink } from '../../../src/lib/server/jobs/kinds/mailAccessLink';
import { PermanentJobError } from '../../../src/lib/server/jobs/types';
import { loadActorOn } from '../../../src/lib/server/policies';
import { DIALECTS } from '../support/data';
import { fixtureOn, type Fixture } from '../support/fixtureOn';
import { useJobsSecret } from '../support/jobsSecret';

/** The invitation mail job's refusals, on SQLite and on PostgreSQL. */
useJobsSecret();

describe.each(DIALECTS)('the invitation mail job on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	/** Invites someone with mail, then lets the mail job's handler run against what the database holds by then. */
	async function inviteAndSend(email: string, before: (linkId: string) => Promise<void>, signal = new AbortController().signal) {
		const { link } = await invitePerson(data, await loadActorOn(data, fixture.ids.office), {
			conferenceId: fixture.conferenceA.id,
			displayName: 'Neue Person',
			email,
			organisation: null,
			preferredLocale: 'de',
			prefersEasyLanguage: false,
			role: 'member',
			memberStatus: 'voting',
			deputyForPersonId: null,
			linkExpiresAt: new Date(Date.now() + 86_400_000),
			mailLinkFrom: 'http://localhost:3000'
		});
		const job = first(
			await data.q
				.select()
				.from(data.t.jobs)
				.where(eq(data.t.jobs.key, `mail.accessLink:${link.id}`))
		)!;
		await before(link.id);
		return mailAccessLink.run(mailAccessLink.parse(JSON.parse(job.payload)), { data, jobId: job.id, attempt: 1, signal });
	}

	it('refuses for good to mail a link that expired while the mail waited (a retry days later)', async () => {
		const sent = inviteAndSend('abgelaufen@example.org', async (linkId) => {
			await data.q
				.update(data.t.accessLinks)
				.set({ expiresAt: new Date(Date.now() - 1000) })
				.where(eq(data.t.accessLinks.id, linkId));
		});
		await expect(sent).rejects.toBeInstanceOf(PermanentJobError);
		await expect(sent).rejects.toThrow('link_expired');
	});

	it('sends nothing once the runner has handed the job back at shutdown', async () => {
		const stopped = new AbortController();
		stopped.abort();
		await expect(inviteAndSend('angehalten@example.org', async () => {}, stopped.signal)).rejects.toThrow('stopped before sending');
	});
});
