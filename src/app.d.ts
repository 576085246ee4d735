import type { Actor } from '$lib/server/policies';
import type { Session, SessionPerson } from '$lib/server/auth/sessions';
import type { ClientErrorReason } from '$lib/i18n/errorWords';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** With 429: when the client may try again (ISO 8601). */
			retryAt?: string;
			/** Why a client error happened, where the status alone does not say it (the page words it so). */
			reason?: ClientErrorReason;
		}
		interface Locals {
			person: SessionPerson | null;
			session: Session | null;
			actor: Actor;
		}
	}
}

export {};
