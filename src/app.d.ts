import type { Actor } from '$lib/server/policies';
import type { Session, SessionPerson } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** With 429: when the client may try again (ISO 8601). */
			retryAt?: string;
		}
		interface Locals {
			person: SessionPerson | null;
			session: Session | null;
			actor: Actor;
		}
	}
}

export {};
