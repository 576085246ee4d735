import { describe, expect, it } from 'vitest';
import { diversityTables, knownCounts, suppress, type Cell, type PopulationTable, type Relation, type ShownCount } from './suppress';

/** One row of answers to one question, with its total. */
function row(values: Record<string, number>): { cells: Cell[]; relations: Relation[] } {
	const total = Object.values(values).reduce((s, v) => s + v, 0);
	const cells: Cell[] = [{ key: 'total', value: total }, ...Object.entries(values).map(([key, value]) => ({ key, value }))];
	return { cells, relations: [{ total: 'total', parts: Object.keys(values) }] };
}

const value = (c: ShownCount) => ('value' in c ? c.value : null);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Everything a reader can compute from the shown cells must be harmless. */
function expectNoSmallCountDerivable(cells: Cell[], relations: Relation[], suppressed: Map<string, unknown>) {
	const form = new Map(cells.map((c) => [c.key, new Map([[c.key, 1]])]));
	const value = new Map(cells.map((c) => [c.key, c.value]));
	const small = cells.filter((c) => c.value < 5).map((c) => c.key);
	const known = knownCounts(relations, relations, form, value, suppressed, small);
	for (const k of small) expect(known.has(k), `${k} (${value.get(k)}) can be computed`).toBe(false);
}

describe('primary suppression', () => {
	it('shows a row whose every count is 5 or more', () => {
		const { cells, relations } = row({ yes: 5, no: 9, no_answer: 6 });
		expect(suppress(cells, relations).size).toBe(0);
	});

	it('suppresses every count below 5, zero included', () => {
		const { cells, relations } = row({ yes: 12, no: 3, no_answer: 0 });
		const s = suppress(cells, relations);
		expect(s.get('no')).toBe('small');
		expect(s.get('no_answer')).toBe('small');
		expect(s.has('yes')).toBe(false);
		expect(s.has('total')).toBe(false);
	});

	it('suppresses a total of responses below 5 and, with it, every cell', () => {
		const { cells, relations } = row({ woman: 2, man: 1, diverse: 0, no_answer: 1 });
		const s = suppress(cells, relations);
		expect([...s.keys()].sort()).toEqual(['diverse', 'man', 'no_answer', 'total', 'woman']);
	});
});

