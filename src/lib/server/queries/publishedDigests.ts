import { and, desc, eq } from 'drizzle-orm';
import { type Data, first } from '../db/client';

/**
 * The public record of a conference's newsletter: only published issues, exactly as frozen when
 * they were published (drafts never leave the editors' pages). Everyone may read these
 * (`digest.view` on a published digest), so the queries need no actor.
 */

/** Every published issue, newest first: the archive and the feed. */
export async function publishedDigests(data: Data, conferenceId: string) {
	const { digests } = data.t;
	return (
		await data.q
			.select({
				id: digests.id,
				number: digests.number,
				title: digests.title,
				publishedAt: digests.publishedAt,
				hasEasy: digests.htmlEasy
			})
			.from(digests)
			.where(and(eq(digests.conferenceId, conferenceId), eq(digests.state, 'published')))
			.orderBy(desc(digests.publishedAt), desc(digests.number))
	).map((row) => ({ id: row.id, number: row.number!, title: row.title, publishedAt: row.publishedAt!, hasEasy: row.hasEasy !== null }));
}

/** The issues with their frozen standard HTML, newest first, at most `limit`: the feed's entries. */
export async function publishedDigestsWithContent(data: Data, conferenceId: string, limit: number) {
	const { digests } = data.t;
	return (
		await data.q
			.select({ id: digests.id, number: digests.number, title: digests.title, publishedAt: digests.publishedAt, html: digests.htmlStandard })
			.from(digests)
			.where(and(eq(digests.conferenceId, conferenceId), eq(digests.state, 'published')))
			.orderBy(desc(digests.publishedAt), desc(digests.number))
			.limit(limit)
	).map((row) => ({ id: row.id, number: row.number!, title: row.title, publishedAt: row.publishedAt!, html: row.html ?? '' }));
}

/** One published issue of the conference with both frozen editions, or undefined. */
export async function publishedDigest(data: Data, conferenceId: string, digestId: string) {
	const { digests } = data.t;
	const row = first(
		await data.q
			.select({
				id: digests.id,
				number: digests.number,
				title: digests.title,
				publishedAt: digests.publishedAt,
				htmlStandard: digests.htmlStandard,
				htmlEasy: digests.htmlEasy,
				easyUnchecked: digests.easyUnchecked
			})
			.from(digests)
			.where(and(eq(digests.id, digestId), eq(digests.conferenceId, conferenceId), eq(digests.state, 'published')))
	);
	if (!row) return undefined;
	return { ...row, number: row.number!, publishedAt: row.publishedAt!, htmlStandard: row.htmlStandard ?? '' };
}
