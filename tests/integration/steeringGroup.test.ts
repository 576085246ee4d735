import { describe, expect, it } from 'vitest';
import { sqliteData } from '../../src/lib/server/db/client';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { recommendationDoc } from '../../src/lib/collab/recommendationDoc';
import { addAgendaItem, readAgenda } from '../../src/lib/plenary/agenda';
import { readLive, setCurrentItem } from '../../src/lib/plenary/live';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { docAccess } from '../../src/lib/server/collab/access';
import { createDocStore } from '../../src/lib/server/collab/docStore';
import { agreeOnRecommendation } from '../../src/lib/server/commands/agreeOnRecommendation';
import { assignGroupRole } from '../../src/lib/server/commands/assignGroupRole';
import { createGroupMeeting } from '../../src/lib/server/commands/createGroupMeeting';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createRecommendation } from '../../src/lib/server/commands/createRecommendation';
import { createWorkingGroup } from '../../src/lib/server/commands/createWorkingGroup';
import { removeGroupRole } from '../../src/lib/server/commands/removeGroupRole';
import { submitRecommendation } from '../../src/lib/server/commands/submitRecommendation';
import { scheduleRecommendation } from '../../src/lib/server/commands/scheduleRecommendation';
import { updateWorkingGroup } from '../../src/lib/server/commands/updateWorkingGroup';
import { can, loadActorOn } from '../../src/lib/server/policies';
import { steeringGroupFor } from '../../src/lib/server/queries/steeringGroup';
import { collabTestBed } from './support/collabBed';
import { connect, sessionCookie, until } from './support/collab';
import type { ActorName } from './support/fixture';
import { refusalOf } from './support/errors';

const bed = collabTestBed();
const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(sqliteData(bed.db.$client), bed.fixture.ids[name]);
const conferenceId = () => bed.fixture.conferenceA.id;
const group = (name: string, kind: 'working' | 'steering' | 'other') => ({ conferenceId: conferenceId(), name, description: null, kind });

let steeringId: string;

describe('the steering group: one per conference', () => {
	it('is created once; a second one is refused next to the kind field, also by changing another group', async () => {
		steeringId = (await createWorkingGroup(sqliteData(bed.db.$client), await actor('office'), group('Lenkungsgruppe', 'steering'))).id;
		expect(await refusalOf(createWorkingGroup(sqliteData(bed.db.$client), await actor('office'), group('Zweite Lenkungsgruppe', 'steering')))).toBe(
			'steering_group_exists'
		);
		const refusal = (async () => {
			try {
				await updateWorkingGroup(sqliteData(bed.db.$client), await actor('office'), { ...group('AG Pflege', 'steering'), groupId: bed.fixture.group.id });
			} catch (e) {
				return e as { code: string; field: string };
			}
		})();
		expect(await refusal).toMatchObject({ code: 'steering_group_exists', field: 'kind' });
		// Renaming the steering group itself keeps its kind and is no second one.
		await updateWorkingGroup(sqliteData(bed.db.$client), await actor('office'), { ...group('Lenkungsgruppe Gesundheit', 'steering'), groupId: steeringId });
		// Another conference has its own.
		expect(
			(
				await createWorkingGroup(sqliteData(bed.db.$client), await actor('otherOffice'), {
					...group('Lenkungsgruppe B', 'steering'),
					conferenceId: bed.fixture.conferenceB.id
				})
			).kind
		).toBe('steering');
	});

	it('stands apart with its members and its next meeting, for those who may open it', async () => {
		await assignGroupRole(sqliteData(bed.db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			groupId: steeringId,
			personId: bed.fixture.ids.moderator,
			role: 'coordinator'
		});
		const later = new Date(Date.now() + 7 * 86_400_000);
		await createGroupMeeting(sqliteData(bed.db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			groupId: steeringId,
			title: 'Vorbereitung Plenum',
			startsAt: later,
			durationMinutes: 90,
			place: 'Kreishaus',
			videoUrl: null,
			agenda: [],
			moderatorPersonId: null,
			minuteTakerPersonId: null
		});
		const shown = await steeringGroupFor(sqliteData(bed.db.$client), await actor('votingMember'), conferenceId());
		expect(shown).toMatchObject({ name: 'Lenkungsgruppe Gesundheit', nextMeeting: { title: 'Vorbereitung Plenum', place: 'Kreishaus' } });
		expect(shown?.members.map((p) => [p.displayName, p.roles])).toEqual([['moderator', ['coordinator']]]);
		expect(await steeringGroupFor(sqliteData(bed.db.$client), await actor('otherOffice'), conferenceId())).toBeNull();
	});
});

