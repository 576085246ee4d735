/**
 * The PostgreSQL schema: the same tables, columns, indexes, checks and foreign keys as the SQLite
 * schema in `../schema` (one file here per file there, the same exported names), with migrations
 * in `drizzle/pg`. tests/integration/db/schemaLockstep.test.ts compares the two migrated
 * catalogues, so a change to one without the other fails.
 *
 * The rule for types: the values the app reads and writes are the same on both, and so are the
 * values stored wherever that costs nothing, so raw SQL, exports and comparisons agree.
 *
 * | SQLite (`../schema`)                  | PostgreSQL (here)                  | in code  |
 * | ------------------------------------- | ---------------------------------- | -------- |
 * | `text` id (`newId()`)                 | `text` id                          | string   |
 * | `text`, `text({ enum })`              | `text`, `text({ enum })`: the enum | string   |
 * |                                       | is a TS type on both; checks that  |          |
 * |                                       | matter are `check(...)` on both    |          |
 * | `integer({ mode: 'timestamp_ms' })`   | `bigint` of milliseconds           | Date     |
 * |                                       | (`columns.ts`: the same number,    |          |
 * |                                       | not `timestamptz`, so `< ${ms}`    |          |
 * |                                       | and exports read alike)            |          |
 * | `integer({ mode: 'boolean' })` (0/1)  | `boolean`                          | boolean  |
 * | `integer` (counts, cents, numbers)    | `integer` (32 bits: cents up to    | number   |
 * |                                       | 21 million euros, far beyond any   |          |
 * |                                       | budget here)                       |          |
 * | `integer` autoincrement `seq` and     | `bigint` `GENERATED ALWAYS AS      | number   |
 * | what refers to it (`through_seq`)     | IDENTITY`, `mode: 'number'`: only  |          |
 * |                                       | the database numbers rows, as with |          |
 * |                                       | AUTOINCREMENT (a copy from SQLite  |          |
 * |                                       | needs OVERRIDING SYSTEM VALUE and  |          |
 * |                                       | a setval)                          |          |
 * | `text({ mode: 'json' })`              | `jsonb`: validated, queryable; key | object   |
 * |                                       | order and spacing are not kept,    |          |
 * |                                       | which nothing reads                |          |
 * | `blob({ mode: 'buffer' })`            | `bytea` (`columns.ts`)             | Buffer   |
 *
 * One difference no schema can hide: SQLite has one writer at a time, so `seq` grows in commit
 * order; PostgreSQL hands out identity values when rows are inserted, so with concurrent writers a
 * smaller `seq` can commit after a larger one. Whoever reads "the rows after seq N" on PostgreSQL
 * (the document log, the audit log by conference) must allow for that, e.g. by one writer per
 * document or by reading only below the oldest seq still in flight.
 *
 * What drizzle-kit does not generate is hand-written in `drizzle/pg` with the same effect and the
 * same message as in `drizzle/sqlite`: the append-only and immutable triggers (as PL/pgSQL
 * functions raising `restrict_violation`, SQLSTATE 23001, with SQLite's RAISE(ABORT) text).
 */
export * from './people';
export * from './auth';
export * from './conferences';
export * from './audit';
export * from './docs';
export * from './plenary';
export * from './votes';
export * from './meetings';
export * from './minutes';
export * from './recommendations';
export * from './easy';
export * from './accessibility';
export * from './jobs';
export * from './sittingMinutes';
export * from './allowances';
export * from './newsletter';
export * from './members';
export * from './instances';
