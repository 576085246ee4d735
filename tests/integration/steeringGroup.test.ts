import { describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { recommendationDoc } from '../../src/lib/collab/recommendationDoc';
import { addAgendaItem, readAgenda } from '../../src/lib/plenary/agenda';
import { readLive, setCurrentItem } from '../../src/lib/plenary/live';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { docAccess } from '../../src/lib/server/collab/access';
import { docStoreOn } from '../../src/lib/server/collab/docStoreOn';
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
import { can } from '../../src/lib/server/policies';
import { steeringGroupFor } from '../../src/lib/server/queries/steeringGroup';
import { collabMetrics } from '../../server/collab/metrics';
import { collabTestBedOn } from './support/collabBedOn';
import { connect, until } from './support/collab';
import { DIALECTS } from './support/data';
import { refusalOf } from './support/errors';

describe.each(DIALECTS)('the steering group on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	const actor = bed.actor;
	const conferenceId = () => bed.fixture.conferenceA.id;
	const group = (name: string, kind: 'working' | 'steering' | 'other') => ({ conferenceId: conferenceId(), name, description: null, kind });

	let steeringId: string;

	describe('the steering group: one per conference', () => {
		it('is created once; a second one is refused next to the kind field, also by changing another group', async () => {
			steeringId = (await createWorkingGroup(bed.data, await actor('office'), group('Lenkungsgruppe', 'steering'))).id;
			expect(await refusalOf(createWorkingGroup(bed.data, await actor('office'), group('Zweite Lenkungsgruppe', 'steering')))).toBe('steering_group_exists');
			const refusal = (async () => {
				try {
					await updateWorkingGroup(bed.data, await actor('office'), { ...group('AG Pflege', 'steering'), groupId: bed.fixture.group.id });
				} catch (e) {
					return e as { code: string; field: string };
				}
			})();
			expect(await refusal).toMatchObject({ code: 'steering_group_exists', field: 'kind' });
			// Renaming the steering group itself keeps its kind and is no second one.
			await updateWorkingGroup(bed.data, await actor('office'), { ...group('Lenkungsgruppe Gesundheit', 'steering'), groupId: steeringId });
			// Another conference has its own.
			expect(
				(
					await createWorkingGroup(bed.data, await actor('otherOffice'), {
						...group('Lenkungsgruppe B', 'steering'),
						conferenceId: bed.fixture.conferenceB.id
					})
				).kind
			).toBe('steering');
		});

		it('stands apart with its members and its next meeting, for those who may open it', async () => {
			await assignGroupRole(bed.data, await actor('office'), {
				conferenceId: conferenceId(),
				groupId: steeringId,
				personId: bed.fixture.ids.moderator,
				role: 'coordinator'
			});
			const later = new Date(Date.now() + 7 * 86_400_000);
			await createGroupMeeting(bed.data, await actor('office'), {
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
			const shown = await steeringGroupFor(bed.data, await actor('votingMember'), conferenceId());
			expect(shown).toMatchObject({ name: 'Lenkungsgruppe Gesundheit', nextMeeting: { title: 'Vorbereitung Plenum', place: 'Kreishaus' } });
			expect(shown?.members.map((p) => [p.displayName, p.roles])).toEqual([['moderator', ['coordinator']]]);
			expect(await steeringGroupFor(bed.data, await actor('otherOffice'), conferenceId())).toBeNull();
		});
	});

	describe('the steering group’s rights: agendas and which recommendation goes to which sitting', () => {
		let sessionId: string;
		let itemId: string;
		let recommendationId: string;

		async function agreedRecommendation() {
			const row = await createRecommendation(bed.data, await actor('groupMember'), {
				conferenceId: conferenceId(),
				groupId: bed.fixture.group.id,
				title: 'Kurzzeitpflege'
			});
			await changeDocumentOn(bed.data, recommendationDoc(row.id), (doc) => {
				for (const [field, value] of Object.entries({
					problem: 'Es fehlen Plätze.',
					proposal: 'Der Kreis fördert Plätze.',
					responsibleBodies: 'Kreistag',
					easySummary: 'Es gibt zu wenig Plätze.'
				}))
					doc.getText(field).insert(0, value);
			});
			const ref = { conferenceId: conferenceId(), recommendationId: row.id };
			await agreeOnRecommendation(bed.data, await actor('groupCoordinator'), ref);
			// Agreed in the group and handed to the plenary: now it waits for a sitting.
			await submitRecommendation(bed.data, await actor('groupCoordinator'), ref);
			return row.id;
		}

		it('a plain voting member neither plans the agenda nor schedules', async () => {
			sessionId = (
				await createPlenarySession(bed.data, await actor('office'), {
					conferenceId: conferenceId(),
					title: 'Plenum',
					startsAt: new Date(),
					place: 'Saal',
					videoUrl: null
				})
			).id;
			await changeDocumentOn(bed.data, plenaryDoc(sessionId), (doc) => {
				itemId = addAgendaItem(doc, { title: 'Empfehlungen der AGs', description: '', presenter: '', durationMinutes: 30, type: 'decision' });
			});
			recommendationId = await agreedRecommendation();
			for (const name of ['votingMember', 'groupCoordinator'] as const) {
				expect(await docAccess(bed.data, await actor(name), plenaryDoc(sessionId))).toBe('read');
				expect(can(await actor(name), 'plenary.planAgenda', { conferenceId: conferenceId(), sessionId })).toBe(false);
				await expect(
					scheduleRecommendation(bed.data, await actor(name), {
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
			await assignGroupRole(bed.data, await actor('office'), role);
			expect(await docAccess(bed.data, await actor('votingMember'), plenaryDoc(sessionId))).toBe('write');

			const editor = bed.track(connect(bed.server.url, plenaryDoc(sessionId), await bed.cookie('votingMember'), { origin: bed.server.origin }));
			await editor.synced();
			addAgendaItem(editor.doc, {
				title: 'Bericht der Lenkungsgruppe',
				description: '',
				presenter: 'Lenkungsgruppe',
				durationMinutes: 10,
				type: 'information'
			});
			const stored = async () => readAgenda(await docStoreOn(bed.data).read(plenaryDoc(sessionId))).map((i) => i.title);
			await until(async () => (await stored()).includes('Bericht der Lenkungsgruppe'), 5000, 'the steering member’s item stored');

			const scheduled = await scheduleRecommendation(bed.data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				recommendationId,
				sessionId,
				agendaItemId: itemId
			});
			expect(scheduled).toMatchObject({ sessionId, agendaItemId: itemId });

			// Leaving the steering group: the open connection goes on read-only, the member's edits go nowhere.
			const present = () => bed.server.docs.presenceOf(plenaryDoc(sessionId)).states.has(editor.doc.clientID);
			editor.provider.awareness.setLocalStateField('user', { name: 'votingMember' });
			await until(present, 5000, 'the editor’s presence');
			await removeGroupRole(bed.data, await actor('office'), role);
			// The server re-decides the connection after the commit, in its own time (on PostgreSQL under
			// load, past the 100 ms this waited before): a writer turned read-only loses its presence.
			await until(() => !present(), 5000, 'the editor turned read-only');
			const droppedBefore = (await collabMetrics().readOnlyDropped.get()).values[0].value;
			addAgendaItem(editor.doc, { title: 'Nach dem Austritt', description: '', presenter: '', durationMinutes: 5, type: 'discussion' });
			// Until the server has dropped the edit, not for a while: a slow store would otherwise pass unseen.
			await until(async () => (await collabMetrics().readOnlyDropped.get()).values[0].value > droppedBefore, 5000, 'the edit dropped');
			expect(editor.provider.wsconnected).toBe(true);
			expect(await stored()).not.toContain('Nach dem Austritt');
			expect(await docAccess(bed.data, await actor('votingMember'), plenaryDoc(sessionId))).toBe('read');
			const next = await agreedRecommendation();
			await expect(
				scheduleRecommendation(bed.data, await actor('votingMember'), {
					conferenceId: conferenceId(),
					recommendationId: next,
					sessionId,
					agendaItemId: itemId
				})
			).rejects.toMatchObject({ status: 403 });
		});

		it('a steering-group member changes the agenda only, not the live sitting: the document server refuses the rest', async () => {
			const role = { conferenceId: conferenceId(), groupId: steeringId, personId: bed.fixture.ids.advisoryMember, role: 'member' as const };
			await assignGroupRole(bed.data, await actor('office'), role);
			const live = async () => readLive(await docStoreOn(bed.data).read(plenaryDoc(sessionId))).current?.id ?? null;
			const steering = bed.track(connect(bed.server.url, plenaryDoc(sessionId), await bed.cookie('advisoryMember'), { origin: bed.server.origin }));
			await steering.synced();
			const closed = new Promise<number>((resolve) => steering.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code)));
			// Opening an item is running the sitting: refused, the connection closed, nothing stored.
			setCurrentItem(steering.doc, itemId);
			expect(await closed).toBe(CLOSE.forbidden);
			expect(await live()).toBeNull();

			// Whoever runs the sitting opens it.
			const moderator = bed.track(connect(bed.server.url, plenaryDoc(sessionId), await bed.cookie('moderator'), { origin: bed.server.origin }));
			await moderator.synced();
			setCurrentItem(moderator.doc, itemId);
			await until(async () => (await live()) === itemId, 5000, 'the moderator’s current item stored');
			await removeGroupRole(bed.data, await actor('office'), role);
		});

		it('a group that stops being the steering group takes the rights of its members with it', async () => {
			await assignGroupRole(bed.data, await actor('office'), {
				conferenceId: conferenceId(),
				groupId: steeringId,
				personId: bed.fixture.ids.deputy,
				role: 'member'
			});
			expect(await docAccess(bed.data, await actor('deputy'), plenaryDoc(sessionId))).toBe('write');
			await updateWorkingGroup(bed.data, await actor('office'), { ...group('Lenkungsgruppe Gesundheit', 'other'), groupId: steeringId });
			expect(await docAccess(bed.data, await actor('deputy'), plenaryDoc(sessionId))).toBe('read');
			expect(await steeringGroupFor(bed.data, await actor('office'), conferenceId())).toBeNull();
		});
	});
});
