import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createWorkingGroup } from '../../src/lib/server/commands/createWorkingGroup';
import { saveParticipationSettings } from '../../src/lib/server/commands/saveParticipationSettings';
import { updateConference } from '../../src/lib/server/commands/updateConference';
import { first, type Data } from '../../src/lib/server/db/client';
import { joinPage } from '../../src/lib/server/participation/joinPage';
import { ANONYMOUS, can, loadActorOn } from '../../src/lib/server/policies';
import { joinFacts } from '../../src/lib/server/queries/participation';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';

const WORDS = {
	whoCanJoin: 'Einrichtungen des Gesundheitswesens im Kreis A.',
	howToJoin: 'Ein formloser Brief an die Geschäftsstelle genügt.',
	whoCanJoinEasy: 'Alle aus dem Kreis A können mitmachen.',
	howToJoinEasy: 'Schreiben Sie uns einen Brief.',
	costs: null
};

describe.each(DIALECTS)('taking part on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});
	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const conferenceA = async () => first(await data.q.select().from(data.t.conferences).where(eq(data.t.conferences.id, fixture.conferenceA.id)))!;

	describe('saving how one takes part', () => {
		it('is the office’s (and the admins’): members and other offices are refused', async () => {
			for (const name of ['votingMember', 'moderator', 'otherOffice', 'groupCoordinator'] as const) {
				await expect(saveParticipationSettings(data, await actor(name), { conferenceId: fixture.conferenceA.id, participation: WORDS })).rejects.toThrow(
					expect.objectContaining({ status: expect.any(Number) })
				);
			}
			await saveParticipationSettings(data, await actor('office'), { conferenceId: fixture.conferenceA.id, participation: WORDS });
			const row = await conferenceA();
			expect(row.settings.participation).toEqual(WORDS);
			const audit = await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, 'participation.update'));
			expect(audit).toHaveLength(1);
		});

		it('survives a save of the general settings', async () => {
			const before = await conferenceA();
			const { participation: _kept, ...general } = before.settings;
			await updateConference(data, await actor('office'), fixture.conferenceA.id, {
				name: before.name,
				region: before.region,
				description: before.description,
				settings: { ...general, contactEmail: 'gesundheit@kreis-a.example', contactPhone: '0521 51-0' }
			});
			const after = await conferenceA();
			expect(after.settings.participation).toEqual(WORDS);
			expect(after.settings.contactEmail).toBe('gesundheit@kreis-a.example');
		});
	});

	describe('the public "Mitmachen" page', () => {
		it('is for anyone', () => {
			expect(can(ANONYMOUS, 'participation.view', { conferenceId: fixture.conferenceA.id })).toBe(true);
		});

		it('is generated from the conference’s own settings and the date of its next sitting', async () => {
			await createWorkingGroup(data, await actor('office'), {
				conferenceId: fixture.conferenceA.id,
				name: 'Lenkungsgruppe',
				description: null,
				kind: 'steering'
			});
			await createPlenarySession(data, await actor('office'), {
				conferenceId: fixture.conferenceA.id,
				title: 'Plenum Herbst',
				startsAt: new Date(Date.now() + 30 * 86_400_000),
				place: 'Kreishaus',
				videoUrl: null
			});
			const facts = (await joinFacts(data, fixture.conferenceA.id))!;
			expect(facts.participation).toEqual(WORDS);
			expect(facts.contact).toEqual({ email: 'gesundheit@kreis-a.example', phone: '0521 51-0' });
			// The next sitting's date only: its title and place, like the groups, are for the conference's members.
			expect(facts.nextPlenary).toEqual({ startsAt: expect.any(Date) });
			const standard = JSON.stringify(joinPage(facts, 'standard'));
			for (const internal of ['Plenum Herbst', 'Kreishaus', 'AG Pflege', 'AG Psyche']) expect(standard).not.toContain(internal);
			const easy = joinPage(facts, 'easy').sections.flatMap((s) => s.lines);
			expect(easy).toContain('Alle aus dem Kreis A können mitmachen.');
			expect(easy).toContain('Unsere E-Mail-Adresse: gesundheit@kreis-a.example');
		});

		it('of another conference shows nothing of this one, and says plainly what is not configured', async () => {
			const facts = (await joinFacts(data, fixture.conferenceB.id))!;
			expect(facts).toMatchObject({ participation: null, contact: { email: null, phone: null }, nextPlenary: null });
			const text = JSON.stringify(joinPage(facts, 'standard'));
			for (const own of [WORDS.whoCanJoin, WORDS.howToJoin, 'gesundheit@kreis-a.example', 'AG Pflege', 'Plenum Herbst']) expect(text).not.toContain(own);
			expect(text).toContain('Die Geschäftsstelle hat dazu noch nichts eingetragen.');
			expect(text).toContain('Mitmachen kostet nichts.');
			expect(await joinFacts(data, 'no-such-conference')).toBeNull();
		});
	});
});
