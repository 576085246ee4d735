import { and, eq } from 'drizzle-orm';
import type { EasyTextKind } from '../../easy/versions';
import { first, type Data, type Query } from '../db/client';
import { lockRow } from '../db/locks';
import { easyTextSubject, type EasyTextSubject } from '../policies/subjects';
import { CommandError } from '../commands/support/errors';
import { EASY_SOURCES, type EasySubject } from './sources';

export interface EasyTextRef {
	conferenceId: string;
	kind: EasyTextKind;
	subjectId: string;
}

const storedWhere = (t: Data['t'], ref: EasyTextRef) =>
	and(eq(t.easyTexts.kind, ref.kind), eq(t.easyTexts.subjectId, ref.subjectId), eq(t.easyTexts.conferenceId, ref.conferenceId))!;

/** The stored easy version of a text, if any (inside a transaction, through its `tx`). */
export async function findEasyText(data: Data, ref: EasyTextRef, tx?: Query) {
	const { easyTexts } = data.t;
	return first(await (tx ?? data.q).select().from(easyTexts).where(storedWhere(data.t, ref)));
}

export type StoredEasyText = Awaited<ReturnType<typeof findEasyText>>;

/**
 * The text an easy version belongs to. A text that does not exist in this conference (or is not
 * participant-facing yet, like a draft recommendation) is not found. Read before the command's
 * transaction: a source may read a live document, which is read outside of one.
 */
export async function requireEasySubject(data: Data, ref: EasyTextRef): Promise<EasySubject> {
	const text = await EASY_SOURCES[ref.kind].find(data, ref.conferenceId, ref.subjectId);
	if (!text) throw new CommandError('not_found');
	return text;
}

/**
 * Inside the command's transaction: the stored version of `text`, held against other writers
 * until the commit (on PostgreSQL its row, `FOR NO KEY UPDATE`; README, "Rules that span rows"),
 * and what the policies are asked about it. A version written by someone else meanwhile is read
 * here, after their commit, and the `basedOn` check refuses instead of writing over it.
 */
export async function holdEasyText(data: Data, tx: Query, ref: EasyTextRef, text: EasySubject): Promise<{ stored: StoredEasyText; policy: EasyTextSubject }> {
	await lockRow(data, tx, data.t.easyTexts, storedWhere(data.t, ref));
	const stored = await findEasyText(data, ref, tx);
	return { stored, policy: easyTextSubject(text, stored ?? null) };
}

/** The version someone read before acting on it, as the form sends it back: its time of writing. */
export function isSameVersion(stored: { writtenAt: Date } | undefined, basedOn: number | null): boolean {
	return (stored?.writtenAt.getTime() ?? null) === basedOn;
}
