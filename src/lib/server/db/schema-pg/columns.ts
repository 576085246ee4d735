import { customType, text } from 'drizzle-orm/pg-core';
import { newId } from '../../ids';

/** Every table uses short random text ids: unguessable in URLs, stable across exports. */
export const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => newId());

/**
 * Milliseconds since the epoch in a `bigint`, a JS Date in code: the very number SQLite stores
 * (`integer` with `mode: 'timestamp_ms'`), so a query comparing with `Date.now()` and an export
 * read the same on both. node-postgres hands int8 over as a string (it may exceed 2^53 in general;
 * a millisecond timestamp never does).
 */
const timestampMs = customType<{ data: Date; driverData: string | number }>({
	dataType: () => 'bigint',
	toDriver: (value) => value.getTime(),
	fromDriver: (value) => new Date(Number(value))
});

export const timestamp = (name: string) => timestampMs(name);

export const createdAt = () =>
	timestamp('created_at')
		.notNull()
		.$defaultFn(() => new Date());

/** Bytes (Yjs states, images, receipts) as a Buffer, what better-sqlite3 returns for a blob. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
	dataType: () => 'bytea',
	toDriver: (value) => value,
	fromDriver: (value) => value
});
