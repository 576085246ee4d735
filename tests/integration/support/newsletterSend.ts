import { sql } from 'drizzle-orm';
import type { Db } from '../../../src/lib/server/db';
import { conferences, digests } from '../../../src/lib/server/db/schema';
import { sqliteData } from '../../../src/lib/server/db/client';
import { transactOn } from '../../../src/lib/server/effects/transactOn';
import { newId } from '../../../src/lib/server/ids';
import { startSendInOn } from '../../../src/lib/server/newsletter/sending/recipients';

/**
 * A conference with `count` active subscribers (every `easyEvery`th in the easy edition), written
 * straight into the tables in one statement, and a published digest with its snapshot: what the
 * sending tests need without the sign-up and publishing commands of the other parts.
 */
export function seedSubscribers(db: Db, conferenceId: string, count: number, options: { easyEvery?: number; domain?: string; prefix?: string } = {}) {
	const now = Date.now();
	const ids = Array.from({ length: count }, newId);
	db.run(sql`
		INSERT INTO newsletter_subscribers (id, conference_id, email, name, edition, state, token_version, created_at, confirmed_at)
		SELECT value, ${conferenceId}, ${options.prefix ?? 'leser'} || (key + 1) || '@' || ${options.domain ?? 'example.org'}, 'Leser:in ' || (key + 1),
			CASE WHEN ${options.easyEvery ?? 0} > 0 AND (key + 1) % ${options.easyEvery ?? 1} = 0 THEN 'easy' ELSE 'standard' END,
			'active', 1, ${now}, ${now}
		FROM json_each(${JSON.stringify(ids)})`);
	return ids;
}

let numbers = 0;

export function seedPublishedDigest(db: Db, conferenceId: string, options: { audienceGroupId?: string | null } = {}) {
	return db
		.insert(digests)
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
		.returning()
		.get();
}

export function seedConference(db: Db) {
	return db.insert(conferences).values({ name: 'Gesundheitskonferenz Testkreis', region: 'Testkreis' }).returning().get();
}

/** Publishing's part of the send: the deliveries and the job, as part C's command does it. */
export function startSend(db: Db, digest: { id: string; conferenceId: string; audienceGroupId: string | null }, origin = 'http://127.0.0.1:9') {
	const data = sqliteData(db.$client);
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
