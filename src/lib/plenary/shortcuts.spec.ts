import { describe, expect, it } from 'vitest';
import { consoleShortcut, type KeyLike } from './shortcuts';

const on = (target: object, key: string, more: Partial<KeyLike> = {}) =>
	consoleShortcut({ key, ctrlKey: false, altKey: false, metaKey: false, repeat: false, target, ...more });
const body = { tagName: 'BODY' };

describe('console shortcuts', () => {
	it('N calls the next person and S or the space bar stops the clock, wherever focus rests on the page', () => {
		expect(on(body, 'n')).toBe('nextSpeaker');
		expect(on(body, 'N')).toBe('nextSpeaker');
		expect(on(body, 's')).toBe('toggleClock');
		expect(on(body, ' ')).toBe('toggleClock');
		expect(on({ tagName: 'H2' }, 'S')).toBe('toggleClock');
		// On a button, N and S still work; the space bar presses the button instead.
		expect(on({ tagName: 'BUTTON' }, 'n')).toBe('nextSpeaker');
		expect(on({ tagName: 'BUTTON' }, ' ')).toBeNull();
		expect(on({ tagName: 'A' }, ' ')).toBeNull();
		expect(on({ tagName: 'DIV', getAttribute: () => 'button' }, ' ')).toBeNull();
		expect(on({ tagName: 'INPUT', type: 'checkbox' }, 's')).toBe('toggleClock');
	});

	it('never while typing, with a modifier, or when a key is held down', () => {
		for (const field of [
			{ tagName: 'INPUT' },
			{ tagName: 'INPUT', type: 'number' },
			{ tagName: 'TEXTAREA' },
			{ tagName: 'SELECT' },
			{ tagName: 'DIV', isContentEditable: true }
		]) {
			expect(on(field, 'n')).toBeNull();
			expect(on(field, ' ')).toBeNull();
		}
		expect(on(body, 'n', { ctrlKey: true })).toBeNull();
		expect(on(body, 's', { metaKey: true })).toBeNull();
		expect(on(body, 'n', { altKey: true })).toBeNull();
		expect(on(body, 's', { repeat: true })).toBeNull();
		expect(on(body, 'x')).toBeNull();
		expect(on(null as unknown as object, 'n')).toBe('nextSpeaker');
	});
});
