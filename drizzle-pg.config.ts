import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts (SQLite): `npm run db:generate` runs both.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema-pg/index.ts',
	out: './drizzle/pg',
	strict: true,
	verbose: true
});
