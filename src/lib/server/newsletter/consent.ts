import { m } from '$lib/paraglide/messages';
import type { Locale } from '../../domain/roles';
import type { Data, Query } from '../db/client';
import type { ConsentEvent, Edition, newsletterConsents } from '../db/schema';

/**
 * The privacy statement in force, by the month it was last changed. Every consent row names
 * it, so the proof of consent says which statement the person was shown. Raise it together
 * with the statement's text; old rows keep the version they were given.
 */
export const PRIVACY_POLICY_VERSION = '2026-11';

/** Where the privacy statement is; every sign-up form links to it. */
export const PRIVACY_STATEMENT_PATH = '/barrierefreiheit';

export type ConsentVia = (typeof newsletterConsents.$inferInsert)['via'];

/** The forms a person gives consent on; each shows its own wording. */
export type ConsentForm = 'form' | 'easy_form' | 'account';

/**
 * The consent sentence exactly as a form shows it. The page shows this text and the command
 * stores this text, both computed on the server: what is kept is what was shown, never what a
 * client claims it was shown.
 */
export function consentText(form: ConsentForm, conferenceName: string, locale: Locale): string {
	const options = { locale };
	if (form === 'easy_form') return m.subscribe_easy_consent_text({ conference: conferenceName }, options);
	if (form === 'account') return m.subscribe_account_consent_text({ conference: conferenceName }, options);
	return m.subscribe_consent_text({ conference: conferenceName }, options);
}

export interface ConsentEntry {
	event: ConsentEvent;
	via: ConsentVia;
	at: Date;
	/** The form's wording, for the events a person consents with (signing up, changing the edition). */
	formText?: string | null;
	edition?: Edition | null;
	clientAddress?: string | null;
}

/**
 * Appends one event to a subscriber's consent log, in the command's transaction `tx`: the one way
 * every command writes it. The log is append-only (a trigger refuses updates). Every event names
 * the privacy statement in force when it happened, so each row is a proof on its own.
 */
export async function appendConsentIn(data: Data, tx: Query, subscriberId: string, entry: ConsentEntry): Promise<void> {
	await tx.insert(data.t.newsletterConsents).values({
		subscriberId,
		event: entry.event,
		at: entry.at,
		formText: entry.formText ?? null,
		privacyPolicyVersion: PRIVACY_POLICY_VERSION,
		via: entry.via,
		edition: entry.edition ?? null,
		clientAddress: entry.clientAddress ?? null
	});
}
