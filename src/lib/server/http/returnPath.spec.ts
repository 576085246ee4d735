import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './returnPath';

describe('safeReturnPath', () => {
	it('keeps paths on this site', () => {
		expect(safeReturnPath('/conferences/abc?tab=people')).toBe('/conferences/abc?tab=people');
	});

	it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', null, 42])(
		'sends %s to the fallback instead',
		(value) => {
			expect(safeReturnPath(value, '/start')).toBe('/start');
		}
	);
});
