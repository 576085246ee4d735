import type { Locale } from '../../domain/roles';
import { recordAuditIn } from '../audit/record';
import type { Data } from '../db/client';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import { assertEmailFreeInConferenceOn, checkRoleAssignmentOn, type RoleAssignment } from './support/guards';
import { issueAccessLinkIn } from './issueAccessLinkIn';
import { enqueueAccessLinkMailOn } from '../jobs/enqueueAccessLinkMail';

export interface PersonInput {
	displayName: string;
	email: string | null;
	organisation: string | null;
	preferredLocale: Locale;
	prefersEasyLanguage: boolean;
}

export interface InvitePersonInput extends PersonInput, RoleAssignment {
	conferenceId: string;
	linkExpiresAt: Date | null;
	/** Mail the link too, built on this origin: a job enqueued in this transaction. */
	mailLinkFrom?: string | null;
}

/**
 * Adds a person to a conference with a first role and a personal access link, in one
 * transaction: either the person can get in, or nothing was created.
 */
export async function invitePerson(data: Data, actor: Actor, input: InvitePersonInput) {
	authorize(actor, 'person.invite', { conferenceId: input.conferenceId });
	const { conferenceMemberships, people } = data.t;
	return transactOn(data, async (tx, effects) => {
		if (input.email) await assertEmailFreeInConferenceOn(data, tx, input.conferenceId, input.email);
		// A deputy's principal is held before their status is read (checkRoleAssignmentOn).
		const assignment = await checkRoleAssignmentOn(data, tx, input.conferenceId, input);
		const [person] = await tx
			.insert(people)
			.values({
				displayName: input.displayName,
				email: input.email,
				organisation: input.organisation,
				preferredLocale: input.preferredLocale,
				prefersEasyLanguage: input.prefersEasyLanguage
			})
			.returning();
		await tx.insert(conferenceMemberships).values({ conferenceId: input.conferenceId, personId: person.id, ...assignment });
		await recordAuditIn(data, tx, actor, {
			action: 'person.invite',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: person.id,
			after: {
				displayName: person.displayName,
				email: person.email,
				organisation: person.organisation,
				preferredLocale: person.preferredLocale,
				prefersEasyLanguage: person.prefersEasyLanguage,
				...assignment
			}
		});
		const { link, token } = await issueAccessLinkIn(data, tx, actor, {
			conferenceId: input.conferenceId,
			personId: person.id,
			expiresAt: input.linkExpiresAt
		});
		// A new person has no connection yet; declared all the same, like every change of roles.
		effects.rightsChanged({ personId: person.id });
		const mailQueued = Boolean(input.mailLinkFrom && person.email);
		if (mailQueued)
			await enqueueAccessLinkMailOn(data, effects, { accessLinkId: link.id, conferenceId: input.conferenceId, token, origin: input.mailLinkFrom! });
		return { person, link, token, mailQueued };
	});
}
