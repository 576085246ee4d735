import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { receipts } from '../../db/schema';
import { authorize, NotAllowed, type Actor } from '../../policies';
import { readReceiptFile } from './store';

/**
 * A receipt's file for whoever may see it: the person whose claim it belongs to and the
 * conference's office, nobody else (not even platform admins: it is the person's money and maybe
 * their medical costs). The route guard checks this too; the route asks here again, as every
 * handler decides its own permission.
 */
export function openReceipt(db: Db, actor: Actor, receiptId: string): { contentType: string; bytes: Buffer } {
	const receipt = db
		.select({ id: receipts.id, conferenceId: receipts.conferenceId, personId: receipts.personId, contentType: receipts.contentType })
		.from(receipts)
		.where(eq(receipts.id, receiptId))
		.get();
	if (!receipt) throw new NotAllowed('not_found');
	authorize(actor, 'receipt.view', { conferenceId: receipt.conferenceId, personId: receipt.personId });
	return { contentType: receipt.contentType, bytes: readReceiptFile(db, receipt.id) };
}
