import { choicesOf, type Choice, type Outcome, type PollKind, type Tally } from '../domain/voting';
import { escapeHtml } from './render';

/**
 * The resolutions of a sitting as its minutes show them: number, agenda item, motion, counts and
 * outcome. They come from SQLite's `resolutions`, which never change, never from the editable
 * text: nobody can type over a result, two polls closing while people write cannot collide with
 * their edits, and every rendering (the page, each version, the approved record) has them all.
 */
export interface ResolutionRecord {
	number: number;
	itemTitle: string;
	motion: string;
	kind: PollKind;
	outcome: Outcome;
	tally: Tally;
}

export interface ResolutionLabels {
	heading: string;
	/** "Beschluss Nr. {n}" */
	resolution: (n: number) => string;
	item: string;
	motion: string;
	outcomeLabel: string;
	choice: (choice: Choice) => string;
	outcome: (outcome: Outcome) => string;
}

const counts = (r: ResolutionRecord, labels: ResolutionLabels) => choicesOf(r.kind).map((c) => `${labels.choice(c)}: ${r.tally[c] ?? 0}`);

/** A section after the text, one entry per resolution in the order they were taken; nothing when there are none. */
export function resolutionsHtml(list: readonly ResolutionRecord[], labels: ResolutionLabels): string {
	if (list.length === 0) return '';
	let html = `<section class="resolutions"><h3>${escapeHtml(labels.heading)}</h3>`;
	for (const r of list) {
		html += `<section class="resolution"><h4>${escapeHtml(labels.resolution(r.number))}</h4><dl>`;
		html += `<dt>${escapeHtml(labels.item)}</dt><dd>${escapeHtml(r.itemTitle)}</dd>`;
		html += `<dt>${escapeHtml(labels.motion)}</dt><dd>${escapeHtml(r.motion)}</dd>`;
		html += `<dt>${escapeHtml(labels.outcomeLabel)}</dt><dd><strong>${escapeHtml(labels.outcome(r.outcome))}</strong> (${escapeHtml(counts(r, labels).join(' · '))})</dd>`;
		html += '</dl></section>';
	}
	return html + '</section>';
}

/** The same as lines, for comparing versions. */
export function resolutionsLines(list: readonly ResolutionRecord[], labels: ResolutionLabels): string[] {
	if (list.length === 0) return [];
	return [
		`## ${labels.heading}`,
		...list.flatMap((r) => [
			`### ${labels.resolution(r.number)}`,
			`${labels.item}: ${r.itemTitle}`,
			`${labels.motion}: ${r.motion}`,
			`${labels.outcomeLabel}: ${labels.outcome(r.outcome)} (${counts(r, labels).join(' · ')})`
		])
	];
}
