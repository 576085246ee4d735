/**
 * Operator commands for a real installation (no demo):
 *   node build/cli.js create-admin --email you@example.org --name "Your Name"
 * prints a generated password once. The admin signs in, creates the conference, and becomes
 * its office.
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { getDb, closeDb } from '../src/lib/server/db';
import { getData } from '../src/lib/server/db/data';
import { people } from '../src/lib/server/db/schema';
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

const db = getDb();
const password = newSecretToken().slice(0, 20);
const person = db.insert(people).values({ displayName: values.name }).returning().get();
try {
	await createStaffAccount(getData(), SYSTEM, { personId: person.id, email: values.email, password, isPlatformAdmin: true });
} catch (error) {
	db.delete(people).where(eq(people.id, person.id)).run();
	console.error(`Could not create the account: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
console.log(`Platform admin ${values.name} <${values.email.toLowerCase()}> created.\nPassword (shown once): ${password}`);
closeDb();
