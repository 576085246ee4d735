import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './returnPath';

describe('safeReturnPath', () => {
	it('keeps paths on this site', () => {
		expect(safeReturnPath('/conferences/abc?tab=people')).toBe('/conferences/abc?tab=people');
		// Percent-encoded, a tab is part of a path on this site, not a way out of it.
		expect(safeReturnPath('/%09/evil.example')).toBe('/%09/evil.example');
		// An encoded slash is a character of a segment, not a second slash.
		expect(safeReturnPath('/%2F/evil.example')).toBe('/%2F/evil.example');
	});

	it('keeps a path resolved as the browser will resolve it', () => {
		expect(safeReturnPath('/conferences/./abc/../xyz#poll')).toBe('/conferences/xyz#poll');
		expect(safeReturnPath('/../start')).toBe('/start');
	});

	it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'javascript:alert(1)', '', null, 42])(
		'sends %s to the fallback instead',
		(value) => {
			expect(safeReturnPath(value, '/start')).toBe('/start');
		}
	);

	// Each of these is a same-site path as written, and protocol-relative once resolved.
	it.each([
		'/.//evil.example/phish',
		'/..//evil.example/phish',
		'/a/..//evil.example',
		'/%2e//evil.example',
		'/%2E%2E//evil.example',
		'/.%2e//evil.example',
		'/././/evil.example',
		'/.///evil.example'
	])('checks %s after resolving it, and sends it to the fallback', (value) => {
		expect(safeReturnPath(value, '/start')).toBe('/start');
	});
});
