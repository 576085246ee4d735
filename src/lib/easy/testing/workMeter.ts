/**
 * A deterministic measure of the work a function asks of the JavaScript runtime, for tests that
 * prove a bound on the checker's work without timing anything (timing belongs to
 * `npm run bench:checker`). While `measureWork` runs its function, the built-ins that the
 * checker's loops go through count what they do:
 * - the regex engine: characters from where a search starts to where its match ends (or to the
 *   end of the text when there is none); a sticky search counts its match. Work a pattern does by
 *   backtracking within that stretch is not seen: such patterns are kept linear by their shape,
 *   and the benchmark times them;
 * - lookups in Sets and Maps: one, plus the length of a string key (hashing it);
 * - copies: characters of `String#slice`/`substring`, elements of `Array#slice`;
 * - string searches: the characters from where `indexOf`/`includes`/`lastIndexOf` start to the
 *   match (or the end), the searched text of `startsWith`/`endsWith`; conversions
 *   (`toLowerCase`, `toUpperCase`, `trim`): the string's length;
 * - array callbacks (`some`, `find`, `findIndex`, `every`, `forEach`, `map`, `filter`,
 *   `flatMap`): each call.
 * A loop that costs n² in any of these shows as n² units. Test code only: it patches built-ins
 * for the length of one synchronous call.
 *
 * With a `budget`, the meter stops the function as soon as the work passes it (the next counted
 * built-in throws `WorkBudgetExceeded`): code that is cubic on a test's input then fails in
 * milliseconds instead of holding the test runner, which cannot interrupt synchronous work, for
 * hours.
 */

type Cost = (self: unknown, args: readonly unknown[], result: unknown) => number;
type Method = (this: unknown, ...args: unknown[]) => unknown;

const keyCost: Cost = (_, [key]) => 1 + (typeof key === 'string' ? key.length : 0);
const copyCost: Cost = (_, __, result) => 1 + (result as { length: number }).length;
const lengthCost: Cost = (self) => 1 + String(self).length;
const patternCost: Cost = (_, [search]) => 1 + String(search).length;

/** Where each regex's search started: exec moves lastIndex before the cost is taken. */
const searchStart = new WeakMap<RegExp, number>();

const regexCost: Cost = (self, [input], result) => {
	const regex = self as RegExp;
	const match = result as RegExpExecArray | null;
	if (regex.sticky) return 1 + (match ? match[0].length : 0);
	const from = regex.global ? (searchStart.get(regex) ?? 0) : 0;
	const to = match ? match.index + match[0].length : String(input).length;
	return 1 + Math.max(0, to - from);
};

function clamp(position: unknown, length: number, fallback: number): number {
	const n = position === undefined ? NaN : Math.trunc(Number(position));
	return Number.isNaN(n) ? fallback : Math.max(0, Math.min(length, n));
}

/** `indexOf`/`includes` from `from`: to the end of the match, or to the end of the text. */
const forwardCost: Cost = (self, [search, from]) => {
	const text = String(self);
	const start = clamp(from, text.length, 0);
	const found = text.indexOf(String(search), start);
	return 1 + (found >= 0 ? found + String(search).length - start : text.length - start);
};

/** `lastIndexOf` from `from`: back to the match, or to the start. */
const backwardCost: Cost = (self, [search, from]) => {
	const text = String(self);
	const start = clamp(from, text.length, text.length);
	const found = text.lastIndexOf(String(search), start);
	return 1 + String(search).length + (found >= 0 ? start - found : start);
};

const METHODS: [target: object, name: string, cost: Cost][] = [
	[RegExp.prototype, 'exec', regexCost],
	[Set.prototype, 'has', keyCost],
	[Map.prototype, 'get', keyCost],
	[Map.prototype, 'has', keyCost],
	[String.prototype, 'slice', copyCost],
	[String.prototype, 'substring', copyCost],
	[Array.prototype, 'slice', copyCost],
	[String.prototype, 'indexOf', forwardCost],
	[String.prototype, 'includes', forwardCost],
	[String.prototype, 'lastIndexOf', backwardCost],
	[String.prototype, 'startsWith', patternCost],
	[String.prototype, 'endsWith', patternCost],
	[String.prototype, 'toLowerCase', lengthCost],
	[String.prototype, 'toUpperCase', lengthCost],
	[String.prototype, 'trim', lengthCost]
];
const CALLBACKS = ['some', 'find', 'findIndex', 'every', 'forEach', 'map', 'filter', 'flatMap'];

export class WorkBudgetExceeded extends Error {
	constructor(readonly budget: number) {
		super(`stopped after more than ${budget} units of work`);
	}
}

/** Runs `run` and returns its result with the units of work it asked for (at most `budget`). */
export function measureWork<T>(run: () => T, budget = Infinity): { result: T; work: number } {
	let work = 0;
	let counting = true; // off while the meter itself calls the built-ins
	const restore: (() => void)[] = [];
	const replace = (target: object, name: string, wrap: (original: Method) => Method) => {
		const descriptor = Object.getOwnPropertyDescriptor(target, name)!;
		Object.defineProperty(target, name, { ...descriptor, value: wrap(descriptor.value as Method) });
		restore.push(() => Object.defineProperty(target, name, descriptor));
	};
	for (const [target, name, cost] of METHODS) {
		replace(
			target,
			name,
			(original) =>
				function (this: unknown, ...args: unknown[]) {
					if (!counting) return original.apply(this, args);
					if (this instanceof RegExp) searchStart.set(this, this.lastIndex);
					const result = original.apply(this, args);
					counting = false;
					try {
						work += cost(this, args, result);
					} finally {
						counting = true;
					}
					if (work > budget) throw new WorkBudgetExceeded(budget);
					return result;
				}
		);
	}
	for (const name of CALLBACKS) {
		replace(
			Array.prototype,
			name,
			(original) =>
				function (this: unknown, callback: unknown, ...rest: unknown[]) {
					if (!counting || typeof callback !== 'function') return original.call(this, callback, ...rest);
					const counted = function (this: unknown, ...args: unknown[]) {
						if (++work > budget) throw new WorkBudgetExceeded(budget);
						return (callback as Method).apply(this, args);
					};
					return original.call(this, counted, ...rest);
				}
		);
	}
	try {
		return { result: run(), work };
	} finally {
		for (const undo of restore.reverse()) undo();
	}
}
