export interface FitOptions {
	/** The text shown: measured again when it changes. */
	key: unknown;
	/** At most this many lines. */
	lines: number;
	/** The smallest factor of the block's font size it may be set in. */
	min?: number;
}

/**
 * Shrinks a block's type until its text fits in `lines` lines and in the height the wall's
 * layout leaves it, down to `min` of its size; what still does not fit is clamped to the whole
 * lines that do (with an ellipsis), never cut through the middle of a line. The block's CSS sets
 * its font size times `var(--fit, 1)` and `-webkit-line-clamp: var(--clamp, …)`; the full text
 * stays in the page for screen readers and search.
 *
 * It measures again when the block or the slide around it (`[data-stage]`) changes size (an
 * announcement appears, the window is resized) and when the text changes.
 */
export function fitText(node: HTMLElement, options: FitOptions) {
	let { key, lines, min = 0.5 } = options;
	let last = '';
	const size = () => `${node.clientWidth}x${node.clientHeight}|${node.closest('[data-stage]')?.clientHeight ?? 0}`;
	const lineHeight = () => parseFloat(getComputedStyle(node).lineHeight) || parseFloat(getComputedStyle(node).fontSize) * 1.2;
	// Measured unclamped: a clamped block reports only the lines it shows.
	const tooBig = () => node.scrollHeight > Math.min(node.clientHeight, lines * lineHeight()) + 1;
	const fit = () => {
		node.style.setProperty('--clamp', 'none');
		let scale = 1;
		node.style.setProperty('--fit', '1');
		while (tooBig() && scale > min) {
			scale = Math.max(min, Math.round((scale - 0.05) * 100) / 100);
			node.style.setProperty('--fit', String(scale));
		}
		const fits = Math.max(1, Math.floor((Math.min(node.clientHeight, node.scrollHeight) + 1) / lineHeight()));
		node.style.setProperty('--clamp', String(Math.min(lines, fits)));
		last = size();
	};
	const observer = new ResizeObserver(() => {
		if (size() !== last) fit();
	});
	observer.observe(node);
	const stage = node.closest('[data-stage]');
	if (stage) observer.observe(stage);
	fit();
	// Web fonts change the measure once they arrive.
	void document.fonts?.ready.then(fit);
	return {
		update(next: FitOptions) {
			const changed = next.key !== key || next.lines !== lines;
			({ key, lines, min = 0.5 } = next);
			if (changed) fit();
		},
		destroy() {
			observer.disconnect();
		}
	};
}
