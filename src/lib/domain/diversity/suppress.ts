/**
 * Small-count suppression for the diversity view: counts of people are published only where
 * nobody can be singled out, neither by a small count itself nor by arithmetic on the counts
 * that are shown.
 *
 * The model is a table of cells tied by additive relations (a total equals the sum of its parts:
 * a population's responses are the sum of the answers to one question; the plenary's count is a
 * group's count plus the count of the plenary members outside the group). Cells are either
 * published (shown unless suppressed) or hidden: the counts of populations nobody publishes but
 * anyone who knows the membership lists can form by subtraction (the plenary without a group).
 *
 * 1. Primary suppression: every published count below the threshold, zero included (a zero says
 *    "nobody in this group", which is as telling about a small group as a one).
 * 2. Complementary suppression: as long as the published cells let anyone compute a sensitive
 *    cell exactly (a suppressed one, or a hidden one below the threshold), suppress one more
 *    published cell (the smallest) in a relation that reveals it, and check again.
 *
 * "Compute exactly" is decided by linear algebra over all relations at once (a cell is known when
 * its unit vector lies in the row space of the relations over the unknown cells), plus the one
 * inference that counts allow beyond linear algebra: unknown parts that must sum to zero are all
 * zero. Bounds (a cell is at most 4) are not secret: the view says so itself.
 */
import { SMALL_COUNT_THRESHOLD } from '../members';

export interface Cell {
	key: string;
	value: number;
	/** False for a hidden cell: never shown, but derivable, so sensitive when small. */
	published: boolean;
}

/** `total` equals the sum of `parts`. */
export interface Relation {
	total: string;
	parts: readonly string[];
}

/** Why a published cell is not shown: its own count is small, or it would reveal one that is. */
export type SuppressionReason = 'small' | 'complementary';

const EPS = 1e-9;

/** The published cells that must not be shown, with the reason for each. */
export function suppress(cells: readonly Cell[], relations: readonly Relation[], threshold = SMALL_COUNT_THRESHOLD): Map<string, SuppressionReason> {
	const byKey = new Map(cells.map((c) => [c.key, c]));
	for (const r of relations) for (const k of [r.total, ...r.parts]) if (!byKey.has(k)) throw new Error(`relation names an unknown cell: ${k}`);
	const suppressed = new Map<string, SuppressionReason>();
	for (const c of cells) if (c.published && c.value < threshold) suppressed.set(c.key, 'small');
	const sensitive = (c: Cell) => (c.published ? suppressed.get(c.key) === 'small' : c.value < threshold);

	for (;;) {
		const known = knownCells(cells, relations, suppressed, byKey);
		const revealed = cells.filter((c) => (!c.published || suppressed.has(c.key)) && known.has(c.key) && sensitive(c));
		if (revealed.length === 0) return suppressed;
		// One more cell per relation and pass: a second revealed cell of the same relation may be covered by the first pick.
		let added = false;
		const touched = new Set<string>();
		for (const cell of revealed) {
			if (touched.has(cell.key)) continue;
			const pick = complementFor(cell.key, relations, suppressed, byKey);
			if (!pick) continue;
			suppressed.set(pick, 'complementary');
			added = true;
			for (const r of relations) if (r.total === pick || r.parts.includes(pick)) for (const k of [r.total, ...r.parts]) touched.add(k);
		}
		if (!added) {
			// Nothing shown next to the revealed cells any more: derived through a chain; widen to every relation still giving figures away.
			const pick = smallestShown(cells, suppressed);
			if (!pick) return suppressed;
			suppressed.set(pick, 'complementary');
		}
	}
}

/** The smallest published, shown cell in a relation with the revealed cell (ties by key, so the result is stable). */
function complementFor(key: string, relations: readonly Relation[], suppressed: Map<string, SuppressionReason>, byKey: Map<string, Cell>): string | null {
	let best: Cell | null = null;
	for (const r of relations) {
		const members = [r.total, ...r.parts];
		if (!members.includes(key)) continue;
		for (const k of members) {
			const c = byKey.get(k)!;
			if (!c.published || suppressed.has(k)) continue;
			if (!best || c.value < best.value || (c.value === best.value && c.key < best.key)) best = c;
		}
	}
	return best?.key ?? null;
}

function smallestShown(cells: readonly Cell[], suppressed: Map<string, SuppressionReason>): string | null {
	let best: Cell | null = null;
	for (const c of cells) {
		if (!c.published || suppressed.has(c.key)) continue;
		if (!best || c.value < best.value || (c.value === best.value && c.key < best.key)) best = c;
	}
	return best?.key ?? null;
}

/**
 * Every cell whose value follows from the shown cells: shown ones, and unknown ones determined by
 * the relations (row space test after Gaussian elimination), and unknown parts that must be zero.
 */
export function knownCells(
	cells: readonly Cell[],
	relations: readonly Relation[],
	suppressed: ReadonlyMap<string, unknown>,
	byKey = new Map(cells.map((c) => [c.key, c]))
): Set<string> {
	const known = new Set(cells.filter((c) => c.published && !suppressed.has(c.key)).map((c) => c.key));
	for (;;) {
		const unknown = cells.filter((c) => !known.has(c.key)).map((c) => c.key);
		if (unknown.length === 0) return known;
		const column = new Map(unknown.map((k, i) => [k, i]));
		const before = known.size;
		for (const k of determinedByAlgebra(relations, column, unknown.length).map((i) => unknown[i])) known.add(k);
		for (const r of relations) {
			if (!known.has(r.total)) continue;
			const open = r.parts.filter((p) => !known.has(p));
			if (open.length === 0) continue;
			const rest = byKey.get(r.total)!.value - r.parts.filter((p) => known.has(p)).reduce((s, p) => s + byKey.get(p)!.value, 0);
			if (rest === 0) for (const p of open) known.add(p);
		}
		if (known.size === before) return known;
	}
}

