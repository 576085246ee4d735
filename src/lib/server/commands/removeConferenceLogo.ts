import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { authorize, type Actor } from '../policies';

/** Takes a conference's logo away; the pages show its name alone again. */
export async function removeConferenceLogo(data: Data, actor: Actor, conferenceId: string) {
	authorize(actor, 'conference.update', { conferenceId });
	const { conferenceLogos } = data.t;
	await data.transaction(async (tx) => {
		const removed = first(
			await tx.delete(conferenceLogos).where(eq(conferenceLogos.conferenceId, conferenceId)).returning({ version: conferenceLogos.version })
		);
		if (!removed) return;
		await recordAuditIn(data, tx, actor, {
			action: 'conference.removeLogo',
			conferenceId,
			subjectType: 'conference',
			subjectId: conferenceId,
			before: removed
		});
	});
}
