import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { EASY_TEXT_KINDS, type EasyStatus, type EasyTextKind } from '../../easy/versions';
import type { Db } from '../db';
import { easyTexts, people } from '../db/schema';
import { EASY_SOURCES, type EasySubject } from '../easy/sources';
import { can, type Actor } from '../policies';
import { easyTextSubject } from '../policies/subjects';

const writer = alias(people, 'writer');
const checker = alias(people, 'checker');

function storedVersions(db: Db, conferenceId: string, only?: { kind: EasyTextKind; subjectId: string }) {
	const rows = db
		.select({
			kind: easyTexts.kind,
			subjectId: easyTexts.subjectId,
			body: easyTexts.body,
			status: easyTexts.status,
			sourceFingerprint: easyTexts.sourceFingerprint,
			writtenAt: easyTexts.writtenAt,
			writtenByPersonId: easyTexts.writtenByPersonId,
			writtenByName: writer.displayName,
			checkedAt: easyTexts.checkedAt,
			checkedByName: checker.displayName
		})
		.from(easyTexts)
		.leftJoin(writer, eq(writer.id, easyTexts.writtenByPersonId))
		.leftJoin(checker, eq(checker.id, easyTexts.checkedByPersonId))
		.where(and(eq(easyTexts.conferenceId, conferenceId), only && eq(easyTexts.kind, only.kind), only && eq(easyTexts.subjectId, only.subjectId)))
		.all();
	return new Map(rows.map((row) => [`${row.kind}/${row.subjectId}`, row]));
}

type Stored = ReturnType<typeof storedVersions> extends Map<string, infer R> ? R : never;

/** A text with its easy version and what the person asking may do with it. */
export interface EasyTextEntry {
	text: EasySubject;
	status: EasyStatus;
	/** The stored version; who checked it only for those who may see it. */
	version: Stored | null;
	/** The standard text changed after the easy version was written. */
	outdated: boolean;
	canWrite: boolean;
	canCheck: boolean;
}

/** The entry when the person may see the text at all, else null. */
function entryFor(actor: Actor, text: EasySubject, version: Stored | null): EasyTextEntry | null {
	const policy = easyTextSubject(text, version);
	if (!can(actor, 'easyText.view', policy)) return null;
	const seesChecker = can(actor, 'easyText.seeChecker', { conferenceId: text.conferenceId });
	return {
		text,
		status: policy.status,
		version: version && { ...version, checkedByName: seesChecker ? version.checkedByName : null },
		outdated: policy.outdated,
		canWrite: can(actor, 'easyText.write', policy),
		canCheck: can(actor, 'easyText.check', policy)
	};
}

/**
 * Every participant-facing text of a conference the person may see, with its easy version,
 * filtered by kind and status. Each row is decided by the policies on its own (a group's texts
 * are its members', the Prüfgruppe reads what there is to check).
 */
export function listEasyTexts(
	db: Db,
	actor: Actor,
	conferenceId: string,
	filter: { kind?: EasyTextKind | null; status?: EasyStatus | null } = {},
	now = new Date()
): EasyTextEntry[] {
	const stored = storedVersions(db, conferenceId);
	const kinds = filter.kind ? [filter.kind] : EASY_TEXT_KINDS;
	return kinds
		.flatMap((kind) => EASY_SOURCES[kind].list(db, conferenceId, now))
		.map((text) => entryFor(actor, text, stored.get(`${text.kind}/${text.subjectId}`) ?? null))
		.filter((entry): entry is EasyTextEntry => entry !== null && (!filter.status || entry.status === filter.status));
}

/** One text with its easy version, or null when it does not exist or the person may not see it. */
export function getEasyText(db: Db, actor: Actor, conferenceId: string, kind: EasyTextKind, subjectId: string): EasyTextEntry | null {
	const text = EASY_SOURCES[kind].find(db, conferenceId, subjectId);
	if (!text) return null;
	return entryFor(actor, text, storedVersions(db, conferenceId, { kind, subjectId }).get(`${kind}/${subjectId}`) ?? null);
}

/**
 * Where a standard page links to its text's easy version, and how far that is: for those who
 * write or check it, null for everyone else.
 */
export function easyTextLink(db: Db, actor: Actor, conferenceId: string, kind: EasyTextKind, subjectId: string): { href: string; status: EasyStatus } | null {
	// Most people neither write nor check any text: no need to look the text up for them.
	if (!can(actor, 'easyText.list', { conferenceId })) return null;
	const entry = getEasyText(db, actor, conferenceId, kind, subjectId);
	if (!entry) return null;
	return { href: `/conferences/${conferenceId}/easy/${kind}/${encodeURIComponent(subjectId)}`, status: entry.status };
}
