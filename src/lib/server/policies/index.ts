import { can } from './can';
import type { Action, SubjectOf } from './rules';
import type { Actor } from './actor';
import { NotAllowed } from './notAllowed';

export { ANONYMOUS, SYSTEM, loadActor, loadActorOn, type Actor } from './actor';
export { ACTIONS, type Action, type SubjectOf } from './rules';
export { can, abilities } from './can';
export { NotAllowed, type RefusalReason } from './notAllowed';
export type * from './subjects/types';
export { meetingSubject, recommendationSubject } from './subjects/build';

/**
 * Refuses with `NotAllowed`: `unauthenticated` for anonymous visitors (so they are asked to sign
 * in), `forbidden` otherwise. Pages answer it as 401 and 403 (see http/refusals.ts).
 */
export function authorize<A extends Action>(actor: Actor, action: A, subject: SubjectOf<A>): void {
	if (can(actor, action, subject)) return;
	const anonymous = actor.personId === null && !actor.isPlatformAdmin;
	throw new NotAllowed(anonymous ? 'unauthenticated' : 'forbidden');
}