describe('complementary suppression (differencing)', () => {
	it('total minus the shown cells: one small cell in a row takes the next smallest with it', () => {
		const { cells, relations } = row({ yes: 10, no: 3, no_answer: 8 });
		const s = suppress(cells, relations);
		expect(s.get('no')).toBe('small');
		expect(s.get('no_answer')).toBe('complementary');
		expect(s.has('yes')).toBe(false);
		expectNoSmallCountDerivable(cells, relations, s);
	});

	it('unknown parts that must add up to zero are known: zeros next to a full count are protected', () => {
		const { cells, relations } = row({ yes: 10, no: 0, no_answer: 0 });
		const s = suppress(cells, relations);
		// Total 10 and yes 10 shown would prove both zeros; one of them must go too.
		expect(s.size).toBe(3);
		expectNoSmallCountDerivable(cells, relations, s);
	});

	it('two groups that split the plenary: a small group cannot be read as plenary minus the other group', () => {
		const a = ids('a', 10);
		const b = ids('b', 6);
		const answers = new Map<string, Record<string, string>>();
		a.forEach((id, i) => answers.set(id, { gender: i < 5 ? 'woman' : 'man' }));
		b.forEach((id, i) => answers.set(id, { gender: i < 3 ? 'woman' : 'man' }));
		const tables = diversityTables(
			[
				{ key: 'plenary', respondents: new Set([...a, ...b]) },
				{ key: 'A', respondents: new Set(a) },
				{ key: 'B', respondents: new Set(b) }
			],
			[{ key: 'gender', answers: ['woman', 'man'] }],
			(id) => answers.get(id)!
		);
		const [plenary, A, B] = tables;
		expect(B.counts.gender.woman).toEqual({ suppressed: 'small' });
		expect(B.counts.gender.man).toEqual({ suppressed: 'small' });
		// The plenary's and group A's "woman" must not both be shown (8 − 5 = 3 would be group B's).
		const pw = value(plenary.counts.gender.woman);
		const aw = value(A.counts.gender.woman);
		expect(pw === null || aw === null).toBe(true);
		const pm = value(plenary.counts.gender.man);
		const am = value(A.counts.gender.man);
		expect(pm === null || am === null).toBe(true);
		expectTablesSafe(tables);
	});

	it('a group inside the plenary: the few plenary members outside it are not revealed', () => {
		const inGroup = ids('g', 10);
		const outside = ids('o', 2);
		const answers = new Map<string, Record<string, string>>();
		for (const id of inGroup) answers.set(id, { disability: 'no' });
		answers.set(outside[0], { disability: 'yes' });
		answers.set(outside[1], { disability: 'no' });
		const tables = diversityTables(
			[
				{ key: 'plenary', respondents: new Set([...inGroup, ...outside]) },
				{ key: 'G', respondents: new Set(inGroup) }
			],
			[{ key: 'disability', answers: ['yes', 'no', 'no_answer'] }],
			(id) => answers.get(id)!
		);
		const [plenary, G] = tables;
		// 12 responses minus 10 would say that exactly two members outside the group answered.
		expect(value(plenary.responses) === null || value(G.responses) === null).toBe(true);
		// And 11 "no" minus 10 "no" would say one of those two answered "no".
		expect(value(plenary.counts.disability.no) === null || value(G.counts.disability.no) === null).toBe(true);
		expectTablesSafe(tables);
	});

	it('two overlapping groups that together make the plenary: the one person in both is not revealed by adding them', () => {
		// The reviewer's case: G1 = A ∪ {x}, G2 = B ∪ {x}, plenary = A ∪ B ∪ {x}; 6 + 6 − 11 would be x's answer.
		const a = ids('a', 10);
		const b = ids('b', 10);
		const x = 'x';
		const answers = new Map<string, Record<string, string>>();
		for (const [i, id] of [...a, ...b].entries()) answers.set(id, { disability: i % 2 === 0 ? 'yes' : 'no' });
		answers.set(x, { disability: 'yes' });
		const tables = diversityTables(
			[
				{ key: 'plenary', respondents: new Set([...a, ...b, x]) },
				{ key: 'G1', respondents: new Set([...a, x]) },
				{ key: 'G2', respondents: new Set([...b, x]) }
			],
			[{ key: 'disability', answers: ['yes', 'no', 'no_answer'] }],
			(id) => answers.get(id)!
		);
		const [plenary, g1, g2] = tables;
		for (const answer of ['yes', 'no'] as const) {
			const shown = [plenary, g1, g2].map((t) => value(t.counts.disability[answer]));
			expect(shown.includes(null), `${answer}: ${shown.join(', ')}`).toBe(true);
		}
		expect([plenary, g1, g2].map((t) => value(t.responses)).includes(null)).toBe(true);
	});

	it('the responses total is shared by every question: a total hidden for one question stays hidden for all', () => {
		const people = ids('p', 12);
		const answers = new Map(people.map((id, i) => [id, { gender: i < 3 ? 'woman' : 'man', migration: i < 6 ? 'yes' : 'no' }]));
		const [t] = diversityTables(
			[{ key: 'plenary', respondents: new Set(people) }],
			[
				{ key: 'gender', answers: ['woman', 'man'] },
				{ key: 'migration', answers: ['yes', 'no'] }
			],
			(id) => answers.get(id)!
		);
		// gender: woman 3 is small; with total 12 and man 9 shown it would be 12 − 9.
		expect(t.counts.gender.woman).toEqual({ suppressed: 'small' });
		expect(value(t.responses) === null || value(t.counts.gender.man) === null).toBe(true);
		// If the total went, migration's two cells would reveal it (6 + 6): so one of them goes as well.
		if (value(t.responses) === null) expect(value(t.counts.migration.yes) === null || value(t.counts.migration.no) === null).toBe(true);
	});

	it('never shows a count below 5 and leaves nothing small computable, on random populations', () => {
		let seed = 7;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let round = 0; round < 40; round++) {
			const people = ids('p', 5 + Math.floor(rand() * 40));
			const answers = new Map(people.map((id) => [id, { q: ['a', 'b', 'c', 'n'][Math.floor(rand() * 4)] }]));
			const groups = [0, 1, 2].map((g) => ({ key: `g${g}`, respondents: new Set(people.filter(() => rand() < 0.4)) }));
			const populations = [{ key: 'plenary', respondents: new Set(people) }, ...groups];
			const tables = diversityTables(populations, [{ key: 'q', answers: ['a', 'b', 'c', 'n'] }], (id) => answers.get(id)!);
			expectTablesSafe(tables);
		}
	});
});

/** Every shown count is 5 or more. (That nothing small is derivable is checked by the cases above with arithmetic a reader would do.) */
function expectTablesSafe(tables: PopulationTable[]) {
	for (const t of tables) {
		const r = value(t.responses);
		if (r !== null) expect(r).toBeGreaterThanOrEqual(5);
		for (const answers of Object.values(t.counts))
			for (const c of Object.values(answers)) {
				const v = value(c);
				if (v !== null) expect(v).toBeGreaterThanOrEqual(5);
			}
	}
}
