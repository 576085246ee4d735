import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { people } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { assertEmailFreeInConference, requireConferencePerson } from './support/guards';
import type { PersonInput } from './invitePerson';

export function updatePerson(db: Db, actor: Actor, input: PersonInput & { conferenceId: string; personId: string }) {
	authorize(actor, 'person.update', input);
	return db.transaction((tx) => {
		const before = requireConferencePerson(tx, input.conferenceId, input.personId);
		if (input.email) assertEmailFreeInConference(tx, input.conferenceId, input.email, input.personId);
		const changes: PersonInput = {
			displayName: input.displayName,
			email: input.email,
			organisation: input.organisation,
			preferredLocale: input.preferredLocale,
			prefersEasyLanguage: input.prefersEasyLanguage
		};
		const after = tx
			.update(people)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(people.id, input.personId))
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'person.update',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: {
				displayName: before.displayName,
				email: before.email,
				organisation: before.organisation,
				preferredLocale: before.preferredLocale,
				prefersEasyLanguage: before.prefersEasyLanguage
			},
			after: { ...changes }
		});
		return after;
	});
}
