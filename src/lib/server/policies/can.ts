import { rules, type Action, type SubjectOf } from './rules';
import type { Actor } from './actor';

export function can<A extends Action>(actor: Actor, action: A, subject: SubjectOf<A>): boolean {
	const rule = rules[action] as (actor: Actor, subject: SubjectOf<A>) => boolean;
	return rule(actor, subject);
}

/** The abilities a page needs, decided here and handed to the UI (which never re-derives them). */
export function abilities<A extends Action>(actor: Actor, subject: SubjectOf<A>, actions: readonly A[]) {
	return Object.fromEntries(actions.map((action) => [action, can(actor, action, subject)])) as Record<A, boolean>;
}
