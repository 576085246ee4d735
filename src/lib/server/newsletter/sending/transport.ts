import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { relayOptions } from '../../mail/relay';
import type { DigestMail } from '../mail/digestMail';

/** What the relay said to one mail. */
export type Handed = { ok: true } | { ok: false; permanent: boolean; error: string };

const MAX_ERROR_LENGTH = 500;

let pool: { url: string; connections: number; transport: Transporter } | undefined;
let outbox: Transporter | undefined;

/** The pool for SMTP_URL, kept open across mails and batches. */
function pooled(url: string, connections: number): SMTPPool.Options {
	return { ...relayOptions(url), pool: true, maxConnections: connections, maxMessages: Infinity };
}

/** Whether digest mails would go anywhere: SMTP_URL, or the outbox folder (MAIL_OUTBOX) as other mail. */
export function digestMailConfigured(): boolean {
	return Boolean(process.env.SMTP_URL || process.env.MAIL_OUTBOX);
}

/**
 * Hands one digest mail to the relay over a pooled SMTP transport (kept open across mails and
 * batches; rebuilt when SMTP_URL changes), or writes it to the outbox folder. A 5xx answer is
 * permanent (the address or the mail is refused); everything else — 4xx, a dropped connection, a
 * timeout — is worth another attempt later.
 */
export async function handToRelay(mail: DigestMail, connections: number): Promise<Handed> {
	const message = {
		from: process.env.MAIL_FROM || 'Ratschlag <no-reply@localhost>',
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		html: mail.html,
		headers: { 'Content-Language': mail.lang, ...mail.headers },
		messageId: mail.messageId,
		// Named rather than detected: nodemailer's detection scans every part, a third of a mail's CPU.
		textEncoding: 'quoted-printable' as const
	};
	try {
		const url = process.env.SMTP_URL;
		if (url) {
			if (pool?.url !== url || pool.connections !== connections) {
				pool?.transport.close();
				pool = { url, connections, transport: nodemailer.createTransport(pooled(url, connections)) };
			}
			await pool.transport.sendMail(message);
			return { ok: true };
		}
		const folder = process.env.MAIL_OUTBOX;
		if (!folder) return { ok: false, permanent: false, error: 'no SMTP_URL or MAIL_OUTBOX configured' };
		outbox ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
		const info = await outbox.sendMail(message);
		mkdirSync(folder, { recursive: true });
		const name = (mail.messageId ?? `${Date.now()}`).replace(/[^a-z0-9.]/gi, '');
		writeFileSync(join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.eml`), info.message as Buffer);
		return { ok: true };
	} catch (error) {
		const e = error as { responseCode?: number; response?: string; message?: string; code?: string; command?: string };
		// Only the recipient's own refusal says something about the address. A 5xx at sign-in, at
		// MAIL FROM or for the content is the relay's (a wrong password, a refused sender): counting it
		// against every address in the batch would fail them for good; it stays temporary, and a run of
		// such failures pauses the send.
		const permanent =
			typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && (e.code === 'EENVELOPE' || e.command === 'RCPT TO');
		const text = (e.response || e.message || e.code || String(error)).replace(/\s+/g, ' ').trim();
		return { ok: false, permanent, error: text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text };
	}
}

/** Closes the pooled connections (tests, and a server shutting down). */
export function closeRelay(): void {
	pool?.transport.close();
	pool = undefined;
}
