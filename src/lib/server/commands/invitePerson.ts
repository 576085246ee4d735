import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../../domain/roles';
import type { Db } from '../db';
import { conferenceMemberships, people } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './errors';
import { checkRoleAssignment, type RoleAssignment } from './guards';
import { issueAccessLinkIn } from './issueAccessLink';
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
	return db.transaction((tx) => {
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
		const mailQueued = Boolean(input.mailLinkFrom && person.email);
		if (mailQueued) enqueueAccessLinkMail(db, tx, { accessLinkId: link.id, conferenceId: input.conferenceId, token, origin: input.mailLinkFrom! });
		return { person, link, token, mailQueued };
	});
}

/** Two people of one conference with one address would receive each other's links. */
export function assertEmailFreeInConference(
	tx: Pick<Db, 'select'>,
	conferenceId: string,
	email: string,
	exceptPersonId?: string
): void {
	const clash = tx
		.select({ id: people.id })
		.from(people)
		.innerJoin(conferenceMemberships, eq(conferenceMemberships.personId, people.id))
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), sql`lower(${people.email}) = lower(${email})`))
		.all()
		.find((row) => row.id !== exceptPersonId);
	if (clash) throw new CommandError('email_taken', 'email');
}
