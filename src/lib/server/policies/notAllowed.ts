/**
 * Why the policies said no: nobody is signed in (they may, once they are), the actor may not,
 * or the thing is not to be known to exist for them. The web edge answers it as 401, 403 or
 * 404 (src/lib/server/http/refusals.ts); the document server and jobs see a plain error.
 */
export type RefusalReason = 'unauthenticated' | 'forbidden' | 'not_found';

export class NotAllowed extends Error {
	constructor(readonly reason: RefusalReason) {
		super(reason);
		this.name = 'NotAllowed';
	}
}
