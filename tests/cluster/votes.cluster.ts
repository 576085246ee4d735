import { openDatabase } from '../../scripts/lib/database.mjs';
import { addMembers, todaysSitting } from '../../scripts/lib/members.mjs';
import { browserOn, expect, openLink, postForm, test, type ClusterWorld, type PinnedBrowser } from './fixture';

const VOTERS = 200;
/** Members who press twice, the second time on the other instance with another choice (a second device). */
const TWICE = 20;
const ALREADY_VOTED = 'Sie haben in dieser Abstimmung schon abgestimmt. Ihre Stimme ist gezählt.';

/**
 * VOTERS voting members of the demo conference, checked in to today's sitting, each signed in,
 * written into the shared database (the bench's members): nothing in an instance caches people or
 * sessions.
 */
async function addVoters(world: ClusterWorld) {
	const data = await openDatabase(world.databaseUrl);
	try {
		const sitting = await todaysSitting(data);
		return { sitting, voters: await addMembers(data, sitting, VOTERS) };
	} finally {
		await data.close();
	}
}

const opened: PinnedBrowser[] = [];
test.afterEach(async () => {
	await Promise.all(opened.splice(0).map((b) => b.context.close()));
});

test('200 voters spread over both instances vote in one poll; each is counted once, and screens on both instances follow the count', async ({
	browser,
	world
}) => {
	const { sitting, voters } = await addVoters(world);
	const sittingPath = `/conferences/${sitting.conferenceId}/plenary/${sitting.id}`;

	// The wall of the room, once on each instance.
	const walls = [];
	for (const instance of [0, 1]) {
		const wall = await browserOn(browser, world, instance);
		opened.push(wall);
		await openLink(wall.page, world.demo('Geschäftsstelle').link);
		await wall.page.goto(`/projector/${sitting.id}`);
		walls.push(wall.page);
	}

	// The moderator opens the vote on instance 0, through the session page.
	const moderator = await browserOn(browser, world, 0);
	opened.push(moderator);
	await openLink(moderator.page, world.demo('Moderation').link);
	await moderator.page.goto(sittingPath);
	const poll = moderator.page.locator('#poll');
	await poll.getByLabel('Tagesordnungspunkt').selectOption({ label: '4. Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen' });
	await poll.getByLabel('Antrag (Wortlaut)').fill('Die Konferenz empfiehlt feste Sprechstunden an allen weiterführenden Schulen.');
	await poll.getByLabel('Abstimmung (Ja / Nein / Enthaltung)').check();
	await poll.getByLabel('namentlich').check();
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(poll.getByText('Abstimmung läuft – Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen')).toBeVisible();
	for (const wall of walls) await expect(wall.getByText(/^0 von \d+ Stimmen abgegeben$/)).toBeVisible();

	{
		const pollId = (await world.db.query<{ id: string }>("SELECT id FROM polls WHERE session_id = $1 AND status = 'open'", [sitting.id])).rows[0]?.id;
		expect(pollId).toBeTruthy();

		// Every voter at once, half through each instance; some press twice, the second time with
		// another choice through the other instance, at the same moment.
		const choices = ['yes', 'no', 'abstain'];
		const answers = await Promise.all(
			voters.flatMap((voter, i) => {
				const choice = choices[i % 3];
				const sends = [postForm(world, i % 2, sittingPath, voter.cookie, 'vote', { pollId, choice }).then((a) => ({ ...a, voter, choice, instance: i % 2 }))];
				if (i < TWICE) {
					const other = choices[(i + 1) % 3];
					sends.push(
						postForm(world, (i + 1) % 2, sittingPath, voter.cookie, 'vote', { pollId, choice: other }).then((a) => ({
							...a,
							voter,
							choice: other,
							instance: (i + 1) % 2
						}))
					);
				}
				return sends;
			})
		);
		const accepted = answers.filter((a) => a.status === 303);
		const unexpected = answers.filter((a) => a.status !== 303 && !(a.status === 400 && a.body.includes(ALREADY_VOTED)));
		expect(unexpected.map((a) => `instance ${a.instance}: ${a.status} ${a.body.replace(/\s+/g, ' ').slice(0, 300)}`)).toEqual([]);
		expect(accepted).toHaveLength(VOTERS);
		expect(new Set(accepted.map((a) => a.voter.personId)).size).toBe(VOTERS);

		// Both walls show every vote, live, whichever instance took it.
		for (const wall of walls) await expect(wall.getByText(new RegExp(`^${VOTERS} von \\d+ Stimmen abgegeben$`))).toBeVisible();

		// The record: one ballot per voter, with the choice of the answer that said "counted".
		const ballots = (
			await world.db.query<{ voter: string; choice: string }>('SELECT voter_person_id AS voter, choice FROM poll_ballots WHERE poll_id = $1', [pollId])
		).rows;
		expect(ballots).toHaveLength(VOTERS);
		const counted = new Map(accepted.map((a) => [a.voter.personId, a.choice]));
		expect(ballots.filter((b) => counted.get(b.voter) !== b.choice)).toEqual([]);
	}
});
