import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { holdEasyText, isSameVersion, requireEasySubject, type EasyTextRef } from '../easy/state';
import { CommandError } from './support/errors';

export interface CheckEasyTextInput extends EasyTextRef {
	/** When the version the reader checked was written: a newer one has not been checked. */
	basedOn: number | null;
	now?: Date;
}

/**
 * A reader of the Prüfgruppe confirms that an easy version is understandable: from now on it
 * counts as Leichte Sprache, with their name and the date. Only the version they read is signed
 * off; if it changed meanwhile, they are told so and read again. The stored version is held in
 * the transaction (`holdEasyText`): a change saved at the same moment is either read here, and
 * refused as changed, or waits and turns the checked version back into a draft.
 */
export async function checkEasyText(data: Data, actor: Actor, input: CheckEasyTextInput) {
	const now = input.now ?? new Date();
	// Before the transaction: a source may read a live document.
	const text = await requireEasySubject(data, input);
	const { easyTexts } = data.t;
	return transactOn(data, async (tx) => {
		const { stored, policy } = await holdEasyText(data, tx, input, text);
		// Only a draft that still fits its standard text is checked (the policies ask both).
		authorize(actor, 'easyText.check', policy);
		if (!stored) throw new CommandError('not_found');
		if (!isSameVersion(stored, input.basedOn)) throw new CommandError('easy_text_changed');
		await tx.update(easyTexts).set({ status: 'checked', checkedByPersonId: actor.personId, checkedAt: now }).where(eq(easyTexts.id, stored.id));
		await recordAuditIn(data, tx, actor, {
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
