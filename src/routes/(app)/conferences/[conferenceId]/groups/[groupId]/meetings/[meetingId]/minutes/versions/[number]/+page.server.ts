import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/server/policies';
import { minutesPageContext } from '$lib/server/minutes/page';
import { getMinutesVersion, listMinutesVersions } from '$lib/server/queries/minutes';
import { compareLines } from '$lib/minutes/compare';
import { minutesLines } from '$lib/minutes/render';
import { minutesLabels } from '$lib/server/minutes/labels';
import { readDocumentUnlessBrokenOn } from '$lib/server/collab/readDocument';
import { minutesDoc } from '$lib/collab/docNames';
import { handleForm } from '$lib/server/forms/action';
import { restoreVersionForm } from '$lib/server/forms/minutes';
import { restoreMinutesVersion } from '$lib/server/commands/restoreMinutesVersion';
import { getData } from '$lib/server/db/data';
import type { Data } from '$lib/server/db/client';

/** The lines of the minutes as they stand, in the words versions are stored with; null when they cannot be opened. */
function currentLines(data: Data, meetingId: string): Promise<string[] | null> {
	return readDocumentUnlessBrokenOn(data, minutesDoc(meetingId), (doc) => minutesLines(doc, minutesLabels()));
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const data = getData();
	const { group, meeting, overview, subject } = await minutesPageContext(data, locals.actor, params, 'minutes.viewVersions');
	const number = Number(params.number);
	const version = Number.isInteger(number) ? await getMinutesVersion(data, meeting.id, number) : undefined;
	if (!version) error(404, { message: 'not_found' });
	const others = (await listMinutesVersions(data, meeting.id)).filter((v) => v.number !== version.number);
	// Compared with the current text by default, or with another version (?with=3).
	const withParam = url.searchParams.get('with') ?? 'current';
	const other = withParam === 'current' ? null : await getMinutesVersion(data, meeting.id, Number(withParam));
	if (withParam !== 'current' && !other) error(404, { message: 'not_found' });
	const current = other ? null : await currentLines(data, meeting.id);
	// Minutes that cannot be opened are compared with nothing: the version is shown as it is, and the page says why.
	const currentBroken = !other && current === null;
	const comparison = compareLines(version.lines, other ? other.lines : (current ?? version.lines));
	return {
		group: { id: group.id, name: group.name },
		meeting: { id: meeting.id, title: meeting.title },
		status: overview.status,
		version: { ...version, lines: undefined },
		others: others.map((v) => ({ number: v.number })),
		compareWith: other ? other.number : ('current' as const),
		comparison,
		currentBroken,
		canRestore: can(locals.actor, 'minutes.restore', subject)
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const { params } = event;
		let restoredFrom = 0;
		const answer = await handleForm(event.request, 'restore', restoreVersionForm, async (data) => {
			const restored = await restoreMinutesVersion(getData(), event.locals.actor, {
				conferenceId: params.conferenceId,
				groupId: params.groupId,
				meetingId: params.meetingId,
				versionId: data.versionId
			});
			restoredFrom = restored.restoredFrom;
		});
		if (restoredFrom)
			redirect(303, `/conferences/${params.conferenceId}/groups/${params.groupId}/meetings/${params.meetingId}?restored=${restoredFrom}#minutes`);
		return answer;
	}
};
