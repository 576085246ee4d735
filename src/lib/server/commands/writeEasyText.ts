import { eq } from 'drizzle-orm';
import { sourceFingerprint } from '../../easy/versions';
import type { Db } from '../db';
import { easyTexts } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { isSameVersion, requireEasyText, type EasyTextRef } from '../easy/state';
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
 */
export function writeEasyText(db: Db, actor: Actor, input: WriteEasyTextInput) {
	const now = input.now ?? new Date();
	return db.transaction((tx) => {
		// Through `db`, not `tx`: the same connection (better-sqlite3 is synchronous), and a source may read a live document.
		const { text, stored, policy } = requireEasyText(db, input);
		authorize(actor, 'easyText.write', policy);
		if (!isSameVersion(stored, input.basedOn)) throw new CommandError('easy_text_changed', 'body');
		const body = input.body.trim();
		const fingerprint = sourceFingerprint(text.standardText);
		if (stored && stored.body === body) {
			// Saving the same text after the standard text changed says it still fits: nothing
			// new to read for the Prüfgruppe, so a checked version stays checked.
			if (stored.sourceFingerprint !== fingerprint) {
				tx.update(easyTexts).set({ sourceFingerprint: fingerprint }).where(eq(easyTexts.id, stored.id)).run();
				recordAudit(tx, actor, {
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
		tx.insert(easyTexts)
			.values({ conferenceId: input.conferenceId, kind: input.kind, subjectId: input.subjectId, ...version })
			.onConflictDoUpdate({ target: [easyTexts.kind, easyTexts.subjectId], set: version })
			.run();
		recordAudit(tx, actor, {
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
