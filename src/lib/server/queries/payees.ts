import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { formatIban, maskIban } from '../../domain/allowances/iban';
import { type Data, first } from '../db/client';

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

export async function payeeOf(data: Data, conferenceId: string, personId: string): Promise<PayeeView | null> {
	const { allowancePayees } = data.t;
	const row = first(
		await data.q
			.select()
			.from(allowancePayees)
			.where(and(eq(allowancePayees.conferenceId, conferenceId), eq(allowancePayees.personId, personId)))
	);
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
export async function receivesBenefits(data: Data, conferenceId: string, personId: string) {
	const { socialBenefitFlags } = data.t;
	return (
		first(
			await data.q
				.select({
					receivesBenefits: socialBenefitFlags.receivesBenefits,
					consentRecordedAt: socialBenefitFlags.consentRecordedAt,
					consentRecordedByPersonId: socialBenefitFlags.consentRecordedByPersonId
				})
				.from(socialBenefitFlags)
				.where(and(eq(socialBenefitFlags.conferenceId, conferenceId), eq(socialBenefitFlags.personId, personId)))
		) ?? null
	);
}

/** Everyone of the conference marked eligible, by name, with whether an IBAN is on file (a payout needs one). */
export async function eligiblePeople(data: Data, conferenceId: string) {
	const { allowancePayees, conferenceMemberships, people } = data.t;
	return await data.q
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
		.orderBy(asc(people.displayName), asc(people.id));
}
