import { m } from '$lib/paraglide/messages';
import type { SpeakerKind } from '$lib/plenary/speakerKinds';

/** A request's kind in words, as a tag beside a name; an ordinary request needs none on a list. */
export const speakerKindLabel: Record<SpeakerKind, () => string> = {
	normal: m.speakers2_kind_normal,
	pro: m.speakers2_kind_pro,
	contra: m.speakers2_kind_contra,
	order: m.speakers_point_of_order
};

/** "TOP 3: Haushalt", a break by its title; "no agenda item" for the list kept while none is open. */
export function speakerItemLabel(item: { number: string | null; title: string } | null | undefined, removed = false): string {
	if (removed) return m.speakers2_removed_item();
	if (!item) return m.speakers2_no_item();
	return item.number ? m.speakers2_item_label({ number: item.number, title: item.title }) : item.title;
}

/** A duration for a `<time datetime>`: ISO 8601 ("PT3M5S"). */
export const isoDuration = (seconds: number) => `PT${Math.floor(seconds / 60)}M${Math.round(seconds % 60)}S`;