/** Columns (unknown cells) whose unit vector is a combination of the relations' rows. */
function determinedByAlgebra(relations: readonly Relation[], column: Map<string, number>, n: number): number[] {
	const rows: Float64Array[] = [];
	for (const r of relations) {
		const row = new Float64Array(n);
		let any = false;
		const t = column.get(r.total);
		if (t !== undefined) {
			row[t] += 1;
			any = true;
		}
		for (const p of r.parts) {
			const i = column.get(p);
			if (i !== undefined) {
				row[i] -= 1;
				any = true;
			}
		}
		if (any) rows.push(row);
	}
	// Reduced row echelon form.
	const pivots: number[] = [];
	let rank = 0;
	for (let col = 0; col < n && rank < rows.length; col++) {
		let pivot = -1;
		for (let i = rank; i < rows.length; i++) if (Math.abs(rows[i][col]) > EPS) pivot = i;
		if (pivot < 0) continue;
		[rows[rank], rows[pivot]] = [rows[pivot], rows[rank]];
		const p = rows[rank];
		const scale = p[col];
		for (let j = col; j < n; j++) p[j] /= scale;
		for (let i = 0; i < rows.length; i++) {
			if (i === rank) continue;
			const f = rows[i][col];
			if (Math.abs(f) <= EPS) continue;
			const r = rows[i];
			for (let j = col; j < n; j++) r[j] -= f * p[j];
		}
		pivots.push(col);
		rank++;
	}
	// In RREF a unit vector e_c lies in the row space exactly when some row is e_c itself.
	const determined: number[] = [];
	for (let i = 0; i < rank; i++) {
		const row = rows[i];
		let nonzero = 0;
		for (let j = 0; j < n && nonzero < 2; j++) if (Math.abs(row[j]) > EPS) nonzero++;
		if (nonzero === 1) determined.push(pivots[i]);
	}
	return determined;
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

const isSubset = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size <= b.size && [...a].every((x) => b.has(x));
const disjoint = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].every((x) => !b.has(x));

/**
 * The diversity view's tables: per population the number of responses and, per question, the
 * count of each answer, suppressed as above. Relations beyond each row's sum: a population that
 * contains another (the plenary a group whose members all sit in it) is that one plus the hidden
 * rest; equal populations are equal; and a population with several disjoint parts is their sum
 * plus the hidden rest (two groups that split the plenary between them).
 */
export function diversityTables(
	populations: readonly Population[],
	questions: readonly Question[],
	answersOf: (respondent: string) => Record<string, string>,
	threshold = SMALL_COUNT_THRESHOLD
): PopulationTable[] {
	const cells: Cell[] = [];
	const relations: Relation[] = [];
	const count = (set: ReadonlySet<string>, q: string, a: string) => {
		let n = 0;
		for (const id of set) if (answersOf(id)[q] === a) n++;
		return n;
	};
	const totalKey = (p: string) => `${p}|total`;
	const cellKey = (p: string, q: string, a: string) => `${p}|${q}|${a}`;
	/** A population's cells and its row relations; `published` false for a derived one. */
	const addPopulation = (key: string, set: ReadonlySet<string>, published: boolean) => {
		cells.push({ key: totalKey(key), value: set.size, published });
		for (const q of questions) {
			for (const a of q.answers) cells.push({ key: cellKey(key, q.key, a), value: count(set, q.key, a), published });
			relations.push({ total: totalKey(key), parts: q.answers.map((a) => cellKey(key, q.key, a)) });
		}
	};
	/** `whole` = sum of `parts` (+ the hidden rest, when there is one). */
	const addSplit = (whole: Population, parts: readonly Population[]) => {
		const covered = new Set(parts.flatMap((p) => [...p.respondents]));
		const rest = new Set([...whole.respondents].filter((id) => !covered.has(id)));
		const restKey = `${whole.key}-minus-${parts.map((p) => p.key).join('+')}`;
		const restParts = rest.size > 0 ? [restKey] : [];
		if (rest.size > 0) addPopulation(restKey, rest, false);
		relations.push({ total: totalKey(whole.key), parts: [...parts.map((p) => totalKey(p.key)), ...restParts.map(totalKey)] });
		for (const q of questions)
			for (const a of q.answers)
				relations.push({ total: cellKey(whole.key, q.key, a), parts: [...parts, ...restParts.map((key) => ({ key }))].map((p) => cellKey(p.key, q.key, a)) });
	};

	for (const p of populations) addPopulation(p.key, p.respondents, true);
	for (const whole of populations) {
		const inside = populations.filter((p) => p !== whole && isSubset(p.respondents, whole.respondents));
		for (const part of inside) {
			// Equal sets: tie them once (the earlier is the "whole").
			if (part.respondents.size === whole.respondents.size && populations.indexOf(part) < populations.indexOf(whole)) continue;
			addSplit(whole, [part]);
		}
		// Disjoint parts, largest first: together they and the rest make up the whole.
		const family: Population[] = [];
		for (const p of [...inside].filter((p) => p.respondents.size < whole.respondents.size).sort((a, b) => b.respondents.size - a.respondents.size))
			if (p.respondents.size > 0 && family.every((f) => disjoint(f.respondents, p.respondents))) family.push(p);
		if (family.length >= 2) addSplit(whole, family);
	}

	const suppressed = suppress(cells, relations, threshold);
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
