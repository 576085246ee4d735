import { describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '../../domain/logo';
import { RECEIPT_MAX_BYTES } from '../allowances/receipts/content';
import { UPLOAD_BODY_SIZE_LIMIT, UPLOAD_ROUTES } from './bodyLimit';

describe('upload limits', () => {
	it('let each upload form send its largest file, and no form more than its own', () => {
		const limit = (action: string) => UPLOAD_ROUTES.find((u) => u.action === action)!.limit;
		expect(limit('logo')).toBeGreaterThan(LOGO_MAX_BYTES);
		expect(limit('logo')).toBeLessThan(2 * LOGO_MAX_BYTES);
		expect(limit('ticket')).toBeGreaterThan(RECEIPT_MAX_BYTES);
		expect(limit('ticket')).toBeLessThan(RECEIPT_MAX_BYTES + 1024 * 1024);
		expect(UPLOAD_BODY_SIZE_LIMIT).toBe(Math.max(limit('logo'), limit('ticket')));
	});
});
