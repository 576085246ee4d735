import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CHECK_IN_ALPHABET, CHECK_IN_CODE_LENGTH } from '../../domain/checkIn';
import type { Db } from '../db';
import { plenarySessions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';

export interface PlenarySessionInput {
	title: string;
	startsAt: Date;
	place: string;
	videoUrl: string | null;
}

export function createPlenarySession(db: Db, actor: Actor, input: PlenarySessionInput & { conferenceId: string }) {
	authorize(actor, 'plenary.create', { conferenceId: input.conferenceId });
	return db.transaction((tx) => {
		const session = tx
			.insert(plenarySessions)
			.values({ ...input, checkInCode: unusedCheckInCode(tx) })
			.returning()
			.get();
		recordAudit(tx, actor, {
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
function unusedCheckInCode(tx: Pick<Db, 'select'>): string {
	for (;;) {
		const code = Array.from({ length: CHECK_IN_CODE_LENGTH }, () => CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)]).join('');
		const taken = tx.select({ id: plenarySessions.id }).from(plenarySessions).where(eq(plenarySessions.checkInCode, code)).get();
		if (!taken) return code;
	}
}
