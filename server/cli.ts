/**
 * Operator commands for a real installation (no demo):
 *   node build/cli.js create-admin --email you@example.org --name "Your Name"
 * prints a generated password once. The admin signs in, creates the conference, and becomes
 * its office.
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { closeDb } from '../src/lib/server/db';
import { closeData, openData } from '../src/lib/server/db/data';
import { dialectOf, first } from '../src/lib/server/db/client';
import { createStaffAccount } from '../src/lib/server/commands/createStaffAccount';
import { newSecretToken } from '../src/lib/server/ids';
import { SYSTEM } from '../src/lib/server/policies';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { email: { type: 'string' }, name: { type: 'string' } }
});

if (positionals[0] !== 'create-admin' || !values.email || !values.name) {
	console.error('usage: node build/cli.js create-admin --email <address> --name "<display name>"');
	process.exit(2);
}

// The same database the server runs on: a SQLite file or DATABASE_URL's PostgreSQL server.
const data = await openData().catch((error: unknown) => {
	// A configuration to fix (JOBS_SECRET missing on PostgreSQL, the server not reachable): one line, no stack.
	console.error(`Cannot open the database: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
const { people } = data.t;
const password = newSecretToken().slice(0, 20);
const person = first(await data.q.insert(people).values({ displayName: values.name }).returning())!;
try {
	await createStaffAccount(data, SYSTEM, { personId: person.id, email: values.email, password, isPlatformAdmin: true });
} catch (error) {
	await data.q.delete(people).where(eq(people.id, person.id));
	console.error(`Could not create the account: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
console.log(`Platform admin ${values.name} <${values.email.toLowerCase()}> created.\nPassword (shown once): ${password}`);
if (dialectOf(process.env.DATABASE_URL) === 'postgres') await closeData();
else closeDb();
