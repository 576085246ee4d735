import { eq } from 'drizzle-orm';
import type { Locale } from '../../domain/roles';
import type { people } from '../db/schema';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';

/**
 * A signed-in person remembers their language (and easy-language wish) on their profile. The
 * person's row is held before it is read (PostgreSQL): two changes at once each audit what the
 * other left, never the same "before" twice.
 */
export async function updateOwnPreferences(data: Data, actor: Actor, input: { personId: string; preferredLocale?: Locale; prefersEasyLanguage?: boolean }) {
	authorize(actor, 'self.update', { personId: input.personId });
	const changes: Partial<Pick<typeof people.$inferInsert, 'preferredLocale' | 'prefersEasyLanguage'>> = {};
	if (input.preferredLocale !== undefined) changes.preferredLocale = input.preferredLocale;
	if (input.prefersEasyLanguage !== undefined) changes.prefersEasyLanguage = input.prefersEasyLanguage;
	if (Object.keys(changes).length === 0) return;
	const { people: persons } = data.t;
	await transactOn(data, async (tx) => {
		if (!(await lockForUpdate(data, tx, persons, input.personId))) return;
		const before = first(await tx.select().from(persons).where(eq(persons.id, input.personId)));
		if (!before) return;
		const unchanged = Object.entries(changes).every(([key, value]) => before[key as keyof typeof before] === value);
		if (unchanged) return;
		await tx.update(persons).set(changes).where(eq(persons.id, input.personId));
		await recordAuditIn(data, tx, actor, {
			action: 'self.updatePreferences',
			conferenceId: null,
			subjectType: 'person',
			subjectId: input.personId,
			before: { preferredLocale: before.preferredLocale, prefersEasyLanguage: before.prefersEasyLanguage },
			after: changes
		});
	});
}
