import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isOneOf } from '$lib/domain/roles';
import { EASY_TEXT_KINDS, type EasyTextKind } from '$lib/easy/versions';
import { getData } from '$lib/server/db/data';
import { handleForm } from '$lib/server/forms/action';
import { checkEasyTextForm, writeEasyTextForm } from '$lib/server/forms/easyText';
import { CommandError } from '$lib/server/commands/support/errors';
import { writeEasyText } from '$lib/server/commands/writeEasyText';
import { checkEasyText } from '$lib/server/commands/checkEasyText';
import { getEasyText } from '$lib/server/queries/easyTexts';

function kindOf(raw: string): EasyTextKind {
	if (!isOneOf(EASY_TEXT_KINDS, raw)) error(404, { message: 'not_found' });
	return raw;
}

/** One text: the standard wording, its easy version with the checker's hints, and the sign-off. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const entry = await getEasyText(getData(), locals.actor, params.conferenceId, kindOf(params.kind), params.subjectId);
	if (!entry) error(404, { message: 'not_found' });
	const { text, version } = entry;
	return {
		text: {
			kind: text.kind,
			subjectId: text.subjectId,
			title: text.title,
			context: text.context,
			when: text.when,
			standardText: text.standardText,
			startingPoint: text.startingPoint,
			href: text.href
		},
		status: entry.status,
		outdated: entry.outdated,
		version: version && {
			body: version.body,
			writtenAt: version.writtenAt.getTime(),
			writtenByName: version.writtenByName,
			checkedAt: version.checkedAt,
			checkedByName: version.checkedByName
		},
		canWrite: entry.canWrite,
		canCheck: entry.canCheck
	};
};

const ref = (params: { conferenceId: string; kind: string; subjectId: string }) => ({
	conferenceId: params.conferenceId,
	kind: kindOf(params.kind),
	subjectId: params.subjectId
});

export const actions: Actions = {
	write: ({ request, locals, params }) =>
		handleForm(request, 'write', writeEasyTextForm, async (data) => {
			await writeEasyText(getData(), locals.actor, { ...ref(params), body: data.body, basedOn: data.basedOn });
		}),
	check: ({ request, locals, params }) =>
		handleForm(request, 'check', checkEasyTextForm, async (data) => {
			if (!data.confirm) throw new CommandError('easy_check_not_confirmed', 'confirm');
			await checkEasyText(getData(), locals.actor, { ...ref(params), basedOn: data.basedOn });
		})
};
