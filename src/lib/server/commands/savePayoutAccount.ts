import { eq } from 'drizzle-orm';
import { maskIban } from '../../domain/allowances/iban';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { optionalBic, requireIban, requireSepaName } from './support/bankDetails';

export interface PayoutAccountInput {
	conferenceId: string;
	debtorName: string;
	debtorIban: string;
	debtorBic?: string | null;
	now?: Date;
}

/**
 * The account the office pays allowances from: the debtor of every payout file. The IBAN is
 * stored in electronic form, the BIC only where given (inside the EEA the IBAN suffices). The
 * audit names the account masked: enough to see that it changed, not to use it.
 */
export async function savePayoutAccount(data: Data, actor: Actor, input: PayoutAccountInput) {
	authorize(actor, 'allowance.configure', { conferenceId: input.conferenceId });
	const account = {
		debtorName: requireSepaName(input.debtorName, 'debtorName'),
		debtorIban: requireIban(input.debtorIban, 'debtorIban'),
		debtorBic: optionalBic(input.debtorBic, 'debtorBic')
	};
	const now = input.now ?? new Date();
	const { payoutAccounts } = data.t;
	return transactOn(data, async (tx) => {
		const before = first(await tx.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, input.conferenceId)));
		const set = { ...account, updatedAt: now, updatedByPersonId: actor.personId };
		await tx
			.insert(payoutAccounts)
			.values({ conferenceId: input.conferenceId, ...set })
			.onConflictDoUpdate({ target: payoutAccounts.conferenceId, set });
		const shown = (a: typeof account) => ({ debtorName: a.debtorName, debtorIban: maskIban(a.debtorIban), debtorBic: a.debtorBic });
		await recordAuditIn(data, tx, actor, {
			action: 'allowance.payoutAccount',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			before: before ? shown(before) : null,
			after: shown(account)
		});
		return account;
	});
}