describe('the steering group’s rights: agendas and which recommendation goes to which sitting', () => {
	let sessionId: string;
	let itemId: string;
	let recommendationId: string;

	async function agreedRecommendation() {
		const row = await createRecommendation(sqliteData(bed.db.$client), await actor('groupMember'), {
			conferenceId: conferenceId(),
			groupId: bed.fixture.group.id,
			title: 'Kurzzeitpflege'
		});
		await changeDocumentOn(sqliteData(bed.db.$client), recommendationDoc(row.id), (doc) => {
			for (const [field, value] of Object.entries({
				problem: 'Es fehlen Plätze.',
				proposal: 'Der Kreis fördert Plätze.',
				responsibleBodies: 'Kreistag',
				easySummary: 'Es gibt zu wenig Plätze.'
			}))
				doc.getText(field).insert(0, value);
		});
		const ref = { conferenceId: conferenceId(), recommendationId: row.id };
		await agreeOnRecommendation(sqliteData(bed.db.$client), await actor('groupCoordinator'), ref);
		// Agreed in the group and handed to the plenary: now it waits for a sitting.
		await submitRecommendation(sqliteData(bed.db.$client), await actor('groupCoordinator'), ref);
		return row.id;
	}

	it('a plain voting member neither plans the agenda nor schedules', async () => {
		sessionId = (
			await createPlenarySession(sqliteData(bed.db.$client), await actor('office'), {
				conferenceId: conferenceId(),
				title: 'Plenum',
				startsAt: new Date(),
				place: 'Saal',
				videoUrl: null
			})
		).id;
		await changeDocumentOn(sqliteData(bed.db.$client), plenaryDoc(sessionId), (doc) => {
			itemId = addAgendaItem(doc, { title: 'Empfehlungen der AGs', description: '', presenter: '', durationMinutes: 30, type: 'decision' });
		});
		recommendationId = await agreedRecommendation();
		for (const name of ['votingMember', 'groupCoordinator'] as const) {
			expect(await docAccess(sqliteData(bed.db.$client), await actor(name), plenaryDoc(sessionId))).toBe('read');
			expect(can(await actor(name), 'plenary.planAgenda', { conferenceId: conferenceId(), sessionId })).toBe(false);
			await expect(
				scheduleRecommendation(sqliteData(bed.db.$client), await actor(name), {
					conferenceId: conferenceId(),
					recommendationId,
					sessionId,
					agendaItemId: itemId
				})
			).rejects.toMatchObject({ status: 403 });
		}
	});

	it('a steering-group member edits the agenda through the document server and puts an agreed recommendation on a sitting; leaving takes both away', async () => {
		const role = { conferenceId: conferenceId(), groupId: steeringId, personId: bed.fixture.ids.votingMember, role: 'member' as const };
		await assignGroupRole(sqliteData(bed.db.$client), await actor('office'), role);
		expect(await docAccess(sqliteData(bed.db.$client), await actor('votingMember'), plenaryDoc(sessionId))).toBe('write');

		const editor = bed.track(
			connect(bed.server.url, plenaryDoc(sessionId), await sessionCookie(bed.db, bed.fixture.ids.votingMember), { origin: bed.server.origin })
		);
		await editor.synced();
		addAgendaItem(editor.doc, { title: 'Bericht der Lenkungsgruppe', description: '', presenter: 'Lenkungsgruppe', durationMinutes: 10, type: 'information' });
		const stored = () => readAgenda(createDocStore(bed.db).read(plenaryDoc(sessionId))).map((i) => i.title);
		await until(() => stored().includes('Bericht der Lenkungsgruppe'), 5000, 'the steering member’s item stored');

		const scheduled = await scheduleRecommendation(sqliteData(bed.db.$client), await actor('votingMember'), {
			conferenceId: conferenceId(),
			recommendationId,
			sessionId,
			agendaItemId: itemId
		});
		expect(scheduled).toMatchObject({ sessionId, agendaItemId: itemId });

		// Leaving the steering group: the open connection goes on read-only, the member's edits go nowhere.
		await removeGroupRole(sqliteData(bed.db.$client), await actor('office'), role);
		await new Promise((r) => setTimeout(r, 100));
		addAgendaItem(editor.doc, { title: 'Nach dem Austritt', description: '', presenter: '', durationMinutes: 5, type: 'discussion' });
		await new Promise((r) => setTimeout(r, 300));
		expect(editor.provider.wsconnected).toBe(true);
		expect(stored()).not.toContain('Nach dem Austritt');
		expect(await docAccess(sqliteData(bed.db.$client), await actor('votingMember'), plenaryDoc(sessionId))).toBe('read');
		const next = await agreedRecommendation();
		await expect(
			scheduleRecommendation(sqliteData(bed.db.$client), await actor('votingMember'), {
				conferenceId: conferenceId(),
				recommendationId: next,
				sessionId,
				agendaItemId: itemId
			})
		).rejects.toMatchObject({ status: 403 });
	});

	it('a steering-group member changes the agenda only, not the live sitting: the document server refuses the rest', async () => {
		const role = { conferenceId: conferenceId(), groupId: steeringId, personId: bed.fixture.ids.advisoryMember, role: 'member' as const };
		await assignGroupRole(sqliteData(bed.db.$client), await actor('office'), role);
		const live = () => readLive(createDocStore(bed.db).read(plenaryDoc(sessionId))).current?.id ?? null;
		const steering = bed.track(
			connect(bed.server.url, plenaryDoc(sessionId), await sessionCookie(bed.db, bed.fixture.ids.advisoryMember), { origin: bed.server.origin })
		);
		await steering.synced();
		const closed = new Promise<number>((resolve) => steering.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code)));
		// Opening an item is running the sitting: refused, the connection closed, nothing stored.
		setCurrentItem(steering.doc, itemId);
		expect(await closed).toBe(CLOSE.forbidden);
		expect(live()).toBeNull();

		// Whoever runs the sitting opens it.
		const moderator = bed.track(
			connect(bed.server.url, plenaryDoc(sessionId), await sessionCookie(bed.db, bed.fixture.ids.moderator), { origin: bed.server.origin })
		);
		await moderator.synced();
		setCurrentItem(moderator.doc, itemId);
		await until(() => live() === itemId, 5000, 'the moderator’s current item stored');
		await removeGroupRole(sqliteData(bed.db.$client), await actor('office'), role);
	});

	it('a group that stops being the steering group takes the rights of its members with it', async () => {
		await assignGroupRole(sqliteData(bed.db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			groupId: steeringId,
			personId: bed.fixture.ids.deputy,
			role: 'member'
		});
		expect(await docAccess(sqliteData(bed.db.$client), await actor('deputy'), plenaryDoc(sessionId))).toBe('write');
		await updateWorkingGroup(sqliteData(bed.db.$client), await actor('office'), { ...group('Lenkungsgruppe Gesundheit', 'other'), groupId: steeringId });
		expect(await docAccess(sqliteData(bed.db.$client), await actor('deputy'), plenaryDoc(sessionId))).toBe('read');
		expect(await steeringGroupFor(sqliteData(bed.db.$client), await actor('office'), conferenceId())).toBeNull();
	});
});
