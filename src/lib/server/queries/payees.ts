import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { formatIban, maskIban } from '../../domain/allowances/iban';
import type { Db } from '../db';
import { allowancePayees, conferenceMemberships, people, socialBenefitFlags } from '../db/schema';

/*
 * Payee data and the social-benefits flag: office-only (`payee.view`, `socialBenefits.view`).
 * These queries take no actor; every caller authorizes first.
 */

export interface PayeeView {
	eligible: boolean;
	accountHolder: string | null;
	/** "DE89 3704 0044 0532 0130 00", for the office to compare with a bank card; null when none or erased. */
	iban: string | null;
	/** "DE89 •••• •••• •••• ••30 00", for lists and confirmations. */
	ibanMasked: string | null;
	/** When the IBAN was erased after payout; the person is still a payee. */
	ibanErasedAt: Date | null;
	updatedAt: Date;
}

export function payeeOf(db: Db, conferenceId: string, personId: string): PayeeView | null {
	const row = db
		.select()
		.from(allowancePayees)
		.where(and(eq(allowancePayees.conferenceId, conferenceId), eq(allowancePayees.personId, personId)))
		.get();
	if (!row) return null;
	return {
		eligible: row.eligible,
		accountHolder: row.accountHolder,
		iban: row.iban ? formatIban(row.iban) : null,
		ibanMasked: row.iban ? maskIban(row.iban) : null,
		ibanErasedAt: row.ibanErasedAt,
		updatedAt: row.updatedAt
	};
}

/** The recorded answer with its consent, or null when nothing is on record (no consent, or erased). */
export function receivesBenefits(db: Db, conferenceId: string, personId: string) {
	return (
		db
			.select({
				receivesBenefits: socialBenefitFlags.receivesBenefits,
				consentRecordedAt: socialBenefitFlags.consentRecordedAt,
				consentRecordedByPersonId: socialBenefitFlags.consentRecordedByPersonId
			})
			.from(socialBenefitFlags)
			.where(and(eq(socialBenefitFlags.conferenceId, conferenceId), eq(socialBenefitFlags.personId, personId)))
			.get() ?? null
	);
}

/** Everyone of the conference marked eligible, by name, with whether an IBAN is on file (a payout needs one). */
export function eligiblePeople(db: Db, conferenceId: string) {
	return (
		db
			.selectDistinct({
				personId: people.id,
				displayName: people.displayName,
				accountHolder: allowancePayees.accountHolder,
				hasIban: isNotNull(allowancePayees.iban).mapWith(Boolean)
			})
			.from(allowancePayees)
			.innerJoin(people, eq(people.id, allowancePayees.personId))
			// Someone who left the conference keeps their row (their claims rest on it) but is no longer listed.
			.innerJoin(conferenceMemberships, and(eq(conferenceMemberships.personId, people.id), eq(conferenceMemberships.conferenceId, conferenceId)))
			.where(and(eq(allowancePayees.conferenceId, conferenceId), eq(allowancePayees.eligible, true)))
			.orderBy(asc(people.displayName))
			.all()
	);
}
