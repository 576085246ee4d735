import { integer, text } from 'drizzle-orm/sqlite-core';
import { newId } from '../../ids';

/** Every table uses short random text ids: unguessable in URLs, stable across exports. */
export const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => newId());

/** Milliseconds since the epoch; a JS Date in code. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () =>
	timestamp('created_at')
		.notNull()
		.$defaultFn(() => new Date());
