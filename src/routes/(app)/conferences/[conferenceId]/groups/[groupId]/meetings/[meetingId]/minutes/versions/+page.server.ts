import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { minutesPageContext } from '$lib/server/minutes/page';
import { listMinutesVersions } from '$lib/server/queries/minutes';

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = getDb();
	const { group, meeting, overview } = await minutesPageContext(db, locals.actor, params, 'minutes.viewVersions');
	return {
		group: { id: group.id, name: group.name },
		meeting: { id: meeting.id, title: meeting.title },
		status: overview.status,
		versions: listMinutesVersions(db, meeting.id)
	};
};
