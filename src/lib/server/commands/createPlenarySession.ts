import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CHECK_IN_ALPHABET, CHECK_IN_CODE_LENGTH } from '../../domain/checkIn';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { type Data, first, type Query } from '../db/client';

export interface PlenarySessionInput {
	title: string;
	startsAt: Date;
	place: string;
	videoUrl: string | null;
}

export async function createPlenarySession(data: Data, actor: Actor, input: PlenarySessionInput & { conferenceId: string }) {
	const { plenarySessions } = data.t;
	authorize(actor, 'plenary.create', { conferenceId: input.conferenceId });
	return await data.transaction(async (tx) => {
		// The code is drawn unused; `plenary_sessions_check_in_code` (unique) backs it should two draw one at once.
		const checkInCode = await unusedCheckInCode(data, tx);
		const session = first(
			await tx
				.insert(plenarySessions)
				.values({ ...input, checkInCode })
				.returning()
		)!;
		await recordAuditIn(data, tx, actor, {
			action: 'plenary.create',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: session.id,
			after: { title: session.title, startsAt: session.startsAt.toISOString(), place: session.place, videoUrl: session.videoUrl }
		});
		return session;
	});
}

/** 31^6 ≈ 887 million codes: a collision is rare, and then the next draw is free. */
async function unusedCheckInCode(data: Data, tx: Query): Promise<string> {
	const { plenarySessions } = data.t;
	for (;;) {
		const code = Array.from({ length: CHECK_IN_CODE_LENGTH }, () => CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)]).join('');
		const taken = first(await tx.select({ id: plenarySessions.id }).from(plenarySessions).where(eq(plenarySessions.checkInCode, code)));
		if (!taken) return code;
	}
}
