import { describe, expect, it } from 'vitest';
import { ANONYMOUS, SYSTEM, type Actor } from './actor';
import { can } from './can';

// The rules are pure: they decide from the actor's standing alone. (The full role × action
// matrix against a real database lives in tests/integration/policies.test.ts.)
const actor = (conferences: [string, string[]][], extra: Partial<Actor> = {}): Actor => ({
	personId: 'p1',
	isPlatformAdmin: false,
	hasAccount: false,
	conferences: new Map(conferences.map(([id, roles]) => [id, { roles: new Set(roles) as never, memberStatus: null }])),
	groups: new Map(),
	...extra
});

describe('rules', () => {
	it('anonymous visitors may do nothing', () => {
		expect(can(ANONYMOUS, 'conference.view', { conferenceId: 'c1' })).toBe(false);
		expect(can(ANONYMOUS, 'self.update', { personId: 'p1' })).toBe(false);
	});

	it('the installation (seed, set-up) acts with platform rights but no health-data access', () => {
		expect(can(SYSTEM, 'conference.create', null)).toBe(true);
		expect(can(SYSTEM, 'person.viewSupport', { conferenceId: 'c1', personId: 'p2' })).toBe(false);
	});

	it('an office role without a staff account cannot create conferences', () => {
		expect(can(actor([['c1', ['office']]]), 'conference.create', null)).toBe(false);
		expect(can(actor([['c1', ['office']]], { hasAccount: true }), 'conference.create', null)).toBe(true);
	});

	it('anyone may send accessibility feedback; only platform admins read what names no conference', () => {
		expect(can(ANONYMOUS, 'accessibilityFeedback.submit', null)).toBe(true);
		expect(can(ANONYMOUS, 'accessibilityFeedback.list', { conferenceId: 'c1' })).toBe(false);
		expect(can(actor([['c1', ['office']]]), 'accessibilityFeedback.list', { conferenceId: 'c1' })).toBe(true);
		expect(can(actor([['c1', ['office']]]), 'accessibilityFeedback.list', { conferenceId: null })).toBe(false);
		expect(can(actor([], { isPlatformAdmin: true }), 'accessibilityFeedback.answer', { conferenceId: null })).toBe(true);
	});
});
