/**
 * The stretches of a text that a rule's patterns have already claimed, so that a later pattern
 * does not report the same characters again. One flag per character: a claim costs its own
 * length, never the number of claims before it (a list searched per match costs n² on a text
 * of thousands of dates).
 */
export class Claimed {
	private readonly taken: Uint8Array;

	constructor(length: number) {
		this.taken = new Uint8Array(length);
	}

	/** Whether any character of [start, end) is claimed. */
	overlaps(start: number, end: number): boolean {
		for (let i = start; i < end; i++) if (this.taken[i]) return true;
		return false;
	}

	claim(start: number, end: number): void {
		this.taken.fill(1, start, end);
	}
}
