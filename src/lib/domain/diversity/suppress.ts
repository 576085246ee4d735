/**
 * Small-count suppression for the diversity view: counts of people are published only where
 * nobody can be singled out, neither by a small count itself nor by arithmetic on the counts
 * that are shown.
 *
 * The model: published cells tied by additive relations (a population's responses are the sum of
 * the answers to one question), and derived counts nobody publishes but anyone who knows the
 * membership lists can form from published ones (the plenary members outside a group: plenary
 * minus group). A derived count is a signed sum of published cells.
 *
 * 1. Primary suppression: every published count below the threshold, zero included (a zero says
 *    "nobody in this group", which is as telling about a small group as a one).
 * 2. Complementary suppression: as long as the shown cells let anyone compute a sensitive count
 *    exactly (a suppressed cell, or a derived count below the threshold), suppress one more
 *    published cell (the smallest next to it) and check again.
 *
 * "Compute exactly" is decided by linear algebra over all relations at once (a count is known when
 * its form, restricted to the suppressed cells, lies in the row space of the relations), plus the
 * one inference that counts allow beyond linear algebra: unknown parts that must sum to zero are
 * all zero. Bounds (a cell is at most 4) are not secret: the view says so itself.
 */
import { SMALL_COUNT_THRESHOLD } from '../members';

export interface Cell {
	key: string;
	value: number;
}

/** A count anyone can compute from published cells: the sum of `plus` minus the sum of `minus`. */
export interface Derived {
	key: string;
	value: number;
	plus: readonly string[];
	minus: readonly string[];
}

/** `total` equals the sum of `parts`; members are cell keys, or derived keys (then it only feeds the zero-sum inference). */
export interface Relation {
	total: string;
	parts: readonly string[];
}

/** Why a published cell is not shown: its own count is small, or it would reveal one that is. */
export type SuppressionReason = 'small' | 'complementary';

const EPS = 1e-9;

/** The published cells that must not be shown, with the reason for each. */
export function suppress(
	cells: readonly Cell[],
	relations: readonly Relation[],
	derived: readonly Derived[] = [],
	threshold = SMALL_COUNT_THRESHOLD
): Map<string, SuppressionReason> {
	const value = new Map<string, number>([...cells.map((c): [string, number] => [c.key, c.value]), ...derived.map((d): [string, number] => [d.key, d.value])]);
	const form = new Map<string, Map<string, number>>(cells.map((c) => [c.key, new Map([[c.key, 1]])]));
	for (const d of derived) {
		const f = new Map<string, number>();
		for (const k of d.plus) f.set(k, (f.get(k) ?? 0) + 1);
		for (const k of d.minus) f.set(k, (f.get(k) ?? 0) - 1);
		form.set(d.key, f);
	}
	for (const r of relations) for (const k of [r.total, ...r.parts]) if (!value.has(k)) throw new Error(`relation names an unknown count: ${k}`);
	const cellKeys = new Set(cells.map((c) => c.key));
	const linear = relations.filter((r) => cellKeys.has(r.total) && r.parts.every((p) => cellKeys.has(p)));
	/** Relations each cell is in: where a complement for it is looked for. */
	const relationsOf = new Map<string, Relation[]>();
	for (const r of linear) for (const k of [r.total, ...r.parts]) relationsOf.set(k, [...(relationsOf.get(k) ?? []), r]);

	const suppressed = new Map<string, SuppressionReason>();
	for (const c of cells) if (c.value < threshold) suppressed.set(c.key, 'small');
	const sensitive = [...cells.filter((c) => c.value < threshold).map((c) => c.key), ...derived.filter((d) => d.value < threshold).map((d) => d.key)];

	for (;;) {
		const known = knownCounts(linear, relations, form, value, suppressed, sensitive);
		const revealed = sensitive.filter((k) => known.has(k) && (!cellKeys.has(k) || suppressed.has(k)));
		if (revealed.length === 0) return suppressed;
		// One more cell per neighbourhood and pass: a second revealed count next to the first may be covered by the first pick.
		const touched = new Set<string>();
		let added = false;
		for (const key of revealed) {
			const support = [...form.get(key)!.keys()];
			if (support.some((k) => touched.has(k))) continue;
			const pick =
				smallestShown(support, suppressed, value) ??
				smallestShown(
					support.flatMap((k) => (relationsOf.get(k) ?? []).flatMap((r) => [r.total, ...r.parts])),
					suppressed,
					value
				);
			if (!pick) continue;
			suppressed.set(pick, 'complementary');
			added = true;
			for (const r of relationsOf.get(pick) ?? []) for (const k of [r.total, ...r.parts]) touched.add(k);
			touched.add(pick);
		}
		if (!added) {
			// Revealed through a longer chain: widen to every shown cell (never reached by the view's tables so far).
			const pick = smallestShown(cellKeys, suppressed, value);
			if (!pick) return suppressed;
			suppressed.set(pick, 'complementary');
		}
	}
}

