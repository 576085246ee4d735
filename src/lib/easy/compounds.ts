/**
 * Suggested splits of long German compounds for Leichte Sprache: `Gesundheitskonferenz` →
 * `Gesundheits·konferenz` (Mediopunkt) or `Gesundheits-Konferenz` (hyphen; the part after a
 * hyphen is capitalised in a noun).
 *
 * The split comes from a small list of morphemes common in health, social and conference
 * language, with linking elements (Fugen: -s-, -es-, -n-, -en-, -er-, -e-, -ns-) between parts and
 * an inflection ending on the last part. A full split into known parts is `known: true`; when only
 * the head (5+ letters) or only the first part is known, the rest is left as one part and
 * `known: false` (never before a suffix such as -lich, -keit, -ung); when
 * nothing is known there is no suggestion (null). It is a suggestion for a human to accept.
 *
 * The work is bounded before it is done, since the text comes from anyone who may write: a
 * candidate part is never longer than the longest morpheme (plus its ending), so a word of n
 * letters costs at most about n × MAX_MORPHEME lookups, and a word longer than any German word
 * in use (MAX_SPLIT_LETTERS) is not split at all; the long_word rule still flags it.
 */
import type { Separator } from './types';

export const MORPHEMES: ReadonlySet<string> = new Set(
	`
abend abstimmung adresse änderung amt anfang angebot angehörige angehöriger anlage anmelde anmeldung
anrede anruf antrag antwort anzeige apotheke arbeit arzt ärztin ärzte assistent assistentin assistenz
aufgabe aufwand aufzug ausgang ausgabe ausschuss ausweis auswertung auszahlung ausbildung
bahn bank barriere bedarf bedürfnis begleit begleitung behandlung behinderung behindert behörde beirat
beitrag beratung bereich bericht beruf berechtigt beschluss beschwerde beteiligung betrag bild bildung
brief bürger bund bus
center chronisch
daten datum dienst diakonie dokument dolmetscher dolmetscherin
ehren ehrenamt eingang einkommen einladung einrichtung einverständnis eltern empfehlung ende entschädigung
entwurf erfahrung ergebnis erklärung erstattung
fach fahr fahrer fahrerin fahrt fall familie farbe fassung feier finanz förder förderung form formular
frage frau frei freiheit frist führung
gebärde gebühr geld gemeinde gemeinschaft gerecht geschäft gesetz gesundheit gleich gleichstellung
grund gruppe
hand handlung haus heim hilf hilfe hinweis hör hygiene
idee inklusion information integration internet
jahr job jugend
kalender karte kasse kind kinder kirche klinik kommission konferenz konto kontakt konzept kosten krank
kranken krankheit kreis kreistag kultur
land landrat lage leicht leistung leiter leiterin leitung lenkung lese licht liste
mail mann material maß maßnahme medizin meister mensch migration minister ministerium mitarbeiter
mitarbeiterin mitglied mittel mitwirkung moderation moderator moderatorin monat
nachricht nachweis nahme nehmer nehmerin netz netzwerk not notfall nummer
ordnung ort
park pauschale person personal pflege pflicht plan planung platz plenum politik post praxis programm
projekt protokoll prüf prüfung psychiatrie punkt
quittung
rampe rat raum recht rechnung rede regel region rente rettung rollstuhl
sache satz schein schleife schreib schrift schul schule schutz schwer seite selbst senior sicher
sicherheit sicherung sitzung sorge sozial sprach sprache sprecher sprecherin stadt stell stelle
stellung steuer steuerung stimm stimme straße stuhl stunde sucht
tag teil teilhabe teilnahme teilnehmer teilnehmerin telefon termin text therapie ticket toilette
träger treffen treppe tür
übung überweisung uhr umsetzung unterlage unterschrift unterstützung
veranstaltung verband verein vereinbarung verkehr vertrag vertreter vertreterin vertretung verständlich
verwaltung versicherung versorgung vorsitz vorsitzende vorschlag vorsorge
wagen wahl weg werk wirkung woche wohlfahrt wohn wohnung wunsch
zahl zahlung zeichen zeit zentrum ziel zug zusammen zusammenfassung zuschuss
`
		.split(/\s+/)
		.filter((m) => m.length >= 3)
);

/** Letters of the longest morpheme: no candidate part is longer. */
const MAX_MORPHEME = Math.max(...[...MORPHEMES].map((m) => m.length));

/**
 * Words longer than this are not split. The longest German word in a dictionary
 * (`Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz`) has 63 letters; anything
 * longer is not a word a reader needs split, and no suggestion is better than a slow one.
 */
export const MAX_SPLIT_LETTERS = 64;

/** Derivational suffixes: a rest starting with one of these is not a word of its own. Sticky: tested at one position. */
const SUFFIX_AT = /(?:lich|keit|heit|ung|schaft|ig|isch|bar|sam|haft|tum|nis|ling|end|los)/y;

/** Linking elements after a non-final part, tried longest first. */
const FUGEN = ['es', 'en', 'er', 'ns', 's', 'n', 'e', ''];
/** Inflection endings allowed after the last part. */
const ENDINGS = new Set(['', 'e', 'en', 'n', 's', 'es', 'er', 'ern', 'em', 'in', 'innen', 'nen']);
const MAX_ENDING = Math.max(...[...ENDINGS].map((e) => e.length));

