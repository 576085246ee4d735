import { asc, eq } from 'drizzle-orm';
import { formatIban } from '../../domain/allowances/iban';
import { type Data, first } from '../db/client';

/** The years the office set rules for, oldest first. */
export async function configuredYears(data: Data, conferenceId: string): Promise<number[]> {
	const { allowanceRules } = data.t;
	return (
		await data.q
			.select({ year: allowanceRules.year })
			.from(allowanceRules)
			.where(eq(allowanceRules.conferenceId, conferenceId))
			.orderBy(asc(allowanceRules.year))
	).map((r) => r.year);
}

/** The office's own account (the payer), IBAN formatted for reading; null until it is set. */
export async function payoutAccountOf(data: Data, conferenceId: string) {
	const { payoutAccounts } = data.t;
	const row = first(await data.q.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, conferenceId)));
	return row ? { debtorName: row.debtorName, debtorIban: formatIban(row.debtorIban), debtorBic: row.debtorBic, updatedAt: row.updatedAt } : null;
}
