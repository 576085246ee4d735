import type { RegisteredEffectHandler } from '../types';
import { attendanceChangedHandler, type AttendanceChanged } from './attendanceChanged';
import { ballotCastHandler, type BallotCast } from './ballotCast';
import { pollChangedHandler, type PollChanged } from './pollChanged';
import { rightsChangedHandler, type RightsChanged } from './rightsChanged';

/**
 * Every kind of effect a command can declare, with what it carries. A new kind is one file in
 * this folder and one line here and in `effectHandlers`.
 *
 * A mail to send is not run after commit from memory: it is a durable job, declared with
 * `effects.job(kind, payload)`, which writes it in the command's own transaction (see
 * ../transactOn.ts and src/lib/server/jobs/), so a rolled-back command leaves none and a crash
 * after the commit loses none.
 */
export interface EffectPayloads {
	rightsChanged: RightsChanged;
	pollChanged: PollChanged;
	ballotCast: BallotCast;
	attendanceChanged: AttendanceChanged;
}

export type EffectKind = keyof EffectPayloads;

/**
 * Every handler is in the `onData` form (../types.ts): its effect may be declared on SQLite and on
 * PostgreSQL. A handler on the synchronous layer would run on SQLite only; declaring its effect on
 * PostgreSQL is refused (../transactOn.ts).
 */
export const effectHandlers: { [K in EffectKind]: RegisteredEffectHandler<EffectPayloads[K]> } = {
	rightsChanged: rightsChangedHandler,
	pollChanged: pollChangedHandler,
	ballotCast: ballotCastHandler,
	attendanceChanged: attendanceChangedHandler
};
