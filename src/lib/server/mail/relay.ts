import { connect, type Socket } from 'node:net';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';

/** nodemailer's default. */
const CONNECT_TIMEOUT_MS = 120_000;

type SocketCallback = (err: Error | null, socketOptions?: { connection: Socket }) => void;

/**
 * Opens a relay connection with Nagle's algorithm off. nodemailer leaves it on, so a mail's last
 * small write (the closing dot) waits until the relay acknowledged the body, and relays delay that
 * acknowledgement (Linux by 40 ms): about 45 ms per mail and connection, whatever the CPU does.
 * TLS (smtps, STARTTLS) is still negotiated by nodemailer on this socket.
 */
function openWithoutDelay(options: SMTPConnection.Options, callback: SocketCallback): void {
	const socket = connect({ host: options.host ?? 'localhost', port: options.port ?? (options.secure ? 465 : 587), noDelay: true });
	// nodemailer's own connection timeout starts once it has the socket; this one covers the connect.
	const timer = setTimeout(() => socket.destroy(new Error('Connection timeout')), options.connectionTimeout ?? CONNECT_TIMEOUT_MS);
	const failed = (error: Error) => {
		clearTimeout(timer);
		callback(error);
	};
	socket.once('error', failed);
	socket.once('connect', () => {
		clearTimeout(timer);
		socket.off('error', failed);
		callback(null, { connection: socket });
	});
}

/** The transport options for SMTP_URL (smtp://user:pass@host:port, smtps://… for TLS), read by nodemailer's own parser. */
export function relayOptions(url: string): SMTPConnection.Options & { getSocket: typeof openWithoutDelay } {
	return { ...parseConnectionUrl(url), getSocket: openWithoutDelay };
}
