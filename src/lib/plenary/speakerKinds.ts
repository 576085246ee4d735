/**
 * What a request to speak says about itself: nothing ("normal"), for or against the matter under
 * discussion (pro / contra), or a point of order, which goes before every other request and may
 * carry a short reason. Shared by the list of speakers and the log of speeches.
 */
export const SPEAKER_KINDS = ['normal', 'pro', 'contra', 'order'] as const;
export type SpeakerKind = (typeof SPEAKER_KINDS)[number];

/** The longest reason a point of order may give (one line, read out by the chair). */
export const REASON_MAX = 200;

/** Anything a client put into the document that is not a kind reads as an ordinary request. */
export function kindOf(value: unknown): SpeakerKind {
	return (SPEAKER_KINDS as readonly unknown[]).includes(value) ? (value as SpeakerKind) : 'normal';
}

/** One line of at most REASON_MAX characters; only a point of order keeps a reason. */
export function reasonOf(kind: SpeakerKind, value: unknown): string {
	if (kind !== 'order' || typeof value !== 'string') return '';
	return value.replace(/\s+/g, ' ').trim().slice(0, REASON_MAX);
}
