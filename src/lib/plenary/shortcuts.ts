/**
 * The moderator console's keyboard shortcuts: N gives the floor to the next person, S (or the
 * space bar) stops and restarts the speaker's clock. They are one key each, so they act only when
 * focus is not where that key types or presses something (WCAG 2.1.4): never in a text field, and
 * the space bar never on a button or link, which it activates. A person can switch them off.
 */
export type ConsoleShortcut = 'nextSpeaker' | 'toggleClock';

/** What a key event says about where it happened; a DOM KeyboardEvent fits. */
export interface KeyLike {
	key: string;
	ctrlKey: boolean;
	altKey: boolean;
	metaKey: boolean;
	repeat: boolean;
	target: unknown;
}

interface ElementLike {
	tagName?: string;
	type?: string;
	isContentEditable?: boolean;
	getAttribute?: (name: string) => string | null;
}

const NOT_TYPED = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'range', 'color', 'file']);
const PRESSED_BY_SPACE = new Set(['BUTTON', 'A', 'SUMMARY', 'INPUT', 'SELECT', 'TEXTAREA']);
const PRESSED_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'menuitem', 'tab', 'option']);

function typesText(el: ElementLike): boolean {
	if (el.isContentEditable) return true;
	if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
	return el.tagName === 'INPUT' && !NOT_TYPED.has((el.type ?? 'text').toLowerCase());
}

export function consoleShortcut(event: KeyLike): ConsoleShortcut | null {
	if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return null;
	const target = (event.target ?? {}) as ElementLike;
	if (typesText(target)) return null;
	const key = event.key.toLowerCase();
	if (key === 'n') return 'nextSpeaker';
	if (key === 's') return 'toggleClock';
	if (key === ' ') {
		const role = target.getAttribute?.('role') ?? '';
		return PRESSED_BY_SPACE.has(target.tagName ?? '') || PRESSED_ROLES.has(role) ? null : 'toggleClock';
	}
	return null;
}