function smallestShown(keys: Iterable<string>, suppressed: ReadonlyMap<string, unknown>, value: ReadonlyMap<string, number>): string | null {
	let best: string | null = null;
	for (const k of keys) {
		if (suppressed.has(k) || !value.has(k)) continue;
		if (best === null || value.get(k)! < value.get(best)! || (value.get(k) === value.get(best) && k < best)) best = k;
	}
	return best;
}

/**
 * Which of the `asked` counts (cells or derived) follow from the shown cells: by linear algebra
 * over the suppressed cells (the relations and the counts found so far as rows, reduced to echelon
 * form; a count is known when its form reduces to nothing), and by the zero-sum inference, repeated
 * until nothing more is found.
 */
export function knownCounts(
	linear: readonly Relation[],
	relations: readonly Relation[],
	form: ReadonlyMap<string, ReadonlyMap<string, number>>,
	value: ReadonlyMap<string, number>,
	suppressed: ReadonlyMap<string, unknown>,
	asked: readonly string[]
): Set<string> {
	const unknown = [...suppressed.keys()];
	const column = new Map(unknown.map((k, i) => [k, i]));
	const n = unknown.length;
	/** A count's form over the suppressed cells only (the shown ones are constants). */
	const restricted = (key: string) => {
		const row = new Float64Array(n);
		let any = false;
		for (const [cell, coefficient] of form.get(key)!) {
			const i = column.get(cell);
			if (i !== undefined) {
				row[i] += coefficient;
				any = true;
			}
		}
		return any ? row : null;
	};
	const echelon: { row: Float64Array; pivot: number }[] = [];
	const reduce = (row: Float64Array) => {
		for (const { row: r, pivot } of echelon) {
			const f = row[pivot];
			if (Math.abs(f) > EPS) for (let j = 0; j < n; j++) row[j] -= f * r[j];
		}
		let pivot = -1;
		for (let j = 0; j < n; j++)
			if (Math.abs(row[j]) > EPS) {
				pivot = j;
				break;
			}
		return pivot;
	};
	const addRow = (row: Float64Array) => {
		const pivot = reduce(row);
		if (pivot < 0) return;
		const scale = row[pivot];
		for (let j = 0; j < n; j++) row[j] /= scale;
		// Keep the echelon reduced: clear the new pivot's column from the rows before it.
		for (const e of echelon) {
			const f = e.row[pivot];
			if (Math.abs(f) > EPS) for (let j = 0; j < n; j++) e.row[j] -= f * row[j];
		}
		echelon.push({ row, pivot });
	};
	const isKnown = (key: string) => {
		const row = restricted(key);
		return row === null || reduce(row) < 0;
	};
	for (const r of linear) {
		const row = new Float64Array(n);
		let any = false;
		for (const [k, sign] of [[r.total, 1] as const, ...r.parts.map((p) => [p, -1] as const)]) {
			const i = column.get(k);
			if (i !== undefined) {
				row[i] += sign;
				any = true;
			}
		}
		if (any) addRow(row);
	}
	const found = new Set<string>();
	for (;;) {
		let more = false;
		for (const r of relations) {
			if (!isKnown(r.total)) continue;
			const open = r.parts.filter((p) => !isKnown(p));
			if (open.length === 0) continue;
			const rest = value.get(r.total)! - r.parts.filter((p) => !open.includes(p)).reduce((s, p) => s + value.get(p)!, 0);
			if (rest !== 0) continue;
			for (const p of open) {
				const row = restricted(p);
				if (row) addRow(row);
			}
			more = true;
		}
		if (!more) break;
	}
	for (const k of asked) if (isKnown(k)) found.add(k);
	return found;
}

