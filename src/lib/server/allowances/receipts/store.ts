import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../db';

/**
 * Receipts live in the data directory, beside the SQLite file, under their id: never under
 * `static/`, so nothing serves them but the receipt route, which asks who is asking. The folder
 * follows the database the caller holds (in the app that is `databasePath()`; each test has its own).
 */
export function receiptsDirectory(db: Db): string {
	const file = db.$client.name;
	if (!file || file === ':memory:') throw new Error('receipts need a database file: they are stored beside it');
	return join(dirname(file), 'receipts');
}

const fileOf = (db: Db, receiptId: string) => {
	// Ids are ours (base32), but a path is built from it: nothing else may reach the file system.
	if (!/^[a-z0-9]{8,64}$/.test(receiptId)) throw new Error('not a receipt id');
	return join(receiptsDirectory(db), receiptId);
};

/**
 * Writes the file before its row exists: a row never points at nothing. Written under a temporary
 * name and renamed, so a crash midway leaves no half file under a receipt's name.
 */
export function writeReceiptFile(db: Db, receiptId: string, bytes: Uint8Array): void {
	const file = fileOf(db, receiptId);
	mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
	const partial = `${file}.partial`;
	writeFileSync(partial, bytes, { mode: 0o600 });
	renameSync(partial, file);
}

/** Removes the file of a receipt whose row was never written (the transaction refused or failed). */
export function discardReceiptFile(db: Db, receiptId: string): void {
	rmSync(fileOf(db, receiptId), { force: true });
}

export function readReceiptFile(db: Db, receiptId: string): Buffer {
	return readFileSync(fileOf(db, receiptId));
}
