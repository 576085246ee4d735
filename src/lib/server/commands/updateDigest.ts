import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { digests, workingGroups } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { digestSubjectById } from '../policies/subjects';
import { transact } from '../effects';
import { CommandError } from './support/errors';

export interface UpdateDigestInput {
	digestId: string;
	title: string;
	/** Null: every subscriber of the conference; else the subscribed members of this working group. */
	audienceGroupId: string | null;
}

/** A draft's title and audience. Published issues are records: the policy refuses, and a trigger would too. */
export function updateDigest(db: Db, actor: Actor, input: UpdateDigestInput) {
	const subject = digestSubjectById(db, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.write', subject);
	return transact(db, (tx) => {
		const before = tx.select({ title: digests.title, audienceGroupId: digests.audienceGroupId }).from(digests).where(eq(digests.id, input.digestId)).get();
		if (!before) throw new CommandError('not_found');
		if (input.audienceGroupId) {
			const group = tx
				.select({ id: workingGroups.id })
				.from(workingGroups)
				.where(and(eq(workingGroups.id, input.audienceGroupId), eq(workingGroups.conferenceId, subject.conferenceId)))
				.get();
			if (!group) throw new CommandError('digest_audience_unknown', 'audienceGroupId');
		}
		const after = { title: input.title, audienceGroupId: input.audienceGroupId };
		// Published meanwhile? Then the row is not a draft and nothing is changed (and the trigger stays quiet).
		const changed = tx
			.update(digests)
			.set(after)
			.where(and(eq(digests.id, input.digestId), eq(digests.state, 'draft')))
			.run().changes;
		if (changed === 0) throw new CommandError('not_found');
		recordAudit(tx, actor, { action: 'digest.write', conferenceId: subject.conferenceId, subjectType: 'digest', subjectId: input.digestId, before, after });
		return after;
	});
}
