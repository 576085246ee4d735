import { error } from '@sveltejs/kit';
import { can } from './can';
import type { Action, SubjectOf } from './rules';
import type { Actor } from './actor';

export { ANONYMOUS, SYSTEM, loadActor, type Actor } from './actor';
export { ACTIONS, type Action, type SubjectOf } from './rules';
export { can, abilities } from './can';
export type * from './subjects/types';
export { meetingSubject, recommendationSubject } from './subjects/build';

/** Refuses with 401 for anonymous visitors (so they are asked to sign in) and 403 otherwise. */
export function authorize<A extends Action>(actor: Actor, action: A, subject: SubjectOf<A>): void {
	if (can(actor, action, subject)) return;
	const anonymous = actor.personId === null && !actor.isPlatformAdmin;
	error(anonymous ? 401 : 403, { message: anonymous ? 'unauthenticated' : 'forbidden' });
}
