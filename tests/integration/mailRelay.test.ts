// No database: the connection to the mail relay.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { relayOptions } from '../../src/lib/server/mail/relay';

/**
 * Our relay connections are opened by `relayOptions`' own socket (Nagle off); nodemailer must
 * still negotiate TLS on it, whether the relay speaks TLS from the start (smtps) or upgrades by
 * STARTTLS. smtp-server's built-in test certificate is self-signed, hence rejectUnauthorized.
 */
describe('relay connections', () => {
	let server: SMTPServer | undefined;
	afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

	async function relay(secure: boolean) {
		const received: { secure: boolean; text: string }[] = [];
		server = new SMTPServer({
			secure,
			authOptional: true,
			logger: false,
			onData(stream, session, callback) {
				let text = '';
				stream.on('data', (chunk) => (text += chunk));
				stream.on('end', () => {
					received.push({ secure: session.secure, text });
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
		return { port: (server.server.address() as { port: number }).port, received };
	}

	it('sends over smtps:// with TLS from the first byte', async () => {
		const { port, received } = await relay(true);
		const transport = nodemailer.createTransport({ ...relayOptions(`smtps://127.0.0.1:${port}`), tls: { rejectUnauthorized: false } });
		const info = await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 'TLS', text: 'über TLS' });
		transport.close();
		expect(info.accepted).toEqual(['b@example.org']);
		expect(received).toHaveLength(1);
		expect(received[0].secure).toBe(true);
	});

	it('upgrades smtp:// by STARTTLS when the relay offers it', async () => {
		const { port, received } = await relay(false);
		const transport = nodemailer.createTransport({ ...relayOptions(`smtp://127.0.0.1:${port}`), requireTLS: true, tls: { rejectUnauthorized: false } });
		await transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 'STARTTLS', text: 'nach STARTTLS' });
		transport.close();
		expect(received).toHaveLength(1);
		expect(received[0].secure).toBe(true);
	});

	it('reports a relay that is not there as an error, not a hang', async () => {
		const { port } = await relay(false);
		await new Promise<void>((resolve) => server!.close(() => resolve()));
		server = undefined;
		const transport = nodemailer.createTransport(relayOptions(`smtp://127.0.0.1:${port}`));
		await expect(transport.sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 'x', text: 'y' })).rejects.toThrow(/ECONNREFUSED/);
	});
});
