import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { EASY_TEXT_KINDS, sourceFingerprint, type EasyStatus, type EasyTextKind } from '../../easy/versions';
import type { Db } from '../db';
import { easyTexts, people } from '../db/schema';
import { EASY_SOURCES, type EasySubject } from '../easy/sources';
import { can, type Actor } from '../policies';
import type { EasyTextSubject } from '../policies/subjects';

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
	version: Stored | null;
	/** The standard text changed after the easy version was written. */
	outdated: boolean;
	canWrite: boolean;
	canCheck: boolean;
}

function entryFor(actor: Actor, text: EasySubject, version: Stored | null): EasyTextEntry {
	const status: EasyStatus = version?.status ?? 'missing';
	const policy: EasyTextSubject = { conferenceId: text.conferenceId, kind: text.kind, groupId: text.groupId, status, writtenByPersonId: version?.writtenByPersonId ?? null };
	return {
		text,
		status,
		version,
		outdated: version !== null && version.sourceFingerprint !== sourceFingerprint(text.standardText),
		canWrite: can(actor, 'easyText.write', policy),
		canCheck: can(actor, 'easyText.check', policy)
	};
}

/**
 * Every participant-facing text of a conference the person may see, with its easy version,
 * filtered by kind and status. Each row is decided by the policies on its own (a group's texts
 * are its members', the Prüfgruppe reads what there is to check).
 */
export function listEasyTexts(db: Db, actor: Actor, conferenceId: string, filter: { kind?: EasyTextKind | null; status?: EasyStatus | null } = {}, now = new Date()): EasyTextEntry[] {
	const stored = storedVersions(db, conferenceId);
	const kinds = filter.kind ? [filter.kind] : EASY_TEXT_KINDS;
	return kinds
		.flatMap((kind) => EASY_SOURCES[kind].list(db, conferenceId, now))
		.map((text) => ({ text, version: stored.get(`${text.kind}/${text.subjectId}`) ?? null }))
		.filter(({ text, version }) => can(actor, 'easyText.view', { conferenceId, kind: text.kind, groupId: text.groupId, status: version?.status ?? 'missing', writtenByPersonId: version?.writtenByPersonId ?? null }))
		.map(({ text, version }) => entryFor(actor, text, version))
		.filter((entry) => !filter.status || entry.status === filter.status);
}

/** One text with its easy version, or null when it does not exist or the person may not see it. */
export function getEasyText(db: Db, actor: Actor, conferenceId: string, kind: EasyTextKind, subjectId: string): EasyTextEntry | null {
	const text = EASY_SOURCES[kind].find(db, conferenceId, subjectId);
	if (!text) return null;
	const version = storedVersions(db, conferenceId, { kind, subjectId }).get(`${kind}/${subjectId}`) ?? null;
	const entry = entryFor(actor, text, version);
	const viewable = can(actor, 'easyText.view', { conferenceId, kind, groupId: text.groupId, status: entry.status, writtenByPersonId: version?.writtenByPersonId ?? null });
	return viewable ? entry : null;
}

/**
 * Where a standard page links to its text's easy version, and how far that is: for those who
 * write or check it, null for everyone else.
 */
export function easyTextLink(db: Db, actor: Actor, conferenceId: string, kind: EasyTextKind, subjectId: string): { href: string; status: EasyStatus; canWrite: boolean } | null {
	if (!can(actor, 'easyText.list', { conferenceId })) return null;
	const entry = getEasyText(db, actor, conferenceId, kind, subjectId);
	if (!entry || !(entry.canWrite || entry.canCheck || entry.status !== 'missing')) return null;
	return { href: `/conferences/${conferenceId}/easy/${kind}/${encodeURIComponent(subjectId)}`, status: entry.status, canWrite: entry.canWrite };
}
