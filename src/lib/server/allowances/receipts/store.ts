import { eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { first, type Data, type Query } from '../../db/client';

/*
 * A receipt's bytes live in the database (`receipt_files`), on SQLite and on PostgreSQL alike:
 * several instances share no folder, and a file written in the same transaction as its row can be
 * neither orphaned nor lost by a crash. Never under `static/`: nothing serves them but the receipt
 * route, which asks who is asking (`open.ts`).
 */

/**
 * Writes a receipt's bytes in the transaction that writes its row (after the row: the file's row
 * references it). One bound parameter of at most what `cleanReceipt` returns for a file within
 * RECEIPT_MAX_BYTES (10 MB): the upload forms' body limit is what bounds it.
 */
export async function writeReceiptFileIn(data: Data, tx: Query, receiptId: string, bytes: Uint8Array): Promise<void> {
	const { receiptFiles } = data.t;
	await tx.insert(receiptFiles).values({ receiptId, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
}

/** A receipt's bytes, or undefined when the database has none for it. */
export async function readReceiptFileOn(data: Data, receiptId: string, tx: Query = data.q): Promise<Buffer | undefined> {
	const { receiptFiles } = data.t;
	const row = first(await tx.select({ bytes: receiptFiles.bytes }).from(receiptFiles).where(eq(receiptFiles.receiptId, receiptId)));
	return row?.bytes;
}

/**
 * Where receipts were kept before they moved into the database: `receipts/` beside the SQLite
 * file. None for a database in memory.
 */
export function legacyReceiptsFolder(databaseFile: string): string | null {
	if (!databaseFile || databaseFile === ':memory:') return null;
	return join(dirname(databaseFile), 'receipts');
}

const RECEIPT_ID = /^[a-z0-9]{8,64}$/;

export interface ReceiptFolderImport {
	/** Files whose bytes went into the database (and which were then removed from the folder). */
	imported: number;
	/** Files whose bytes the database already had, the same: removed. */
	alreadyStored: number;
	/** Half-written files (`<id>.partial`) of an upload that never committed: removed. */
	partialsRemoved: number;
	/** Files left in the folder, each with why: no receipt row, or bytes that are not the receipt's. */
	kept: { name: string; reason: 'no_receipt' | 'checksum_differs' | 'differs_from_stored' | 'not_a_receipt' }[];
}

/**
 * At start-up, after the migrations: the files of an installation from before receipts moved into
 * the database go in. A file is imported when its receipt's row exists, the database has no bytes
 * for it yet and its SHA-256 is the one the row recorded at upload; then it is removed from the
 * folder. A file the database already has (the same bytes) is removed too. Anything else stays
 * where it is and is named in the answer, never deleted unseen: a file without a row (an upload
 * cut short before the old order's discard), or bytes that differ from what the row says. Each
 * file is one transaction; two instances starting together insert once (`on conflict do nothing`)
 * and each removes what is already stored (a file the other removed first is passed over).
 * The folder goes when it is left empty.
 */
export async function importReceiptFolder(data: Data, folder: string | null): Promise<ReceiptFolderImport> {
	const result: ReceiptFolderImport = { imported: 0, alreadyStored: 0, partialsRemoved: 0, kept: [] };
	if (!folder || !existsSync(folder)) return result;
	const { receipts, receiptFiles } = data.t;
	let names: string[];
	try {
		names = readdirSync(folder).sort();
	} catch (error) {
		if (isMissing(error)) return result; // another instance starting at the same time emptied and removed it
		throw error;
	}
	for (const name of names) {
		const file = join(folder, name);
		if (name.endsWith('.partial') && RECEIPT_ID.test(name.slice(0, -'.partial'.length))) {
			// The old store wrote `<id>.partial` and renamed it; one left over was never renamed, so no row points at it.
			rmSync(file, { force: true });
			result.partialsRemoved++;
			continue;
		}
		if (!RECEIPT_ID.test(name)) {
			result.kept.push({ name, reason: 'not_a_receipt' });
			continue;
		}
		const bytes = readIfThere(file);
		if (!bytes) continue; // another instance starting at the same time took it already
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const outcome = await data.transaction(async (tx) => {
			const receipt = first(await tx.select({ sha256: receipts.sha256 }).from(receipts).where(eq(receipts.id, name)));
			if (!receipt) return 'no_receipt' as const;
			if (receipt.sha256 !== sha256) return 'checksum_differs' as const;
			const inserted = await tx.insert(receiptFiles).values({ receiptId: name, bytes }).onConflictDoNothing().returning({ receiptId: receiptFiles.receiptId });
			if (inserted.length > 0) return 'imported' as const;
			const stored = await readReceiptFileOn(data, name, tx);
			return stored && stored.equals(bytes) ? ('alreadyStored' as const) : ('differs_from_stored' as const);
		});
		if (outcome === 'imported' || outcome === 'alreadyStored') {
			rmSync(file, { force: true });
			result[outcome]++;
		} else result.kept.push({ name, reason: outcome });
	}
	try {
		if (readdirSync(folder).length === 0) rmdirSync(folder);
	} catch (error) {
		if (!isMissing(error)) throw error; // removed by another instance meanwhile
	}
	return result;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

function readIfThere(file: string): Buffer | null {
	try {
		return readFileSync(file);
	} catch (error) {
		if (isMissing(error)) return null;
		throw error;
	}
}

/**
 * `importReceiptFolder` for the server's start, beside the SQLite file it opened, saying in the
 * log what it did and what it left. A failure is logged, not thrown: the receipts it could not
 * import stay in the folder for the next start, and everything else works meanwhile.
 */
export async function importReceiptFolderAtStart(data: Data, databaseFile: string): Promise<void> {
	const folder = legacyReceiptsFolder(databaseFile);
	try {
		const done = await importReceiptFolder(data, folder);
		if (done.imported + done.alreadyStored + done.partialsRemoved > 0)
			console.log(`Receipts: ${done.imported} files from ${folder} moved into the database (${done.alreadyStored} were there already)`);
		for (const kept of done.kept) console.warn(`Receipts: ${join(folder!, kept.name)} left in place (${kept.reason.replaceAll('_', ' ')})`);
	} catch (error) {
		console.error(`Receipts: importing ${folder} failed; its files stay for the next start`, error);
	}
}
