import type { Data } from '../../../src/lib/server/db/client';
import { first } from '../../../src/lib/server/db/client';
import { transactOn } from '../../../src/lib/server/effects/transactOn';
import { newId } from '../../../src/lib/server/ids';
import { startSendInOn } from '../../../src/lib/server/newsletter/sending/recipients';

// A statement holds at most this many rows: SQLite binds at most 32,766 values, PostgreSQL 65,535.
const ROWS_PER_STATEMENT = 1000;

/**
 * A conference with `count` active subscribers (every `easyEvery`th in the easy edition), written
 * straight into the tables a thousand to a statement, and a published digest with its snapshot:
 * what the sending tests need without the sign-up and publishing commands of the other parts.
 */
export async function seedSubscribers(data: Data, conferenceId: string, count: number, options: { easyEvery?: number; domain?: string; prefix?: string } = {}) {
	const now = new Date();
	const { easyEvery = 0, domain = 'example.org', prefix = 'leser' } = options;
	const rows = Array.from({ length: count }, (_, i) => ({
		id: newId(),
		conferenceId,
		email: `${prefix}${i + 1}@${domain}`,
		name: `Leser:in ${i + 1}`,
		edition: easyEvery > 0 && (i + 1) % easyEvery === 0 ? ('easy' as const) : ('standard' as const),
		state: 'active' as const,
		tokenVersion: 1,
		createdAt: now,
		confirmedAt: now
	}));
	for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT)
		await data.q.insert(data.t.newsletterSubscribers).values(rows.slice(start, start + ROWS_PER_STATEMENT));
	return rows.map((row) => row.id);
}

let numbers = 0;

export async function seedPublishedDigest(data: Data, conferenceId: string, options: { audienceGroupId?: string | null } = {}) {
	const rows = await data.q
		.insert(data.t.digests)
		.values({
			conferenceId,
			number: ++numbers,
			title: `Ausgabe ${numbers}`,
			state: 'published',
			audienceGroupId: options.audienceGroupId ?? null,
			publishedAt: new Date(),
			htmlStandard: '<h2>Was die Konferenz beschlossen hat</h2><p>Die Empfehlung zur Pflege ist angenommen.</p>',
			textStandard: 'Was die Konferenz beschlossen hat\n\nDie Empfehlung zur Pflege ist angenommen.',
			htmlEasy: '<h2>Das hat die Konferenz beschlossen</h2><p>Die Pflege soll besser werden.</p>',
			textEasy: 'Das hat die Konferenz beschlossen\n\nDie Pflege soll besser werden.'
		})
		.returning();
	return first(rows)!;
}

export async function seedConference(data: Data) {
	return first(await data.q.insert(data.t.conferences).values({ name: 'Gesundheitskonferenz Testkreis', region: 'Testkreis' }).returning())!;
}

/** Publishing's part of the send: the deliveries and the job, as part C's command does it. */
export function startSend(data: Data, digest: { id: string; conferenceId: string; audienceGroupId: string | null }, origin = 'http://127.0.0.1:9') {
	return transactOn(data, (tx, effects) =>
		startSendInOn(data, tx, effects, {
			digestId: digest.id,
			conferenceId: digest.conferenceId,
			audienceGroupId: digest.audienceGroupId,
			actorPersonId: null,
			origin,
			now: new Date()
		})
	);
}
