import type { PageServerLoad } from './$types';
import { isOneOf } from '$lib/domain/roles';
import { EASY_STATUSES, EASY_TEXT_KINDS } from '$lib/easy/versions';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { listEasyTexts } from '$lib/server/queries/easyTexts';

/** The texts participants read and how far their Leichte Sprache versions are, filtered by kind and status (GET). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'easyText.list', { conferenceId: params.conferenceId });
	const kind = url.searchParams.get('kind');
	const status = url.searchParams.get('status');
	const filter = { kind: isOneOf(EASY_TEXT_KINDS, kind) ? kind : null, status: isOneOf(EASY_STATUSES, status) ? status : null };
	const entries = await listEasyTexts(getData(), locals.actor, params.conferenceId, filter);
	return {
		filter,
		entries: entries.map((entry) => ({
			kind: entry.text.kind,
			subjectId: entry.text.subjectId,
			title: entry.text.title,
			context: entry.text.context,
			when: entry.text.when,
			status: entry.status,
			outdated: entry.outdated,
			checkedByName: entry.version?.checkedByName ?? null,
			checkedAt: entry.version?.checkedAt ?? null,
			canWrite: entry.canWrite,
			canCheck: entry.canCheck
		}))
	};
};
