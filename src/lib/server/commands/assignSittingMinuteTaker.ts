import type { Db } from '../db';
import { sittingMinutes } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { sittingMinutesDoc } from '../../collab/docNames';
import { requireSittingMinutes } from '../sittingMinutes/state';
import { requireConferencePerson } from './support/guards';

export interface AssignSittingMinuteTakerInput {
	conferenceId: string;
	sessionId: string;
	/** null: nobody takes them (the office writes them itself). */
	personId: string | null;
	now?: Date;
}

/**
 * The office names who takes the minutes of a sitting: someone of the conference. Who may write
 * the minutes follows at once: open editors of the person named before turn read-only.
 */
export function assignSittingMinuteTaker(db: Db, actor: Actor, input: AssignSittingMinuteTakerInput) {
	return transact(db, (tx, effects) => {
		const { session, row, subject } = requireSittingMinutes(tx, input);
		authorize(actor, 'sittingMinutes.assignMinuteTaker', subject);
		if (input.personId !== null) requireConferencePerson(tx, input.conferenceId, input.personId, 'personId');
		const now = input.now ?? new Date();
		tx.insert(sittingMinutes)
			.values({ sessionId: session.id, status: 'draft', minuteTakerPersonId: input.personId, updatedAt: now })
			.onConflictDoUpdate({ target: sittingMinutes.sessionId, set: { minuteTakerPersonId: input.personId, updatedAt: now } })
			.run();
		recordAudit(tx, actor, {
			action: 'sittingMinutes.assignMinuteTaker',
			conferenceId: input.conferenceId,
			subjectType: 'plenary_session',
			subjectId: session.id,
			before: { minuteTakerPersonId: row?.minuteTakerPersonId ?? null },
			after: { minuteTakerPersonId: input.personId }
		});
		effects.rightsChanged({ docName: sittingMinutesDoc(session.id) });
	});
}
