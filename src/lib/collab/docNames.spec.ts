import { describe, expect, it } from 'vitest';
import { parseDocName } from './docNames';

describe('parseDocName', () => {
	it('reads kind and id', () => {
		expect(parseDocName('notes:abc123')).toEqual({ kind: 'notes', id: 'abc123' });
	});

	it.each(['notes', 'notes:', ':abc', 'unknown:abc', 'notes:ABC', 'notes:a/b', 'notes:abc:def', 'notes:' + 'a'.repeat(65), ''])('refuses %j', (name) => {
		expect(parseDocName(name)).toBeNull();
	});
});
