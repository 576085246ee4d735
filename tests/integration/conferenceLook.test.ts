import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '../../src/lib/domain/logo';
import { first } from '../../src/lib/server/db/client';
import { type BuiltServer } from './support/builtServer';
import { builtServerOn } from './support/builtServerOn';
import { DIALECTS } from './support/data';

/**
 * A conference's look against the production build (issue 15, item 9): the logo is taken only as
 * PNG, JPEG or WebP read from its bytes, at most 1 MB, and served under a versioned address that
 * may be cached; the accent colour is refused, with its contrast in words, where text in it would
 * fail WCAG AA. The larger body an upload needs is the upload's alone: every other form keeps its limit.
 * The server on a SQLite file and on PostgreSQL (where the logo's bytes are a bytea).
 */
// A real 1×1 PNG; anything after its end is ignored by image decoders and lets a test set the size.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

describe.each(DIALECTS)('the look of a conference on %s', (dialect) => {
	const on = builtServerOn(dialect);
	// The server of the dialect: the helpers below reach it by this name.
	let server: BuiltServer;
	let office: string;
	let member: string;
	let conferenceId: string;

	beforeAll(async () => {
		server = on.server;
		office = await server.signIn(server.demo('Geschäftsstelle').link);
		member = await server.signIn(server.demo('Stimmberechtigtes Mitglied').link);
		const { q, t } = on.data;
		conferenceId = first(await q.select({ id: t.conferences.id }).from(t.conferences).orderBy(t.conferences.createdAt, t.conferences.id).limit(1))!.id;
	});

	const settings = () => `${server.origin}/conferences/${conferenceId}/settings`;

	function upload(bytes: Buffer, name: string, type: string, cookie = office) {
		const form = new FormData();
		form.append('logo', new Blob([new Uint8Array(bytes)], { type }), name);
		return fetch(`${settings()}?/logo`, { method: 'POST', redirect: 'manual', headers: { origin: server.origin, accept: 'text/html', cookie }, body: form });
	}

	/**
	 * A logo upload that declares its whole length but sends only its first 64 KB, then waits: the
	 * server must answer from the declared length alone. (Sending on until the answer raced the
	 * server's close of the socket, and lost the answer to EPIPE now and then.) A server that waited
	 * for the rest would never answer, and the test would time out.
	 */
	async function uploadAnsweredUnread(bytes: Buffer): Promise<{ status: number; page: string }> {
		const form = new FormData();
		form.append('logo', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'logo.png');
		const framed = new Request('http://x/', { method: 'POST', body: form });
		const body = Buffer.from(await framed.arrayBuffer());
		const headers = {
			origin: server.origin,
			accept: 'text/html',
			cookie: office,
			'content-type': framed.headers.get('content-type')!,
			'content-length': String(body.length)
		};
		return new Promise((resolve, reject) => {
			const request = http.request(`${settings()}?/logo`, { method: 'POST', headers }, (response) => {
				let page = '';
				response.setEncoding('utf8');
				response.on('data', (text: string) => (page += text));
				response.on('end', () => {
					resolve({ status: response.statusCode ?? 0, page });
					request.destroy();
				});
			});
			request.on('error', reject);
			request.write(body.subarray(0, 64 * 1024));
		});
	}

	function postForm(path: string, fields: Record<string, string>, cookie = office) {
		return fetch(`${server.origin}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
			body: new URLSearchParams(fields).toString()
		});
	}

	const page = async (path: string, cookie = office) => (await fetch(`${server.origin}${path}`, { headers: { cookie } })).text();
	const logoAddress = (html: string) => /src="(\/oeffentlich\/[a-z0-9]+\/logo\?v=[\w-]+)"/.exec(html)?.[1];
	const logoRows = () =>
		on.data.q.select({ type: on.data.t.conferenceLogos.contentType, size: on.data.t.conferenceLogos.size }).from(on.data.t.conferenceLogos);

	describe("a conference's logo", () => {
		it('is refused unless its bytes are PNG, JPEG or WebP, whatever name and type the browser gives it', async () => {
			for (const [bytes, name, type] of [
				[SVG, 'logo.svg', 'image/svg+xml'],
				[SVG, 'logo.png', 'image/png'],
				[GIF, 'logo.gif', 'image/gif'],
				[Buffer.from('%PDF-1.7\n'), 'logo.jpg', 'image/jpeg']
			] as const) {
				const answer = await upload(bytes, name, type);
				expect(answer.status, name).toBe(400);
				expect(await answer.text()).toContain('Diese Datei ist kein PNG-, JPEG- oder WebP-Bild. Andere Formate (auch SVG) nehmen wir nicht an.');
			}
			expect(await logoRows()).toEqual([]);
		});

		it('is refused over 1 MB with a message saying so; far over, the body is not even read', async () => {
			const tooLarge = Buffer.concat([PNG, Buffer.alloc(LOGO_MAX_BYTES + 1 - PNG.length)]);
			const answer = await upload(tooLarge, 'logo.png', 'image/png');
			expect(answer.status).toBe(400);
			expect(await answer.text()).toContain('Das Logo ist größer als 1 MB.');
			const huge = await uploadAnsweredUnread(Buffer.concat([PNG, Buffer.alloc(3 * LOGO_MAX_BYTES)]));
			expect(huge.status).toBe(413);
			// A file, so not the words for a form's text ("Zu viel Text auf einmal … Kürzen Sie ihn").
			expect(huge.page).toContain('Die Datei ist zu groß');
			expect(huge.page).toContain('Wählen Sie eine kleinere Datei');
			expect(huge.page).not.toContain('Zu viel Text auf einmal');
			expect(await logoRows()).toEqual([]);
		});

		it('is taken as PNG up to 1 MB, shown with the conference, and served under an address that may be cached', async () => {
			const exactlyMax = Buffer.concat([PNG, Buffer.alloc(LOGO_MAX_BYTES - PNG.length)]);
			const answer = await upload(exactlyMax, 'Logo Landkreis.png', 'application/octet-stream');
			expect(answer.status).toBe(200);
			expect(await answer.text()).toContain('Das Logo ist gespeichert.');
			expect(await logoRows()).toEqual([{ type: 'image/png', size: LOGO_MAX_BYTES }]);

			// Every page of the conference shows it, to the office and to a member.
			const address = logoAddress(await page(`/conferences/${conferenceId}/people`));
			expect(address).toBeDefined();
			expect(logoAddress(await page(`/conferences/${conferenceId}`, member))).toBe(address);

			const logo = await fetch(`${server.origin}${address}`);
			expect(logo.status).toBe(200);
			expect(logo.headers.get('content-type')).toBe('image/png');
			expect(logo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
			expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
			expect(Buffer.from(await logo.arrayBuffer()).equals(exactlyMax)).toBe(true);
			const again = await fetch(`${server.origin}${address}`, { headers: { 'if-none-match': logo.headers.get('etag')! } });
			expect(again.status).toBe(304);
			// An old or made-up version gets the current logo, kept for minutes only.
			const stale = await fetch(`${server.origin}/oeffentlich/${conferenceId}/logo?v=old`);
			expect(stale.headers.get('cache-control')).toBe('public, max-age=300');

			// A new logo gets a new address; removing it leaves the name alone.
			expect((await upload(JPEG, 'logo.jpg', 'image/jpeg')).status).toBe(200);
			const next = logoAddress(await page(`/conferences/${conferenceId}`));
			expect(next).not.toBe(address);
			expect((await fetch(`${server.origin}${next}`)).headers.get('content-type')).toBe('image/jpeg');
			expect(await (await postForm(`/conferences/${conferenceId}/settings?/removeLogo`, {})).text()).toContain('Das Logo ist entfernt.');
			expect(logoAddress(await page(`/conferences/${conferenceId}`))).toBeUndefined();
			expect((await fetch(`${server.origin}/oeffentlich/${conferenceId}/logo`)).status).toBe(404);
		});

		it('is the office’s to change: a member is refused and nothing is stored', async () => {
			expect((await upload(PNG, 'logo.png', 'image/png', member)).status).toBe(403);
			expect(await logoRows()).toEqual([]);
		});

		it('does not lift the limit of other forms: a 200 KB feedback message is still 413', async () => {
			const answer = await postForm('/barrierefreiheit', { message: 'a'.repeat(200 * 1024) });
			expect(answer.status).toBe(413);
			expect(await answer.text()).toContain('Zu viel Text auf einmal');
		});
	});

	describe("a conference's accent colour", () => {
		const fields = (accentColor: string) => ({
			name: 'Gesundheitskonferenz Landkreis Musterstadt',
			region: 'Landkreis Musterstadt',
			description: '',
			contactEmail: '',
			contactPhone: '',
			signLanguageVideoUrl: '',
			easySeparator: 'hyphen',
			majority: 'simple',
			quorumPercent: '50',
			accentColor
		});

		it('is refused where text in it would fail WCAG AA, with its contrast in words, and nothing changes', async () => {
			const answer = await postForm(`/conferences/${conferenceId}/settings?/update`, fields('#FFD700'));
			expect(answer.status).toBe(400);
			const html = await answer.text();
			expect(html).toMatch(/Diese Farbe hat auf hellem Grund nur einen Kontrast von 1\.\d\d:1; nötig sind mindestens 4\.5:1 \(WCAG AA\)/);
			expect(html).toContain('value="#FFD700"');
			expect(await page(`/conferences/${conferenceId}`)).not.toMatch(/--accent:/);
			const nonsense = await postForm(`/conferences/${conferenceId}/settings?/update`, fields('red; background: url(x)'));
			expect(await nonsense.text()).toContain('Bitte geben Sie die Farbe als Hex-Wert an, zum Beispiel #0b4f8a.');
		});

		it('is taken when dark enough and colours the conference’s pages', async () => {
			const answer = await postForm(`/conferences/${conferenceId}/settings?/update`, fields('#1B5E20'));
			expect(answer.status).toBe(200);
			expect(await answer.text()).toContain('Gespeichert');
			const html = await page(`/conferences/${conferenceId}/plenary`, member);
			expect(html).toContain('--primary: #1b5e20;');
			expect(html).toContain('--accent: #1b5e20;');
		});
	});
});
