import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { E2E } from './env';

/** A real SMTP server on loopback; every message it accepts is written to test-results/e2e/mail. */
export default async function globalSetup() {
	mkdirSync(E2E.mailDir, { recursive: true });
	let n = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const to = session.envelope.rcptTo.map((r) => r.address).join(',');
				writeFileSync(join(E2E.mailDir, `${Date.now()}-${++n}-${to}.eml`), Buffer.concat(chunks));
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(E2E.smtpPort, '127.0.0.1', resolve));
	return async () => new Promise<void>((resolve) => server.close(() => resolve()));
}
