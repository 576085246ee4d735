// No database: a mail is rendered from its arguments and sent to a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendAccessLinkMail } from '../../src/lib/server/mail/accessLinkMail';
import { startSmtpCapture } from './support/smtpCapture';

/** A real SMTP server on loopback receives what the app sends. */
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;

beforeAll(async () => {
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
	delete process.env.SMTP_URL;
	await smtp.close();
});

const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

describe('access link mail', () => {
	it('goes out over SMTP in the recipient’s language, as text and HTML, with the link', async () => {
		const url = 'http://localhost:3000/l/abcdefghijklmnopqrstuvwxyz234567';
		const result = await sendAccessLinkMail({
			to: 'anna@example.org',
			name: 'Anna Fischer',
			conferenceName: 'Gesundheitskonferenz Landkreis Musterstadt',
			url,
			expiresAt: null,
			locale: 'en'
		});
		expect(result).toMatchObject({ sent: true, via: 'smtp' });
		const mail = smtp.received.find((m) => m.to.includes('anna@example.org'))!;
		const body = unfold(mail.raw);
		expect(body).toContain('Content-Language: en');
		expect(body).toContain('text/plain');
		expect(body).toContain('text/html');
		expect(body).toContain('<html lang="en">');
		expect(body).toContain(url);
		expect(body).toContain('Dear Anna Fischer');
	});

	it('carries the checked invitation in Leichte Sprache, one sentence per line, for a person who prefers it', async () => {
		const url = 'http://localhost:3000/l/easyeasyeasyeasyeasyeasyeasyeasy';
		const easyText = 'Hallo!\nSie sind eingeladen. Mit Ihrem Link kommen Sie hinein.';
		const result = await sendAccessLinkMail({ to: 'lena@example.org', name: 'Lena Maurer', conferenceName: 'K', url, expiresAt: null, locale: 'de', easyText });
		expect(result.sent).toBe(true);
		const body = unfold(smtp.received.find((m) => m.to.includes('lena@example.org'))!.raw);
		expect(body).toContain('<p>Sie sind eingeladen.</p>');
		expect(body).toContain('<p>Mit Ihrem Link kommen Sie hinein.</p>');
		expect(body).toContain(url);
		expect(body).toContain('<p>Der Link ist nur f');
		// Instead of the standard wording, not in addition to it.
		expect(body).not.toContain('Sie brauchen kein Passwort. Der Link meldet Sie an.');
	});

	it('a mail server that is down yields a clear “not sent”, never an exception', async () => {
		const saved = process.env.SMTP_URL;
		process.env.SMTP_URL = 'smtp://127.0.0.1:1';
		const { sendMail } = await import('../../src/lib/server/mail/transport');
		const result = await sendMail({ to: 'x@example.org', subject: 's', text: 't', html: '<p>t</p>', lang: 'de' });
		expect(result.sent).toBe(false);
		process.env.SMTP_URL = saved;
	});

	it('with neither SMTP nor an outbox, nothing is pretended: the result says “not configured”', async () => {
		const saved = process.env.SMTP_URL;
		delete process.env.SMTP_URL;
		const result = await sendAccessLinkMail({ to: 'c@example.org', name: 'C', conferenceName: 'K', url: 'http://x/l/y', expiresAt: null, locale: 'de' });
		expect(result).toMatchObject({ sent: false, notConfigured: true });
		process.env.SMTP_URL = saved;
	});

	it('without SMTP but with an outbox (the demo) the mail lands there as an .eml file', async () => {
		const saved = process.env.SMTP_URL;
		delete process.env.SMTP_URL;
		const outbox = mkdtempSync(join(tmpdir(), 'ratschlag-outbox-'));
		process.env.MAIL_OUTBOX = outbox;
		const result = await sendAccessLinkMail({ to: 'b@example.org', name: 'B', conferenceName: 'K', url: 'http://x/l/y', expiresAt: null, locale: 'de' });
		expect(result).toMatchObject({ sent: true, via: 'outbox' });
		const files = readdirSync(outbox);
		expect(files).toHaveLength(1);
		expect(readFileSync(join(outbox, files[0]), 'utf8')).toContain('To: b@example.org');
		delete process.env.MAIL_OUTBOX;
		process.env.SMTP_URL = saved;
	});
});
