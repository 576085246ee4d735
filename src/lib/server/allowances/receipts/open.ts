import { eq } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
import { authorize, NotAllowed, type Actor } from '../../policies';
import { readReceiptFileOn } from './store';

/**
 * A receipt's file for whoever may see it: the person whose claim it belongs to and the
 * conference's office, nobody else (not even platform admins: it is the person's money and maybe
 * their medical costs). The route guard checks this too; the route asks here again, as every
 * handler decides its own permission.
 */
export async function openReceipt(data: Data, actor: Actor, receiptId: string): Promise<{ contentType: string; bytes: Buffer }> {
	const { receipts } = data.t;
	const receipt = first(
		await data.q
			.select({ id: receipts.id, conferenceId: receipts.conferenceId, personId: receipts.personId, contentType: receipts.contentType })
			.from(receipts)
			.where(eq(receipts.id, receiptId))
	);
	if (!receipt) throw new NotAllowed('not_found');
	authorize(actor, 'receipt.view', { conferenceId: receipt.conferenceId, personId: receipt.personId });
	const bytes = await readReceiptFileOn(data, receipt.id);
	// Written in the receipt's own transaction, so this is a file of an installation from before that
	// start-up has not imported (README, "Expense allowances"): an error, not a page saying "not found".
	if (!bytes) throw new Error(`receipt ${receipt.id} has no file in the database`);
	return { contentType: receipt.contentType, bytes };
}
