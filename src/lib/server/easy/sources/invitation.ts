import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { joinText } from '../../../easy/standardTexts';
import { type EasySource, type EasySubject } from './types';

/** The standard invitation: the text every invitation mail carries, in German. */
export function standardInvitation(conferenceName: string): string {
	const de = { locale: 'de' as const };
	return joinText(m.mail_invite_intro({ conference: conferenceName }, de), m.mail_invite_how({}, de), m.card_keep_private({}, de));
}

const subject = (conference: { id: string; name: string }): EasySubject => ({
	kind: 'invitation',
	subjectId: conference.id,
	conferenceId: conference.id,
	groupId: null,
	title: m.easytext_invitation_title(),
	context: conference.name,
	when: null,
	standardText: standardInvitation(conference.name),
	startingPoint: null,
	href: `/conferences/${conference.id}/people/invite`
});

/**
 * The invitation of a conference. Its easy version goes out to everyone invited who prefers
 * easy language, instead of the standard wording (the personal link stays the same).
 */
export const invitationTexts: EasySource = {
	kind: 'invitation',
	list: async (data, conferenceId) => {
		const { conferences } = data.t;
		const [conference] = await data.q.select({ id: conferences.id, name: conferences.name }).from(conferences).where(eq(conferences.id, conferenceId));
		return conference ? [subject(conference)] : [];
	},
	find: async (data, conferenceId, subjectId) => (subjectId === conferenceId ? ((await invitationTexts.list(data, conferenceId, new Date()))[0] ?? null) : null)
};
