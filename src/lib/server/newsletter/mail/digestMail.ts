import type { Db } from '../../db';
import type { Edition } from '../../db/schema';
import type { OutgoingMail } from '../../mail/transport';

/**
 * One digest mail for one recipient: accessible HTML (lang, real headings, layout tables with
 * role="presentation", no tracking) and a plain-text part, a "read in the browser" link, the
 * visible unsubscribe link, and the RFC 8058 headers. CONTRACT (owner: part C). Stub until it lands.
 */
export interface DigestMailInput {
	conference: { id: string; name: string };
	digest: { id: string; number: number | null; title: string; publishedAt: Date | null };
	edition: Edition;
	/** The edition's frozen (or, for a test mail, freshly rendered) HTML fragment and text. */
	body: { html: string; text: string };
	/** Null for a test mail to an editor: no unsubscribe headers then. */
	subscriber: { id: string; tokenVersion: number; email: string; name: string | null } | null;
	to: string;
	origin: string;
	/** Stable per delivery, so a copy sent again after a crash can be recognised. */
	messageId: string;
	/** A test mail says so in its subject and first line. */
	test?: boolean;
}

export interface DigestMail extends OutgoingMail {
	/** `List-Unsubscribe`, `List-Unsubscribe-Post`, `List-Id`, … */
	headers: Record<string, string>;
}

export function digestMail(db: Db, input: DigestMailInput): DigestMail {
	void db;
	void input;
	throw new Error('digestMail: not built yet (part C)');
}
