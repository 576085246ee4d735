import type { Locale } from '../../domain/roles';
import type { Db } from '../db';
import { conferenceMemberships, people } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { assertEmailFreeInConference, checkRoleAssignment, type RoleAssignment } from './support/guards';
import { issueAccessLinkIn } from './issueAccessLinkIn';
import { enqueueAccessLinkMail } from '../jobs/enqueueAccessLinkMail';

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
export function invitePerson(db: Db, actor: Actor, input: InvitePersonInput) {
	authorize(actor, 'person.invite', { conferenceId: input.conferenceId });
	return transact(db, (tx, effects) => {
		if (input.email) assertEmailFreeInConference(tx, input.conferenceId, input.email);
		const assignment = checkRoleAssignment(tx, input.conferenceId, input);
		const person = tx
			.insert(people)
			.values({
				displayName: input.displayName,
				email: input.email,
				organisation: input.organisation,
				preferredLocale: input.preferredLocale,
				prefersEasyLanguage: input.prefersEasyLanguage
			})
			.returning()
			.get();
		tx.insert(conferenceMemberships)
			.values({ conferenceId: input.conferenceId, personId: person.id, ...assignment })
			.run();
		recordAudit(tx, actor, {
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
		const { link, token } = issueAccessLinkIn(tx, actor, {
			conferenceId: input.conferenceId,
			personId: person.id,
			expiresAt: input.linkExpiresAt
		});
		// A new person has no connection yet; declared all the same, like every change of roles.
		effects.rightsChanged({ personId: person.id });
		const mailQueued = Boolean(input.mailLinkFrom && person.email);
		if (mailQueued) enqueueAccessLinkMail(db, effects, { accessLinkId: link.id, conferenceId: input.conferenceId, token, origin: input.mailLinkFrom! });
		return { person, link, token, mailQueued };
	});
}
