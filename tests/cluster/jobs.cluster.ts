import { browserOn, expect, openLink, test } from './fixture';

/**
 * Both instances run a job runner on the same queue. An invitation made on either queues one
 * mail; whichever runner claims it first sends it, and the other never does: exactly one mail,
 * through the real SMTP sink, per invitation, and one claim in the job's record.
 */
test('a mail job queued while both instances run goes out exactly once', async ({ browser, world }) => {
	const invited = [
		{ instance: 0, name: 'Fatma Yilmaz', email: 'fatma.yilmaz@elternverein.example' },
		{ instance: 1, name: 'Jonas Becker', email: 'jonas.becker@selbsthilfe.example' }
	];
	for (const person of invited) {
		const office = await browserOn(browser, world, person.instance);
		const { page } = office;
		await openLink(page, world.demo('Geschäftsstelle').link);
		await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
		await page.getByRole('link', { name: 'Person einladen' }).first().click();
		await page.getByLabel('Name', { exact: true }).fill(person.name);
		await page.getByLabel('E-Mail-Adresse (freiwillig)').fill(person.email);
		await page.getByLabel('Beratendes Mitglied').check();
		await page.getByLabel('Link auch per E-Mail schicken').check();
		await page.getByRole('button', { name: 'Einladen und Zugang erstellen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${person.name} ist eingeladen`);
		await office.context.close();
	}

	const jobFor = async (name: string) =>
		(
			await world.db.query(
				`SELECT jobs.state, jobs.attempts FROM jobs
				JOIN access_links ON jobs.key = 'mail.accessLink:' || access_links.id
				JOIN people ON people.id = access_links.person_id
				WHERE jobs.kind = 'mail.accessLink' AND people.display_name = $1`,
				[name]
			)
		).rows;
	for (const person of invited) {
		// Done, after one claim: no runner took it a second time.
		await expect.poll(() => jobFor(person.name), { timeout: 60_000 }).toEqual([{ state: 'done', attempts: 1 }]);
		const mails = world.mailsTo(person.email);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toContain('Subject: Ihr Zugang zur Gesundheitskonferenz Landkreis Musterstadt');
	}
});
