import nodemailer, { type Transporter } from 'nodemailer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newId } from '../ids';
import { relayOptions } from './relay';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	html: string;
	lang: string;
	/** A stable id, so a second copy of the same mail (sent again after a crash) can be recognised. */
	messageId?: string;
	/** Further headers (a newsletter's `List-Unsubscribe`, `List-Id`); values are one line each. */
	headers?: Record<string, string>;
	/** Images the HTML shows inline (`<img src="cid:…">`): an invitation's signature, seen without loading anything remote. */
	inlineImages?: { cid: string; filename: string; contentType: string; content: Buffer }[];
}

export type MailResult = { sent: true; via: 'smtp' | 'outbox'; where: string } | { sent: false; error: string; notConfigured?: true };

/** Whether a mail would go anywhere (SMTP or the outbox); the form can say so at once. */
export function mailConfigured(): boolean {
	return Boolean(process.env.SMTP_URL || process.env.MAIL_OUTBOX);
}

let transporter: { url: string; transport: Transporter } | undefined;

/**
 * SMTP when SMTP_URL is set (smtp://user:pass@host:port, smtps://… for TLS). Otherwise, when
 * MAIL_OUTBOX names a folder (the demo sets one next to its database), each mail is written
 * there as an .eml file, so a newcomer sees exactly what would have gone out. With neither,
 * nothing is sent and the caller is told so: never a pretended delivery.
 */
export async function sendMail(mail: OutgoingMail): Promise<MailResult> {
	const from = process.env.MAIL_FROM || 'Ratschlag <no-reply@localhost>';
	const message = {
		from,
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		html: mail.html,
		headers: { ...mail.headers, 'Content-Language': mail.lang },
		...(mail.inlineImages?.length ? { attachments: mail.inlineImages.map((image) => ({ ...image, contentDisposition: 'inline' as const })) } : {}),
		...(mail.messageId ? { messageId: mail.messageId } : {})
	};
	try {
		const url = process.env.SMTP_URL;
		if (url) {
			// One pooled transport per configured server, rebuilt if the configuration changes.
			if (transporter?.url !== url) transporter = { url, transport: nodemailer.createTransport(relayOptions(url)) };
			const info = await transporter.transport.sendMail(message);
			return { sent: true, via: 'smtp', where: info.messageId };
		}
		const outbox = process.env.MAIL_OUTBOX;
		if (!outbox) return { sent: false, error: 'no SMTP_URL or MAIL_OUTBOX configured', notConfigured: true };
		const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
		const info = await stream.sendMail(message);
		const file = join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId()}.eml`);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, info.message as Buffer);
		return { sent: true, via: 'outbox', where: file };
	} catch (error) {
		console.error('mail not sent', error);
		return { sent: false, error: error instanceof Error ? error.message : String(error) };
	}
}
