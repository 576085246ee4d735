import { recordAuditIn } from '../audit/record';
import { lockForUpdate } from '../db/locks';
import { authorize, type Actor } from '../policies';
import { sittingMinutesDoc } from '../../collab/docNames';
import { requireSittingMinutesOn } from '../sittingMinutes/state';
import { requireConferencePersonOn } from './support/guards';
import { transactOn } from '../effects';
import type { Data } from '../db/client';

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
export async function assignSittingMinuteTaker(data: Data, actor: Actor, input: AssignSittingMinuteTakerInput) {
	const { plenarySessions, sittingMinutes } = data.t;
	return await transactOn(data, async (tx, effects) => {
		// The session's row (README, "Rules that span rows": sitting minutes' steps hold it), so the
		// status the permission depends on is not changed by a step under way.
		await lockForUpdate(data, tx, plenarySessions, input.sessionId);
		const { session, row, subject } = await requireSittingMinutesOn(data, input, tx);
		authorize(actor, 'sittingMinutes.assignMinuteTaker', subject);
		if (input.personId !== null) await requireConferencePersonOn(data, input.conferenceId, input.personId, 'personId', tx);
		const now = input.now ?? new Date();
		await tx
			.insert(sittingMinutes)
			.values({ sessionId: session.id, status: 'draft', minuteTakerPersonId: input.personId, updatedAt: now })
			.onConflictDoUpdate({ target: sittingMinutes.sessionId, set: { minuteTakerPersonId: input.personId, updatedAt: now } });
		await recordAuditIn(data, tx, actor, {
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
