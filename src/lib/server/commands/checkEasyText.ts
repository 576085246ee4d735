import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { easyTexts } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { isSameVersion, requireEasyText, type EasyTextRef } from '../easy/state';
import { CommandError } from './support/errors';

export interface CheckEasyTextInput extends EasyTextRef {
	/** When the version the reader checked was written: a newer one has not been checked. */
	basedOn: number | null;
	now?: Date;
}

/**
 * A reader of the Prüfgruppe confirms that an easy version is understandable: from now on it
 * counts as Leichte Sprache, with their name and the date. Only the version they read is signed
 * off; if it changed meanwhile, they are told so and read again.
 */
export function checkEasyText(db: Db, actor: Actor, input: CheckEasyTextInput) {
	const now = input.now ?? new Date();
	return db.transaction((tx) => {
		// Through `db`, not `tx`: the same connection (better-sqlite3 is synchronous), and a source may read a live document.
		const { stored, policy } = requireEasyText(db, input);
		// Only a draft that still fits its standard text is checked (the policies ask both).
		authorize(actor, 'easyText.check', policy);
		if (!stored) throw new CommandError('not_found');
		if (!isSameVersion(stored, input.basedOn)) throw new CommandError('easy_text_changed');
		tx.update(easyTexts).set({ status: 'checked', checkedByPersonId: actor.personId, checkedAt: now }).where(eq(easyTexts.id, stored.id)).run();
		recordAudit(tx, actor, {
			action: 'easyText.check',
			conferenceId: input.conferenceId,
			subjectType: input.kind,
			subjectId: input.subjectId,
			before: { status: stored.status },
			after: { status: 'checked' }
		});
		return { checkedAt: now };
	});
}
