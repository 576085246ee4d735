import { afterAll, beforeAll } from 'vitest';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
	to: string[];
	raw: string;
}

/**
 * A real SMTP server on a loopback port that keeps every mail it accepts. `hooks` may stall a
 * connection or refuse a recipient (`onConnect`, `onRcptTo`), as a mail server out of our hands does.
 */
export async function startSmtpCapture(hooks: Pick<SMTPServerOptions, 'onConnect' | 'onRcptTo' | 'onClose'> = {}) {
	const received: CapturedMail[] = [];
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		...hooks,
		onData(stream, session, callback) {
			let raw = '';
			stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	return {
		received,
		url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
		close: () => new Promise<void>((resolve) => smtp.close(() => resolve()))
	};
}

/**
 * A capture for the suite (or the file) it is called in, from its first test to its last, as
 * SMTP_URL, put back after. Called in each suite of `describe.each(DIALECTS)`, each reads only the
 * mails its own run sent, where both runs mail the same addresses.
 */
export function smtpCaptureForSuite() {
	const capture = { received: [] as CapturedMail[], url: '' };
	let smtp: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
	let before: string | undefined;
	beforeAll(async () => {
		before = process.env.SMTP_URL;
		smtp = await startSmtpCapture();
		capture.received = smtp.received;
		capture.url = smtp.url;
		process.env.SMTP_URL = smtp.url;
	});
	afterAll(async () => {
		if (before === undefined) delete process.env.SMTP_URL;
		else process.env.SMTP_URL = before;
		await smtp?.close();
	});
	return capture;
}
