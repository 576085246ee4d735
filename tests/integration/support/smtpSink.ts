import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface SunkMail {
	to: string;
	messageId: string;
	/** When the server had the whole mail (ms since the epoch). */
	at: number;
}

/**
 * A real SMTP server on a loopback port that keeps, per mail, only its recipient, Message-ID and
 * arrival time: enough to count thousands of mails per recipient and per Message-ID without
 * holding their bodies. `onRcptTo` may refuse a recipient (4xx or 5xx) as a relay does.
 */
export async function startSmtpSink(hooks: Pick<SMTPServerOptions, 'onRcptTo'> = {}) {
	const mails: SunkMail[] = [];
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		disableReverseLookup: true,
		size: 1024 * 1024,
		...hooks,
		onData(stream, session, callback) {
			let head = '';
			stream.on('data', (c: Buffer) => {
				if (head.length < 16_384) head += c.toString('utf8');
			});
			stream.on('end', () => {
				const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
				const at = Date.now();
				for (const r of session.envelope.rcptTo) mails.push({ to: r.address, messageId, at });
				callback();
			});
		}
	});
	// A client killed mid-mail resets its connection: expected here, not a failure of the sink.
	smtp.on('error', () => {});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	return {
		mails,
		url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
		/** How many mails each recipient got. */
		perRecipient: () => mails.reduce((m, x) => m.set(x.to, (m.get(x.to) ?? 0) + 1), new Map<string, number>()),
		close: () => new Promise<void>((resolve) => smtp.close(() => resolve()))
	};
}

/** An SMTP refusal for `onRcptTo`: `callback(smtpRefusal(550, '5.1.1 No such user'))`. */
export function smtpRefusal(code: number, text: string): Error {
	return Object.assign(new Error(text), { responseCode: code });
}
