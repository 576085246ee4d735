import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { people } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { digestSubjectById } from '../policies/subjects';
import { transact } from '../effects';
import { mailOrigin } from '../allowances/scheduleDrafting';
import { testMailKey } from '../jobs/kinds/newsletterTestMail';
import { CommandError } from './support/errors';

export interface SendTestDigestInput {
	digestId: string;
	origin?: string;
}

/**
 * The draft as a mail to the editor's own address, both editions, marked as a test: how it looks
 * in a real mail program before anyone else gets it. Sent by a job (never awaited in the form);
 * a second click while the first is still queued asks for nothing more. Returns the address, so
 * the page can say where it goes.
 */
export function sendTestDigest(db: Db, actor: Actor, input: SendTestDigestInput): { to: string } {
	const subject = digestSubjectById(db, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.write', subject);
	const personId = actor.personId;
	const to = personId ? db.select({ email: people.email }).from(people).where(eq(people.id, personId)).get()?.email : null;
	if (!personId || !to) throw new CommandError('digest_test_no_address');
	return transact(db, (tx, effects) => {
		const payload = { digestId: input.digestId, personId, origin: mailOrigin(input.origin) };
		effects.job('newsletter.testMail', payload, { key: testMailKey(payload), conferenceId: subject.conferenceId });
		recordAudit(tx, actor, { action: 'digest.testMail', conferenceId: subject.conferenceId, subjectType: 'digest', subjectId: input.digestId });
		return { to };
	});
}
