import { CLOSE } from '../../../src/lib/collab/closeCodes';
import type { Data } from '../../../src/lib/server/db/client';
import { docAccess } from '../../../src/lib/server/collab/access';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/cookies';
import { sessionAliveOn, validateSessionTokenOn } from '../../../src/lib/server/auth/sessions';
import { loadActorOn } from '../../../src/lib/server/policies/actor';
import { Refusal, type Extension } from '../extension';

/**
 * Who may open a document: the session cookie of the upgrade, and what the policies grant its
 * person on this document (access.ts), read through the data layer. Asked again whenever rights
 * change: a connection whose session ended or whose access is gone is closed (the stock client
 * does not retry a 44xx close).
 */
export function sessionAccess(data: Data): Extension {
	return {
		async onAuthenticate({ request, docName }) {
			const token = readCookie(request.headers.cookie, SESSION_COOKIE);
			const { session, person, linkConferenceId } = token ? await validateSessionTokenOn(data, token) : { session: null, person: null, linkConferenceId: null };
			if (!session) throw new Refusal('session', 'no session', { status: 401, statusText: 'Unauthorized' });
			const linkScope = session.accessLinkId ? { conferenceId: linkConferenceId } : undefined;
			const mode = await docAccess(data, await loadActorOn(data, person.id, linkScope), docName);
			if (mode === 'none') throw new Refusal('policy', 'no access', { status: 403, statusText: 'Forbidden' });
			return { personId: person.id, personName: person.displayName, sessionId: session.id, linkScope, mode };
		},
		async onRecheck({ connection, docName }) {
			if (!(await sessionAliveOn(data, connection.sessionId))) throw new Refusal('session', 'signed out', { close: CLOSE.signedOut });
			return docAccess(data, await loadActorOn(data, connection.personId, connection.linkScope), docName);
		}
	};
}

function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return decodeURIComponent(value.join('='));
	}
	return undefined;
}
