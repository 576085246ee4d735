/**
 * Easy-language (Leichte Sprache) versions of participant-facing texts. A text has one version
 * per subject; it counts as Leichte Sprache only once a reader from the Prüfgruppe checked it
 * (domain.md): the checker's hints help, the sign-off decides. Pure: shared by server and pages.
 */

/**
 * What can have an easy version. A capability that brings new participant-facing text (the
 * newsletter's digests, say) adds its kind here and a source in `$lib/server/easy/sources`.
 */
export const EASY_TEXT_KINDS = ['plenary_session', 'agenda_item', 'group_meeting', 'recommendation', 'minutes', 'invitation', 'digest'] as const;
export type EasyTextKind = (typeof EASY_TEXT_KINDS)[number];

/** `missing` has no row; a stored version is a draft until a Prüfgruppe reader checks it. */
export const EASY_STATUSES = ['missing', 'draft', 'checked'] as const;
export type EasyStatus = (typeof EASY_STATUSES)[number];
export type StoredEasyStatus = Exclude<EasyStatus, 'missing'>;

/**
 * Most characters of an easy version: about 60 short sentences, more than any of these texts
 * needs (an invitation, a sitting, an agenda item, a recommendation's summary). The form refuses
 * longer texts, and the checker's hints are worked out only for texts within it.
 */
export const EASY_TEXT_MAX = 4000;

/**
 * Whether a text fits EASY_TEXT_MAX as the form counts it (`requiredText`: a line break is one
 * character, space around the text does not count), so the editor runs the checker exactly on
 * the texts the form would accept.
 */
export function fitsEasyTextLimit(text: string): boolean {
	return text.replace(/\r\n/g, '\n').trim().length <= EASY_TEXT_MAX;
}

export interface EasyVersion {
	status: EasyStatus;
	/** The easy text; null while missing. */
	body: string | null;
	/** When the Prüfgruppe checked it. Not who: its readers come from the target group (see `easyText.seeChecker`). */
	checkedAt: Date | null;
	/** The standard text changed after the easy version was written: it may say something old. */
	outdated: boolean;
}

export const MISSING: EasyVersion = Object.freeze({ status: 'missing', body: null, checkedAt: null, outdated: false });

/** An agenda item lives in its session's document; its id is unique only within the session. */
export function agendaItemSubjectId(sessionId: string, itemId: string): string {
	return `${sessionId}:${itemId}`;
}

/**
 * The lines an easy text is shown in: one sentence per line (domain.md). Writers usually put
 * each sentence on its own line already; sentences run together are split after . ! ? when
 * the next word starts with a capital letter or a digit. Ordinals ("15. August") stay together
 * because a digit before the full stop does not end a sentence here.
 */
export function easyLines(body: string): string[] {
	return body
		.split(/\r?\n/)
		.flatMap((line) => line.split(/(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ0-9„"])/u))
		.map((line) => line.trim())
		.filter((line) => line.length > 0);
}

/** A short fingerprint of the standard text, to notice when it changes under an easy version. */
export function sourceFingerprint(text: string): string {
	// FNV-1a over the normalised text: not a security measure, only change detection.
	let hash = 0x811c9dc5;
	const normalised = text.replace(/\s+/g, ' ').trim();
	for (let i = 0; i < normalised.length; i++) {
		hash ^= normalised.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0).toString(16).padStart(8, '0');
}
