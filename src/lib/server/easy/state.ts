import { and, eq } from 'drizzle-orm';
import type { EasyTextKind } from '../../easy/versions';
import type { Db } from '../db';
import { easyTexts } from '../db/schema';
import { easyTextSubject, type EasyTextSubject } from '../policies/subjects';
import { CommandError } from '../commands/support/errors';
import { EASY_SOURCES, type EasySubject } from './sources';

type Reader = Pick<Db, 'select'>;

export interface EasyTextRef {
	conferenceId: string;
	kind: EasyTextKind;
	subjectId: string;
}

/** The stored easy version of a text, if any. */
export function findEasyText(db: Reader, ref: EasyTextRef) {
	return db
		.select()
		.from(easyTexts)
		.where(and(eq(easyTexts.kind, ref.kind), eq(easyTexts.subjectId, ref.subjectId), eq(easyTexts.conferenceId, ref.conferenceId)))
		.get();
}

/**
 * The text an easy version belongs to, its stored version and what the policies are asked
 * about it. A text that does not exist in this conference (or is not participant-facing yet,
 * like a draft recommendation) is not found.
 */
export function requireEasyText(db: Db, ref: EasyTextRef): { text: EasySubject; stored: ReturnType<typeof findEasyText>; policy: EasyTextSubject } {
	const text = EASY_SOURCES[ref.kind].find(db, ref.conferenceId, ref.subjectId);
	if (!text) throw new CommandError('not_found');
	const stored = findEasyText(db, ref);
	return { text, stored, policy: easyTextSubject(text, stored ?? null) };
}

/** The version someone read before acting on it, as the form sends it back: its time of writing. */
export function isSameVersion(stored: { writtenAt: Date } | undefined, basedOn: number | null): boolean {
	return (stored?.writtenAt.getTime() ?? null) === basedOn;
}
