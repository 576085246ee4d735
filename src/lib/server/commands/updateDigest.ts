import { and, eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { digestSubjectByIdOn } from '../policies/subjects';
import { CommandError } from './support/errors';
import { transactOn } from '../effects';
import { changedRows, type Data, first } from '../db/client';

export interface UpdateDigestInput {
	digestId: string;
	title: string;
	/** Null: every subscriber of the conference; else the subscribed members of this working group. */
	audienceGroupId: string | null;
}

/** A draft's title and audience. Published issues are records: the policy refuses, and a trigger would too. */
export async function updateDigest(data: Data, actor: Actor, input: UpdateDigestInput) {
	const { digests, workingGroups } = data.t;
	const subject = await digestSubjectByIdOn(data, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.write', subject);
	return await transactOn(data, async (tx) => {
		const before = first(
			await tx.select({ title: digests.title, audienceGroupId: digests.audienceGroupId }).from(digests).where(eq(digests.id, input.digestId))
		);
		if (!before) throw new CommandError('not_found');
		if (input.audienceGroupId) {
			const group = first(
				await tx
					.select({ id: workingGroups.id })
					.from(workingGroups)
					.where(and(eq(workingGroups.id, input.audienceGroupId), eq(workingGroups.conferenceId, subject.conferenceId)))
			);
			if (!group) throw new CommandError('digest_audience_unknown', 'audienceGroupId');
		}
		const after = { title: input.title, audienceGroupId: input.audienceGroupId };
		// Published meanwhile? Then the row is not a draft and nothing is changed (and the trigger stays quiet).
		const changed = changedRows(
			await tx
				.update(digests)
				.set(after)
				.where(and(eq(digests.id, input.digestId), eq(digests.state, 'draft')))
		);
		if (changed === 0) throw new CommandError('not_found');
		await recordAuditIn(data, tx, actor, {
			action: 'digest.write',
			conferenceId: subject.conferenceId,
			subjectType: 'digest',
			subjectId: input.digestId,
			before,
			after
		});
		return after;
	});
}
