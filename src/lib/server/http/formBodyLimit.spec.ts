import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { RECEIPT_MAX_BYTES } from '$lib/domain/allowances/receiptLimits';
import { BODY_SIZE_LIMIT, UPLOAD_BODY_SIZE_LIMIT } from './bodyLimit';
import { limitFormBody } from './formBodyLimit';

/** A form post whose body declares `length` bytes, to the route and action given. */
function post(routeId: string, action: string, length: number): RequestEvent {
	const request = new Request(`http://localhost/x?/${action}`, {
		method: 'POST',
		body: new Uint8Array(1),
		headers: { 'content-length': String(length) }
	});
	return { request, route: { id: routeId }, url: new URL(request.url) } as unknown as RequestEvent;
}

const EDITOR = '/(app)/conferences/[conferenceId]/allowances/[claimId]/edit';
const MEIN_GELD = '/(easy)/einfach/geld/[claimId]';

describe('form body limits', () => {
	it('let a receipt of up to 10 MB and its form through to the upload actions only', () => {
		expect(UPLOAD_BODY_SIZE_LIMIT).toBeGreaterThan(RECEIPT_MAX_BYTES);
		for (const [route, action] of [
			[EDITOR, 'addLine'],
			[MEIN_GELD, 'ticket']
		]) {
			const event = post(route, action, RECEIPT_MAX_BYTES + 100_000);
			const before = event.request;
			limitFormBody(event);
			expect(event.request).toBe(before);
		}
	});

	it('refuse more than that, and any other form past the small limit, before reading it', async () => {
		for (const event of [
			post(EDITOR, 'addLine', 11 * 1024 * 1024),
			post(EDITOR, 'withdraw', BODY_SIZE_LIMIT + 1),
			post(MEIN_GELD, 'submit', 2 * 1024 * 1024)
		]) {
			const answer = limitFormBody(event);
			await expect(event.request.arrayBuffer()).rejects.toBeDefined();
			expect(answer.refused()).toBe(true);
		}
	});
});