export interface CompoundSplit {
	/** Slices of the word, in order, joined they give the word back. */
	parts: readonly string[];
	/** Every part was recognised; false when only the head or only the first part was. */
	known: boolean;
}

interface Step {
	pieces: number;
	prev: number;
}

/** Best full segmentation of `lower[0..end)` into known parts, each followed by a Fuge. */
function segmentModifiers(lower: string, end: number): Step[] {
	const best: (Step | undefined)[] = new Array(end + 1);
	best[0] = { pieces: 0, prev: -1 };
	for (let i = 0; i < end; i++) {
		const here = best[i];
		if (!here) continue;
		for (let j = Math.min(end, i + MAX_MORPHEME); j >= i + 3; j--) {
			if (!MORPHEMES.has(lower.slice(i, j))) continue;
			for (const fuge of FUGEN) {
				const k = j + fuge.length;
				if (k > end || (fuge && !lower.startsWith(fuge, j))) continue;
				const current = best[k];
				if (!current || current.pieces > here.pieces + 1) best[k] = { pieces: here.pieces + 1, prev: i };
			}
		}
	}
	return best as Step[];
}

function boundaries(best: Step[], end: number): number[] {
	const cuts: number[] = [];
	for (let k = end; k > 0; k = best[k].prev) cuts.unshift(k);
	return cuts;
}

/** A known head from `start` to the end: a morpheme, then an inflection ending. */
function headAt(lower: string, start: number): boolean {
	const n = lower.length;
	for (let j = Math.min(n, start + MAX_MORPHEME); j >= Math.max(start + 3, n - MAX_ENDING); j--) {
		if (MORPHEMES.has(lower.slice(start, j)) && ENDINGS.has(lower.slice(j))) return true;
	}
	return false;
}

function partsFromCuts(word: string, cuts: number[]): string[] {
	const parts: string[] = [];
	let from = 0;
	for (const cut of cuts) {
		parts.push(word.slice(from, cut));
		from = cut;
	}
	if (from < word.length) parts.push(word.slice(from));
	return parts;
}

const cache = new Map<string, CompoundSplit | null>();
const CACHE_SIZE = 2000;

/** A split of a compound into parts, or null when none is found. Letters only; other words give null. */
export function splitCompound(word: string): CompoundSplit | null {
	if (word.length > MAX_SPLIT_LETTERS) return null;
	// Typing re-checks the same words on every keystroke; remember recent answers.
	const cached = cache.get(word);
	if (cached !== undefined) return cached;
	const split = computeSplit(word);
	if (cache.size >= CACHE_SIZE) cache.clear();
	cache.set(word, split);
	return split;
}

function computeSplit(word: string): CompoundSplit | null {
	if (word.length < 6 || word.length > MAX_SPLIT_LETTERS || !/^\p{L}+$/u.test(word)) return null;
	const lower = word.toLowerCase();
	const n = lower.length;
	const best = segmentModifiers(lower, n);

	// Full split: known modifiers, then a known head with an inflection ending.
	let full: { pieces: number; cut: number } | undefined;
	for (let i = 3; i <= n - 3; i++) {
		const step = best[i];
		if (!step || !headAt(lower, i)) continue;
		if (!full || step.pieces + 1 < full.pieces) full = { pieces: step.pieces + 1, cut: i };
	}
	if (full) return { parts: partsFromCuts(word, boundaries(best, full.cut)), known: true };

	// Known head (5+ letters) after an unknown or partly known start of 4+ letters.
	for (let i = Math.max(4, n - MAX_MORPHEME - MAX_ENDING); i <= n - 5; i++) {
		for (let j = Math.min(n, i + MAX_MORPHEME); j >= Math.max(i + 5, n - MAX_ENDING); j--) {
			if (!MORPHEMES.has(lower.slice(i, j)) || !ENDINGS.has(lower.slice(j))) continue;
			const cuts = best[i] ? boundaries(best, i) : [i];
			return { parts: partsFromCuts(word, cuts), known: false };
		}
	}

	// Known first part (4+ letters, with its Fuge) before an unknown rest of 5+ letters that does
	// not start with a derivational suffix (`gesundheit·liche` would be wrong).
	for (let k = n - 5; k >= 4; k--) {
		const step = best[k];
		SUFFIX_AT.lastIndex = k;
		if (step && step.pieces === 1 && !SUFFIX_AT.test(lower)) {
			return { parts: [word.slice(0, k), word.slice(k)], known: false };
		}
	}
	return null;
}

/** Parts joined with the conference's separator; after a hyphen, parts of a noun are capitalised. */
export function joinParts(parts: readonly string[], separator: Separator): string {
	if (separator === 'mediopunkt') return parts.join('·');
	const noun = /^\p{Lu}/u.test(parts[0] ?? '');
	return parts.map((p, i) => (i > 0 && noun ? p.charAt(0).toUpperCase() + p.slice(1) : p)).join('-');
}

/** The word with separators, or null when no split is found. */
export function suggestSplit(word: string, separator: Separator): string | null {
	const split = splitCompound(word);
	return split ? joinParts(split.parts, separator) : null;
}
