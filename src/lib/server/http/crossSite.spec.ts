import { describe, expect, it } from 'vitest';
import { isCrossSiteFormSubmission } from './crossSite';

const OURS = 'https://ratschlag.example';

function request(method: string, contentType: string | null, origin: string | null): Request {
	const headers: Record<string, string> = {};
	if (contentType) headers['content-type'] = contentType;
	if (origin) headers.origin = origin;
	return new Request(`${OURS}/barrierefreiheit`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : 'message=x' });
}

describe("SvelteKit's cross-site rule, kept as it is", () => {
	it('refuses a form body sent with a method that changes something, from another origin or from none named', () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			for (const type of [
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x',
				'text/plain',
				'TEXT/PLAIN; charset=utf-8',
				'application/x-sveltekit-formdata'
			]) {
				expect(isCrossSiteFormSubmission(request(method, type, 'https://evil.example'), OURS), `${method} ${type}`).toBe(true);
				expect(isCrossSiteFormSubmission(request(method, type, null), OURS), `${method} ${type} without origin`).toBe(true);
				expect(isCrossSiteFormSubmission(request(method, type, OURS), OURS), `${method} ${type} from us`).toBe(false);
			}
		}
	});

	it('leaves alone bodies no other site can send without the browser asking first, and requests that only read', () => {
		expect(isCrossSiteFormSubmission(request('POST', 'application/json', 'https://evil.example'), OURS)).toBe(false);
		expect(isCrossSiteFormSubmission(request('GET', null, 'https://evil.example'), OURS)).toBe(false);
		// An origin differing only in scheme or port is another origin.
		expect(isCrossSiteFormSubmission(request('POST', 'text/plain', 'http://ratschlag.example'), OURS)).toBe(true);
		expect(isCrossSiteFormSubmission(request('POST', 'text/plain', 'https://ratschlag.example:8443'), OURS)).toBe(true);
	});
});
