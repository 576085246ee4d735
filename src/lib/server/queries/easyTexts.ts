import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { EASY_TEXT_KINDS, type EasyStatus, type EasyTextKind } from '../../easy/versions';
import type { Data } from '../db/client';
import { EASY_SOURCES, type EasySubject } from '../easy/sources';
import { can, type Actor } from '../policies';
import { easyTextSubject } from '../policies/subjects';

async function storedVersions(data: Data, conferenceId: string, only?: { kind: EasyTextKind; subjectId: string }) {
	const { easyTexts, people } = data.t;
	const writer = alias(people, 'writer');
	const checker = alias(people, 'checker');
	const rows = await data.q
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
		.where(and(eq(easyTexts.conferenceId, conferenceId), only && eq(easyTexts.kind, only.kind), only && eq(easyTexts.subjectId, only.subjectId)));
	return new Map(rows.map((row) => [`${row.kind}/${row.subjectId}`, row]));
}

type Stored = Awaited<ReturnType<typeof storedVersions>> extends Map<string, infer R> ? R : never;

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
export async function listEasyTexts(
	data: Data,
	actor: Actor,
	conferenceId: string,
	filter: { kind?: EasyTextKind | null; status?: EasyStatus | null } = {},
	now = new Date()
): Promise<EasyTextEntry[]> {
	const stored = await storedVersions(data, conferenceId);
	const kinds = filter.kind ? [filter.kind] : EASY_TEXT_KINDS;
	const texts: EasySubject[] = [];
	// One source after the other, in the order of the kinds.
	for (const kind of kinds) texts.push(...(await EASY_SOURCES[kind].list(data, conferenceId, now)));
	return texts
		.map((text) => entryFor(actor, text, stored.get(`${text.kind}/${text.subjectId}`) ?? null))
		.filter((entry): entry is EasyTextEntry => entry !== null && (!filter.status || entry.status === filter.status));
}

/** One text with its easy version, or null when it does not exist or the person may not see it. */
export async function getEasyText(data: Data, actor: Actor, conferenceId: string, kind: EasyTextKind, subjectId: string): Promise<EasyTextEntry | null> {
	const text = await EASY_SOURCES[kind].find(data, conferenceId, subjectId);
	if (!text) return null;
	return entryFor(actor, text, (await storedVersions(data, conferenceId, { kind, subjectId })).get(`${kind}/${subjectId}`) ?? null);
}

/**
 * Where a standard page links to its text's easy version, and how far that is: for those who
 * write or check it, null for everyone else.
 */
export async function easyTextLink(
	data: Data,
	actor: Actor,
	conferenceId: string,
	kind: EasyTextKind,
	subjectId: string
): Promise<{ href: string; status: EasyStatus } | null> {
	// Most people neither write nor check any text: no need to look the text up for them.
	if (!can(actor, 'easyText.list', { conferenceId })) return null;
	const entry = await getEasyText(data, actor, conferenceId, kind, subjectId);
	if (!entry) return null;
	return { href: `/conferences/${conferenceId}/easy/${kind}/${encodeURIComponent(subjectId)}`, status: entry.status };
}
