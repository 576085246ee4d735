import { error } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import { register } from 'prom-client';
import type { RequestHandler } from './$types';
import { can } from '$lib/server/policies';
import { getData } from '$lib/server/db/data';
import { registerJobMetrics } from '$lib/server/jobs/metrics';

registerJobMetrics(getData);

/** The bearer token configured in METRICS_TOKEN, compared in constant time. */
function hasMetricsToken(header: string | null): boolean {
	const token = process.env.METRICS_TOKEN;
	if (!token || !header?.startsWith('Bearer ')) return false;
	const given = Buffer.from(header.slice('Bearer '.length));
	const wanted = Buffer.from(token);
	return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Prometheus metrics of this process: for platform admins, or a scraper with the token. */
export const GET: RequestHandler = async ({ locals, request }) => {
	if (!hasMetricsToken(request.headers.get('authorization')) && !can(locals.actor, 'metrics.view', null)) {
		error(locals.person ? 403 : 401, { message: locals.person ? 'forbidden' : 'unauthenticated' });
	}
	return new Response(await register.metrics(), {
		headers: { 'content-type': register.contentType, 'cache-control': 'no-store' }
	});
};
