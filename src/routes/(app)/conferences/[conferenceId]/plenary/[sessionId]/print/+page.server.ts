import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { sessionForExport } from '$lib/server/queries/plenaryExport';
import { listResolutions } from '$lib/server/queries/votes';
import { speechRecord } from '$lib/server/queries/speechRecord';

/** Agenda, resolutions and who spoke how long: a session as one document to print or keep. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const exported = await sessionForExport(data, params.conferenceId, params.sessionId);
	if (!exported) error(404, { message: 'not_found' });
	const { conference, session } = exported;
	authorize(locals.actor, 'plenary.view', { conferenceId: conference.id, sessionId: session.id });
	return {
		session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place, videoUrl: session.videoUrl },
		agenda: exported.items,
		agendaBroken: exported.agendaBroken,
		plannedEnd: exported.plannedEnd,
		resolutions: await listResolutions(data, session.id),
		speeches: (await speechRecord(data, session.id)) ?? []
	};
};
