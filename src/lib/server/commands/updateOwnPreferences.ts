import { eq } from 'drizzle-orm';
import type { Locale } from '../../domain/roles';
import type { Db } from '../db';
import { people } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';

/** A signed-in person remembers their language (and easy-language wish) on their profile. */
export function updateOwnPreferences(db: Db, actor: Actor, input: { personId: string; preferredLocale?: Locale; prefersEasyLanguage?: boolean }) {
	authorize(actor, 'self.update', { personId: input.personId });
	const changes: Partial<Pick<typeof people.$inferInsert, 'preferredLocale' | 'prefersEasyLanguage'>> = {};
	if (input.preferredLocale !== undefined) changes.preferredLocale = input.preferredLocale;
	if (input.prefersEasyLanguage !== undefined) changes.prefersEasyLanguage = input.prefersEasyLanguage;
	if (Object.keys(changes).length === 0) return;
	db.transaction((tx) => {
		const before = tx.select().from(people).where(eq(people.id, input.personId)).get();
		if (!before) return;
		const unchanged = Object.entries(changes).every(([key, value]) => before[key as keyof typeof before] === value);
		if (unchanged) return;
		tx.update(people).set(changes).where(eq(people.id, input.personId)).run();
		recordAudit(tx, actor, {
			action: 'self.updatePreferences',
			conferenceId: null,
			subjectType: 'person',
			subjectId: input.personId,
			before: { preferredLocale: before.preferredLocale, prefersEasyLanguage: before.prefersEasyLanguage },
			after: changes
		});
	});
}
