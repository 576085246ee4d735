import { eq } from 'drizzle-orm';
import { sourceFingerprint } from '../../easy/versions';
import type { Data } from '../db/client';
import { isUniqueViolation } from '../db/uniqueViolation';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { holdEasyText, isSameVersion, requireEasySubject, type EasyTextRef } from '../easy/state';
import { CommandError } from './support/errors';

export interface WriteEasyTextInput extends EasyTextRef {
	body: string;
	/** When the version the writer started from was written (null: there was none). */
	basedOn: number | null;
	now?: Date;
}

/**
 * Stores the Leichte Sprache version of a text as a draft. Any change needs a new check by the
 * Prüfgruppe, so a checked text that is changed becomes a draft again. If someone else saved a
 * version since the writer opened it, nothing is overwritten: the writer gets their text back
 * with the news, and decides.
 *
 * The text is read before the transaction (a source may read a live document); the stored
 * version inside it, held (`holdEasyText`): on PostgreSQL a second writer waits for the first
 * and then finds a version it did not start from. The first version of a text is an insert
 * without a row to hold: the unique key (kind, subject) refuses the second one the same way.
 */
export async function writeEasyText(data: Data, actor: Actor, input: WriteEasyTextInput) {
	const now = input.now ?? new Date();
	const text = await requireEasySubject(data, input);
	const { easyTexts } = data.t;
	return transactOn(data, async (tx) => {
		const { stored, policy } = await holdEasyText(data, tx, input, text);
		authorize(actor, 'easyText.write', policy);
		if (!isSameVersion(stored, input.basedOn)) throw new CommandError('easy_text_changed', 'body');
		const body = input.body.trim();
		const fingerprint = sourceFingerprint(text.standardText);
		if (stored && stored.body === body) {
			// Saving the same text after the standard text changed says it still fits: nothing
			// new to read for the Prüfgruppe, so a checked version stays checked.
			if (stored.sourceFingerprint !== fingerprint) {
				await tx.update(easyTexts).set({ sourceFingerprint: fingerprint }).where(eq(easyTexts.id, stored.id));
				await recordAuditIn(data, tx, actor, {
					action: 'easyText.confirmCurrent',
					conferenceId: input.conferenceId,
					subjectType: input.kind,
					subjectId: input.subjectId,
					after: { status: stored.status }
				});
			}
			return { status: stored.status, writtenAt: stored.writtenAt, changed: false };
		}
		const version = {
			body,
			status: 'draft' as const,
			sourceFingerprint: fingerprint,
			writtenByPersonId: actor.personId,
			writtenAt: now,
			checkedByPersonId: null,
			checkedAt: null
		};
		if (stored) await tx.update(easyTexts).set(version).where(eq(easyTexts.id, stored.id));
		else
			try {
				await tx.insert(easyTexts).values({ conferenceId: input.conferenceId, kind: input.kind, subjectId: input.subjectId, ...version });
			} catch (error) {
				// Another writer's first version committed since this one found none (PostgreSQL).
				if (isUniqueViolation(error)) throw new CommandError('easy_text_changed', 'body');
				throw error;
			}
		await recordAuditIn(data, tx, actor, {
			action: 'easyText.write',
			conferenceId: input.conferenceId,
			subjectType: input.kind,
			subjectId: input.subjectId,
			before: stored ? { status: stored.status, body: stored.body } : null,
			after: { status: 'draft', body }
		});
		return { status: 'draft' as const, writtenAt: now, changed: true };
	});
}
