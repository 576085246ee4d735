import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './returnPath';

describe('safeReturnPath', () => {
	it('keeps paths on this site', () => {
		expect(safeReturnPath('/conferences/abc?tab=people')).toBe('/conferences/abc?tab=people');
		// Percent-encoded, a tab is part of a path on this site, not a way out of it.
		expect(safeReturnPath('/%09/evil.example')).toBe('/%09/evil.example');
	});

	it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'javascript:alert(1)', '', null, 42])(
		'sends %s to the fallback instead',
		(value) => {
			expect(safeReturnPath(value, '/start')).toBe('/start');
		}
	);
});
