/**
 * RFC 8058 one-click unsubscription: a mail client that found `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click` in a digest POSTs exactly `List-Unsubscribe=One-Click` to the
 * `List-Unsubscribe` address, from no page, with no cookie and no Origin header (§ 3.1), and
 * shows nothing of the answer. That is a cross-site form post by every rule we have, so the
 * request is recognized here, before the cross-site check (crossSite.ts), by exactly this path
 * and this body; any other post to the same address is still a form and goes through the check.
 * Nothing can be forged with it that the link in the mail does not allow already: the token is
 * the permission, and all it can do is unsubscribe.
 */
const PATH = /^\/newsletter\/abmelden\/([^/]{1,100})$/;
const BODY = 'List-Unsubscribe=One-Click';
/** The body is a few bytes; anything longer is not a one-click request and is never read here. */
const MAX_BODY = 512;

/** The token a one-click unsubscription names, or null when the request is not one. */
export async function oneClickUnsubscribeToken(request: Request, url: URL): Promise<string | null> {
	if (request.method !== 'POST') return null;
	const token = PATH.exec(url.pathname)?.[1];
	if (!token) return null;
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase();
	if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return null;
	const length = Number(request.headers.get('content-length'));
	if (!Number.isInteger(length) || length <= 0 || length > MAX_BODY) return null;
	// Read from a copy: a request that is not one-click goes on with its body untouched.
	const copy = request.clone();
	let fields: [string, FormDataEntryValue][];
	try {
		fields = type === 'multipart/form-data' ? [...(await copy.formData()).entries()] : [...new URLSearchParams(await copy.text()).entries()];
	} catch {
		return null;
	}
	const [only] = fields;
	if (fields.length !== 1 || `${only[0]}=${only[1]}` !== BODY) return null;
	return token;
}
