import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { subscriberByLink, subscriberData } from '$lib/server/queries/newsletterSubscribers';
import { getData } from '$lib/server/db/data';
import { subscriberLinkKeysOn } from '$lib/server/newsletter/links';

/** "Download my data": the subscription and its consent log, as kept (the personal link is the permission). */
export const GET: RequestHandler = async ({ params }) => {
	const data = getData();
	const subscriber = await subscriberByLink(data, subscriberLinkKeysOn(data), params.token);
	if (!subscriber) error(404, { message: 'not_found' });
	return new Response(JSON.stringify(await subscriberData(data, subscriber), null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="newsletter-daten.json"',
			'Cache-Control': 'private, no-store'
		}
	});
};
