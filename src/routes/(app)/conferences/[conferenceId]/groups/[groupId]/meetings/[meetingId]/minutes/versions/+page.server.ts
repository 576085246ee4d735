import type { PageServerLoad } from './$types';
import { minutesPageContext } from '$lib/server/minutes/page';
import { listMinutesVersions } from '$lib/server/queries/minutes';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const { group, meeting, overview } = await minutesPageContext(data, locals.actor, params, 'minutes.viewVersions');
	return {
		group: { id: group.id, name: group.name },
		meeting: { id: meeting.id, title: meeting.title },
		status: overview.status,
		versions: await listMinutesVersions(data, meeting.id)
	};
};
