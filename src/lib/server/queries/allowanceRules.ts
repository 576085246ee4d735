import { asc, eq } from 'drizzle-orm';
import { formatIban } from '../../domain/allowances/iban';
import type { Db } from '../db';
import { allowanceRules, payoutAccounts } from '../db/schema';

/** The years the office set rules for, oldest first. */
export function configuredYears(db: Db, conferenceId: string): number[] {
	return db
		.select({ year: allowanceRules.year })
		.from(allowanceRules)
		.where(eq(allowanceRules.conferenceId, conferenceId))
		.orderBy(asc(allowanceRules.year))
		.all()
		.map((r) => r.year);
}

/** The office's own account (the payer), IBAN formatted for reading; null until it is set. */
export function payoutAccountOf(db: Db, conferenceId: string) {
	const row = db.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, conferenceId)).get();
	return row ? { debtorName: row.debtorName, debtorIban: formatIban(row.debtorIban), debtorBic: row.debtorBic, updatedAt: row.updatedAt } : null;
}
