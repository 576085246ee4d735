import { expect, test, type ClusterWorld } from './fixture';

/**
 * The app end to end on PostgreSQL: every page each demo role reaches by following links,
 * requested through nginx (so both instances answer in turn), loads without an error. The
 * browser tests on SQLite check these pages for accessibility; this crawl checks that every
 * load's queries run on the other dialect, with the demo the first instance seeded there.
 */
const ROLES = ['Geschäftsstelle', 'Moderation', 'Stimmberechtigtes Mitglied', 'Beratendes Mitglied', 'Selbstvertreterin', 'Newsletter-Redaktion', 'Gast'];
/** Links not to follow: another person's access link, signing out, the language switch. */
const SKIP = [/^\/l\//, /\/sign-out/, /\/language/, /\/logout/];
const PAGES_PER_ROLE = 150;
/** Two addresses per route (a draft and an approved minutes page, two people): the shape of the crawl of pages.e2e.ts. */
const PER_ROUTE = 2;

/** The route an address stands for: ids (16 base32 characters) and numbers are parameters. */
function routeOf(path: string): string {
	const url = new URL(path, 'http://route.invalid');
	const shape = url.pathname.replace(/\/([a-z2-7]{16}|\d+)(?=\/|$)/g, '/:param');
	const params = [...new Set(url.searchParams.keys())].sort();
	return params.length > 0 ? `${shape}?${params.join('&')}` : shape;
}

async function signIn(world: ClusterWorld, rolePrefix: string): Promise<string> {
	const response = await fetch(world.demo(rolePrefix).link, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: world.cluster.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='));
	if (!cookie) throw new Error(`signing in as ${rolePrefix} answered ${response.status} without a session`);
	return cookie.split(';')[0];
}

for (const role of ROLES) {
	test(`every page reachable as ${role} loads on PostgreSQL through both instances`, async ({ world }) => {
		const cookie = await signIn(world, role);
		const failed: string[] = [];
		const seen = new Set<string>();
		const perRoute = new Map<string, number>();
		const queue = ['/start', '/einfach'];
		let html = 0;
		while (queue.length > 0 && seen.size < PAGES_PER_ROLE) {
			const path = queue.shift()!;
			const route = routeOf(path);
			if (seen.has(path) || (perRoute.get(route) ?? 0) >= PER_ROUTE) continue;
			seen.add(path);
			perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
			const response = await fetch(`${world.cluster.origin}${path}`, { redirect: 'manual', headers: { cookie, accept: 'text/html' } });
			const body = await response.text();
			if (response.status >= 300 && response.status < 400) {
				const location = response.headers.get('location');
				if (location?.startsWith('/')) queue.push(location);
				continue;
			}
			if (response.status >= 400) {
				failed.push(
					`${path}: ${response.status} ${body
						.replace(/<[^>]+>/g, ' ')
						.replace(/\s+/g, ' ')
						.slice(0, 200)}`
				);
				continue;
			}
			if (!response.headers.get('content-type')?.startsWith('text/html')) continue;
			html++;
			for (const [, href] of body.matchAll(/href="(\/[^"#]*)/g)) {
				const clean = href.replaceAll('&amp;', '&');
				if (!clean.startsWith('/_app/') && !SKIP.some((re) => re.test(clean)) && !seen.has(clean)) queue.push(clean);
			}
		}
		if (process.env.CLUSTER_VERBOSE) console.log(`${role}: ${html} pages of ${perRoute.size} routes`);
		expect(failed).toEqual([]);
		// The demo gives every role dozens of pages (the guest 34, the office about 100): a crawl
		// that stopped early checked nothing.
		expect(html).toBeGreaterThan(20);
	});
}
