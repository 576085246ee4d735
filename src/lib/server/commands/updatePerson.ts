import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import type { Data } from '../db/client';
import { authorize, type Actor } from '../policies';
import { assertEmailFreeInConferenceOn, requireConferencePersonOn } from './support/guards';
import type { PersonInput } from './invitePerson';

export async function updatePerson(data: Data, actor: Actor, input: PersonInput & { conferenceId: string; personId: string }) {
	authorize(actor, 'person.update', input);
	const { people } = data.t;
	return data.transaction(async (tx) => {
		const before = await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		if (input.email) await assertEmailFreeInConferenceOn(data, tx, input.conferenceId, input.email, input.personId);
		const changes: PersonInput = {
			displayName: input.displayName,
			email: input.email,
			organisation: input.organisation,
			preferredLocale: input.preferredLocale,
			prefersEasyLanguage: input.prefersEasyLanguage
		};
		const [after] = await tx
			.update(people)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(people.id, input.personId))
			.returning();
		await recordAuditIn(data, tx, actor, {
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
