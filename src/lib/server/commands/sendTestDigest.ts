import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { digestSubjectByIdOn } from '../policies/subjects';
import { mailOrigin } from '../allowances/scheduleDrafting';
import { testMailKey } from '../jobs/kinds/newsletterTestMail';
import { CommandError } from './support/errors';
import { transactOn } from '../effects';
import { type Data, first } from '../db/client';

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
export async function sendTestDigest(data: Data, actor: Actor, input: SendTestDigestInput): Promise<{ to: string }> {
	const { people } = data.t;
	const subject = await digestSubjectByIdOn(data, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.write', subject);
	const personId = actor.personId;
	const to = personId ? first(await data.q.select({ email: people.email }).from(people).where(eq(people.id, personId)))?.email : null;
	if (!personId || !to) throw new CommandError('digest_test_no_address');
	return await transactOn(data, async (tx, effects) => {
		const payload = { digestId: input.digestId, personId, origin: mailOrigin(input.origin) };
		await effects.job('newsletter.testMail', payload, { key: testMailKey(payload), conferenceId: subject.conferenceId });
		await recordAuditIn(data, tx, actor, { action: 'digest.testMail', conferenceId: subject.conferenceId, subjectType: 'digest', subjectId: input.digestId });
		return { to };
	});
}
