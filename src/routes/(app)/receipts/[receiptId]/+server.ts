import type { RequestHandler } from './$types';
import { openReceipt } from '$lib/server/allowances/receipts/open';
import { getData } from '$lib/server/db/data';

/**
 * A receipt, shown in the browser (inline) to the person and the office. The type is the one
 * decided from the content at upload, never sniffed by the browser; the answer is sandboxed, so a
 * PDF (stored as sent) can never act as a page of ours; and nothing keeps a copy.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const receipt = await openReceipt(getData(), locals.actor, params.receiptId);
	return new Response(new Uint8Array(receipt.bytes), {
		headers: {
			'content-type': receipt.contentType,
			'content-length': String(receipt.bytes.byteLength),
			'content-disposition': 'inline',
			'x-content-type-options': 'nosniff',
			'content-security-policy': 'sandbox',
			'cache-control': 'private, no-store',
			'cross-origin-resource-policy': 'same-origin'
		}
	});
};