/** A count as the view may show it. */
export type ShownCount = { value: number } | { suppressed: SuppressionReason };

/** One population (the plenary, a group) as the set of its respondents' (opaque) ids. */
export interface Population {
	key: string;
	respondents: ReadonlySet<string>;
}

/** One question and every answer it allows. */
export interface Question {
	key: string;
	answers: readonly string[];
}

export interface PopulationTable {
	key: string;
	/** How many in this population gave a self-description. */
	responses: ShownCount;
	/** Per question, per answer. */
	counts: Record<string, Record<string, ShownCount>>;
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
	if (a.size > b.size) return false;
	for (const x of a) if (!b.has(x)) return false;
	return true;
}
function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
	for (const x of a) if (b.has(x)) return false;
	return true;
}

/**
 * The diversity view's tables: per population the number of responses and, per question, the
 * count of each answer, suppressed as above. Besides each row's sum, what a reader can form: a
 * population that contains another (the plenary a group whose members all sit in it) minus that
 * one; a population minus several disjoint parts (two groups that split the plenary between them);
 * and equal populations are equal.
 */
export function diversityTables(
	populations: readonly Population[],
	questions: readonly Question[],
	answersOf: (respondent: string) => Record<string, string>,
	threshold = SMALL_COUNT_THRESHOLD
): PopulationTable[] {
	const cells: Cell[] = [];
	const derived: Derived[] = [];
	const relations: Relation[] = [];
	// Respondents as indices and answers as small numbers, counted in typed arrays: the view runs on every load.
	const index = new Map<string, number>();
	for (const p of populations) for (const id of p.respondents) if (!index.has(id)) index.set(id, index.size);
	const offsets: number[] = [];
	let width = 0;
	for (const q of questions) {
		offsets.push(width);
		width += q.answers.length;
	}
	const codes = new Int32Array(index.size * questions.length);
	for (const [id, i] of index) {
		const answers = answersOf(id);
		questions.forEach((q, j) => (codes[i * questions.length + j] = offsets[j] + Math.max(0, q.answers.indexOf(answers[q.key]))));
	}
	const members = new Map(populations.map((p) => [p.key, Int32Array.from(p.respondents, (id) => index.get(id)!)]));
	const countsOf = (set: Int32Array) => {
		const counts = new Int32Array(width);
		for (const i of set) for (let j = 0; j < questions.length; j++) counts[codes[i * questions.length + j]]++;
		return (q: string, a: string) => {
			const j = questions.findIndex((x) => x.key === q);
			return counts[offsets[j] + questions[j].answers.indexOf(a)];
		};
	};
	const totalKey = (p: string) => `${p}|total`;
	const cellKey = (p: string, q: string, a: string) => `${p}|${q}|${a}`;
	const rowRelations = (key: string) => {
		for (const q of questions) relations.push({ total: totalKey(key), parts: q.answers.map((a) => cellKey(key, q.key, a)) });
	};

	for (const p of populations) {
		const count = countsOf(members.get(p.key)!);
		cells.push({ key: totalKey(p.key), value: p.respondents.size });
		for (const q of questions) for (const a of q.answers) cells.push({ key: cellKey(p.key, q.key, a), value: count(q.key, a) });
		rowRelations(p.key);
	}
	/** The members of `whole` outside `parts`: derived counts (whole minus the parts), with their rows. */
	const addRest = (whole: Population, parts: readonly Population[]) => {
		const covered = new Uint8Array(index.size);
		for (const p of parts) for (const i of members.get(p.key)!) covered[i] = 1;
		const rest = members.get(whole.key)!.filter((i) => !covered[i]);
		if (rest.length === 0) return;
		const key = `${whole.key}-minus-${parts.map((p) => p.key).join('+')}`;
		const count = countsOf(rest);
		derived.push({ key: totalKey(key), value: rest.length, plus: [totalKey(whole.key)], minus: parts.map((p) => totalKey(p.key)) });
		for (const q of questions)
			for (const a of q.answers)
				derived.push({
					key: cellKey(key, q.key, a),
					value: count(q.key, a),
					plus: [cellKey(whole.key, q.key, a)],
					minus: parts.map((p) => cellKey(p.key, q.key, a))
				});
		rowRelations(key);
	};

	/**
	 * Two overlapping populations whose union is a third (two groups that together make up the
	 * plenary): a + b − union is the count of those in both, for the total and every cell.
	 */
	const addOverlap = (a: Population, b: Population, union: Population) => {
		const inB = new Uint8Array(index.size);
		for (const i of members.get(b.key)!) inB[i] = 1;
		const both = members.get(a.key)!.filter((i) => inB[i]);
		if (both.length === 0) return;
		const key = `${a.key}-and-${b.key}`;
		const count = countsOf(both);
		derived.push({ key: totalKey(key), value: both.length, plus: [totalKey(a.key), totalKey(b.key)], minus: [totalKey(union.key)] });
		for (const q of questions)
			for (const answer of q.answers)
				derived.push({
					key: cellKey(key, q.key, answer),
					value: count(q.key, answer),
					plus: [cellKey(a.key, q.key, answer), cellKey(b.key, q.key, answer)],
					minus: [cellKey(union.key, q.key, answer)]
				});
		rowRelations(key);
	};

	const nonEmpty = populations.filter((p) => p.respondents.size > 0);
	for (const [i, a] of nonEmpty.entries())
		for (const b of nonEmpty.slice(i + 1)) {
			if (disjoint(a.respondents, b.respondents) || isSubset(a.respondents, b.respondents) || isSubset(b.respondents, a.respondents)) continue;
			const unionSize = new Set([...a.respondents, ...b.respondents]).size;
			const union = nonEmpty.find((c) => c.respondents.size === unionSize && isSubset(a.respondents, c.respondents) && isSubset(b.respondents, c.respondents));
			if (union) addOverlap(a, b, union);
		}
	for (const whole of nonEmpty) {
		const inside = nonEmpty.filter((p) => p !== whole && isSubset(p.respondents, whole.respondents));
		for (const part of inside) {
			if (part.respondents.size < whole.respondents.size) addRest(whole, [part]);
			// Equal sets: their counts are equal (tied once, from the earlier one).
			else if (populations.indexOf(part) > populations.indexOf(whole))
				for (const k of [totalKey, ...questions.flatMap((q) => q.answers.map((a) => (p: string) => cellKey(p, q.key, a)))])
					relations.push({ total: k(whole.key), parts: [k(part.key)] });
		}
		// Disjoint parts, largest first: the whole minus all of them is the rest.
		const family: Population[] = [];
		for (const p of inside.filter((p) => p.respondents.size < whole.respondents.size).sort((a, b) => b.respondents.size - a.respondents.size))
			if (family.every((f) => disjoint(f.respondents, p.respondents))) family.push(p);
		if (family.length >= 2) addRest(whole, family);
	}

	const suppressed = suppress(cells, relations, derived, threshold);
	const byKey = new Map(cells.map((c) => [c.key, c]));
	const shown = (key: string): ShownCount => {
		const reason = suppressed.get(key);
		return reason ? { suppressed: reason } : { value: byKey.get(key)!.value };
	};
	return populations.map((p) => ({
		key: p.key,
		responses: shown(totalKey(p.key)),
		counts: Object.fromEntries(questions.map((q) => [q.key, Object.fromEntries(q.answers.map((a) => [a, shown(cellKey(p.key, q.key, a))]))]))
	}));
}
