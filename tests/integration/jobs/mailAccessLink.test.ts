import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitePerson } from '../../../src/lib/server/commands/invitePerson';
import { accessLinks, jobs } from '../../../src/lib/server/db/schema';
import { mailAccessLink } from '../../../src/lib/server/jobs/kinds/mailAccessLink';
import { PermanentJobError } from '../../../src/lib/server/jobs/types';
import { loadActorOn } from '../../../src/lib/server/policies';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { sqliteData } from '../../../src/lib/server/db/client';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

/** Invites someone with mail, then lets the mail job's handler run against what the database holds by then. */
async function inviteAndSend(email: string, before: (linkId: string) => void, signal = new AbortController().signal) {
	const { link } = await invitePerson(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.office), {
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
	const job = db
		.select()
		.from(jobs)
		.where(eq(jobs.key, `mail.accessLink:${link.id}`))
		.get()!;
	before(link.id);
	return mailAccessLink.run(mailAccessLink.parse(JSON.parse(job.payload)), { data: sqliteData(db.$client), jobId: job.id, attempt: 1, signal });
}

describe('the invitation mail job', () => {
	it('refuses for good to mail a link that expired while the mail waited (a retry days later)', async () => {
		const sent = inviteAndSend('abgelaufen@example.org', (linkId) => {
			db.update(accessLinks)
				.set({ expiresAt: new Date(Date.now() - 1000) })
				.where(eq(accessLinks.id, linkId))
				.run();
		});
		await expect(sent).rejects.toBeInstanceOf(PermanentJobError);
		await expect(sent).rejects.toThrow('link_expired');
	});

	it('sends nothing once the runner has handed the job back at shutdown', async () => {
		const stopped = new AbortController();
		stopped.abort();
		await expect(inviteAndSend('angehalten@example.org', () => {}, stopped.signal)).rejects.toThrow('stopped before sending');
	});
});
