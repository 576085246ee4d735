/**
 * German number words → values: `drei` → 3, `einundzwanzig` → 21, `zweihundertfünfzig` → 250,
 * `dreitausend` → 3000. The article forms `ein`, `eine`, `einen` … are not numbers; `eins` is.
 */

const UNITS: Record<string, number> = {
	ein: 1,
	zwei: 2,
	drei: 3,
	vier: 4,
	fünf: 5,
	sechs: 6,
	sieben: 7,
	acht: 8,
	neun: 9
};
// Standing alone, one is `eins`; `ein` occurs only inside compounds (`einundzwanzig`).
const { ein: _inCompoundsOnly, ...TWO_TO_NINE } = UNITS;
const SMALL: Record<string, number> = {
	eins: 1,
	...TWO_TO_NINE,
	zehn: 10,
	elf: 11,
	zwölf: 12,
	dreizehn: 13,
	vierzehn: 14,
	fünfzehn: 15,
	sechzehn: 16,
	siebzehn: 17,
	achtzehn: 18,
	neunzehn: 19
};
const TENS: Record<string, number> = {
	zwanzig: 20,
	dreißig: 30,
	vierzig: 40,
	fünfzig: 50,
	sechzig: 60,
	siebzig: 70,
	achtzig: 80,
	neunzig: 90
};

/** The value of a word in a table; own keys only, since `constructor` is in every object. */
function valueIn(table: Record<string, number>, word: string): number | null {
	return Object.hasOwn(table, word) ? table[word] : null;
}

function below100(s: string): number | null {
	const simple = valueIn(SMALL, s) ?? valueIn(TENS, s);
	if (simple !== null) return simple;
	const m = /^(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(\p{L}+)$/u.exec(s);
	const tens = m && valueIn(TENS, m[2]);
	return m && tens !== null ? UNITS[m[1]] + tens : null;
}

function below1000(s: string): number | null {
	const i = s.indexOf('hundert');
	if (i < 0) return below100(s);
	const head = s.slice(0, i);
	let tail = s.slice(i + 'hundert'.length);
	const times = head === '' ? 1 : valueIn(UNITS, head);
	if (times === null) return null;
	if (tail.startsWith('und')) tail = tail.slice(3);
	const rest = tail === '' ? 0 : below100(tail === 'ein' ? 'eins' : tail);
	return rest === null ? null : times * 100 + rest;
}

/** Every number word contains one of these; a cheap test before parsing. */
const ROOTS = /eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zig|ßig|hundert|tausend|^null$/;

/** The value of a German number word (any case), or null. `ein`/`eine`/… (articles) give null. */
export function parseNumberWord(word: string): number | null {
	const s = word.toLowerCase();
	if (!ROOTS.test(s)) return null;
	if (s === 'null') return 0;
	const i = s.indexOf('tausend');
	if (i < 0) return below1000(s);
	const head = s.slice(0, i);
	let tail = s.slice(i + 'tausend'.length);
	const times = head === '' || head === 'ein' ? 1 : below1000(head);
	if (times === null) return null;
	if (tail.startsWith('und')) tail = tail.slice(3);
	const rest = tail === '' ? 0 : below1000(tail === 'ein' ? 'eins' : tail);
	return rest === null ? null : times * 1000 + rest;
}

/** Digits as Leichte Sprache writes them: `1000` for four digits, `10.000` with points from five. */
export function formatNumber(value: number): string {
	const digits = String(value);
	if (digits.length <= 4) return digits;
	return digits.replace(/\B(?=(\d{3})+$)/g, '.');
}
