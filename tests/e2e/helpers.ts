import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_LIMITS } from '../../src/lib/fieldLimits';
import { dateInputBounds } from '../../src/lib/domain/time';
import { E2E } from './env';
import type { DemoAccess } from '../../src/lib/server/demo/seed';

/** The demo sign-in links the server wrote on first start (the same file a newcomer uses). */
export function demoAccess(): DemoAccess[] {
	return JSON.parse(readFileSync(E2E.demoAccessFile, 'utf8')).access;
}

export function demo(rolePrefix: string): DemoAccess {
	const entry = demoAccess().find((a) => a.role.startsWith(rolePrefix));
	if (!entry) throw new Error(`no demo access for ${rolePrefix}`);
	return entry;
}

/**
 * Opens a personal link as a participant does: the page says whose it is; one button signs in.
 * People who prefer easy language land on /einfach (see easy.e2e.ts); the tests of the standard
 * pages go on from the standard start page, as such a person does with "Zur Standard-Ansicht".
 */
export async function openLink(page: Page, link: string) {
	await signInWithLink(page, link);
	await expect(page).toHaveURL(/\/(start|einfach)/);
	if (new URL(page.url()).pathname === '/einfach') await page.goto('/start');
	await expect(page).toHaveURL(/\/start/);
}

/** The sign-in by link alone, wherever it lands. */
export async function signInWithLink(page: Page, link: string) {
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Willkommen!|Welcome!/);
	await page.getByRole('button', { name: /Weiter zu meiner Seite|Continue to my page/ }).click();
}

/**
 * Adds to the running test's budget for a piece of work that takes as long as the machine lets
 * it. An axe check is seconds of CPU on an idle 2-core machine and ten times that on a busy one;
 * a test with eight of them must not fail for having them, however busy the machine.
 */
export function addBudget(ms: number) {
	test.setTimeout(test.info().timeout + ms);
}

/** One axe check on a busy machine, with room to spare (see `addBudget`). */
const AXE_BUDGET_MS = 30_000;
/** A check that takes this long is stuck (a page that never settles), not slow. */
const AXE_STUCK_MS = 4 * AXE_BUDGET_MS;

/**
 * axe-core with the WCAG 2.2 A/AA rules: every page the tests visit must have zero violations.
 * `exclude` leaves out a sandboxed frame (a mail's preview): axe cannot run inside a frame that
 * may run no script and waits for it forever; check its document on a page of its own instead.
 */
export async function expectAccessible(page: Page, options: { exclude?: string } = {}) {
	addBudget(AXE_BUDGET_MS);
	// A sandboxed frame (a mail's preview) runs no scripts, so axe cannot enter it and waits forever;
	// what such a frame shows is checked on its own (the mail's HTML in newsletter-mail.e2e.ts).
	const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).exclude('iframe[sandbox]');
	const analysis = (options.exclude ? builder.exclude(options.exclude) : builder).analyze();
	// The budget grows with every check; one that never returns must fail, not use up the CI run.
	let timer: ReturnType<typeof setTimeout> | undefined;
	const stuck = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`axe did not finish within ${AXE_STUCK_MS / 1000} s on ${page.url()}`)), AXE_STUCK_MS);
	});
	const results = await Promise.race([analysis, stuck]).finally(() => clearTimeout(timer));
	const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * The same check for a page opened with JavaScript disabled. axe-core yields to timers on larger
 * pages, and timers never fire where scripts are disabled, so it would wait forever. The page's
 * HTML, exactly as served and without its scripts, is checked in a browser that runs axe.
 */
export async function expectAccessibleWithoutScripts(page: Page) {
	// A browser context of its own and a page load, on top of the check itself.
	addBudget(AXE_BUDGET_MS);
	// Without scripts, <noscript> content is part of the page: keep it visible in the copy.
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<\/?noscript>/gi, '');
	const url = page.url().split('#')[0];
	// Scripts on explicitly: a test file with `test.use({ javaScriptEnabled: false })` would
	// otherwise hand that option on to this context too, and axe would wait forever.
	const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
	try {
		const copy = await context.newPage();
		await copy.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
		await copy.goto(url);
		await expectAccessible(copy);
	} finally {
		await context.close();
	}
}

/** The fixed path segments of the app: every folder name under src/routes that is not a [param] or a (group). */
function staticSegments(dir = 'src/routes', found = new Set<string>()): Set<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (!entry.isDirectory()) continue;
		if (!/^[[(]/.test(entry.name)) found.add(entry.name);
		staticSegments(join(dir, entry.name), found);
	}
	return found;
}
const STATIC_SEGMENTS = staticSegments();

/** The route an address belongs to: every segment that is not a fixed one is a parameter; query values dropped. */
export function routeOf(path: string): string {
	const url = new URL(path, 'http://route.invalid');
	const shape = url.pathname
		.split('/')
		.map((segment) => (segment === '' || STATIC_SEGMENTS.has(segment) ? segment : ':param'))
		.join('/');
	const params = [...new Set(url.searchParams.keys())].sort();
	return params.length > 0 ? `${shape}?${params.join('&')}` : shape;
}

/** Loading a page and looking at it: a second, ten times that on a busy machine (checks add their own). */
const PAGE_BUDGET_MS = 20_000;

/**
 * The pages reachable from `start` by following the site's own links, breadth first, each
 * opened once and handed to `check`. At most `perRoute` addresses of one route are opened (other
 * people, other meetings: the same page in other states), the first ones linked, so the choice is
 * the same from run to run; a route that is linked but never opened fails the crawl, so `limit`
 * (of addresses) must grow with the app. Signing out, switching language and sign-in links are not
 * followed: they would end or change the session the crawl runs in.
 */
export async function crawl(page: Page, start: string, check: (page: Page) => Promise<void>, { limit = 60, perRoute = 1 } = {}) {
	const skip = [/\/sign-out/, /\/language/, /\/l\//, /\.ics$/];
	const seen = new Set<string>();
	// What is returned: the pages, not the files (a CSV export is a download, no page to reflow).
	const pages: string[] = [];
	const opened = new Map<string, number>();
	const queue = [start];
	while (queue.length > 0 && seen.size < limit) {
		const path = queue.shift()!;
		const route = routeOf(path);
		if (seen.has(path) || (opened.get(route) ?? 0) >= perRoute) continue;
		seen.add(path);
		opened.set(route, (opened.get(route) ?? 0) + 1);
		// Each page brings its own budget: a busy machine makes every page slower, not the crawl endless.
		addBudget(PAGE_BUDGET_MS);
		const response = await openOrDownload(page, path);
		expect(response.status(), path).toBeLessThan(400);
		// A file (a payment file the browser saves, a receipt's photo shown inline) is served, not
		// looked at: axe and the reflow check are for pages, and a file links nowhere.
		if (!response.headers()['content-type']?.startsWith('text/html')) continue;
		pages.push(path);
		await check(page);
		const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		for (const href of hrefs) {
			const clean = href.split('#')[0];
			if (!seen.has(clean) && !skip.some((re) => re.test(clean))) queue.push(clean);
		}
	}
	expect(
		queue.filter((path) => !opened.has(routeOf(path))),
		'routes linked but not opened: raise the limit'
	).toEqual([]);
	return pages;
}

/** Opens an address in the page; one the browser would save as a download is fetched instead. */
async function openOrDownload(page: Page, path: string): Promise<{ status(): number; headers(): Record<string, string> }> {
	try {
		const response = await page.goto(path);
		expect(response, path).not.toBeNull();
		return response!;
	} catch (error) {
		if (!String(error).includes('Download is starting')) throw error;
		return page.request.get(path);
	}
}

/** The controls a person types into: not hidden, not a choice, not a date picker. */
const TYPED = ['textarea', 'input:not([type])', ...['text', 'email', 'url', 'tel', 'password', 'search'].map((type) => `input[type="${type}"]`)].join(', ');

type FormName = keyof typeof FIELD_LIMITS;

/**
 * Forms whose typed fields have the same names: which one an action posts to, by action or, where
 * two routes use one action name for different forms, by route and action (`routeOf`).
 */
const SAME_FIELDS: Record<string, FormName> = {
	'?/createRecommendation': 'recommendationCreate',
	'/conferences/:param/newsletter ?/create': 'digest',
	'?/update#digest-settings': 'digest',
	'/conferences/:param/allowances/:param ?/decide': 'claimDecision',
	'?/decide': 'recommendationDecide',
	'?/report': 'implementationReport',
	'?/answer': 'answerFeedback',
	'?/pointOfOrder': 'speakers',
	'?/reject': 'claimDecision',
	'?/reverse': 'claimDecision',
	'?/groupTargets': 'sectorTargets'
};

/**
 * Every field a person types into, in every form the page posts to the server, carries a
 * `maxlength`, and together they are the limits of the server's form it posts to (`FIELD_LIMITS`,
 * which the server's specs validate with): the browser never sends more than the server takes.
 * Every date field offers the years the server takes. Returns how many forms with typed fields
 * the page has.
 */
export async function expectFieldLimits(page: Page): Promise<number> {
	const forms = await page.locator('form[method="POST" i]').evaluateAll(
		(elements, typed) =>
			elements.map((form) => ({
				action: form.getAttribute('action') ?? '(default)',
				fields: [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(typed)]
					// A honeypot is out of sight: robots fill it in, people never see it.
					.filter((field) => !field.closest('[aria-hidden="true"]'))
					.map((field) => [field.name, field.hasAttribute('maxlength') ? field.maxLength : null] as const)
			})),
		TYPED
	);
	// A date picker offers only the years the server takes (DATE_YEARS).
	const dates = await page.locator('form[method="POST" i] input[type="date"], form[method="POST" i] input[type="datetime-local"]').evaluateAll((inputs) =>
		inputs.map((input) => ({
			name: input.getAttribute('name'),
			type: input.getAttribute('type'),
			min: input.getAttribute('min'),
			max: input.getAttribute('max')
		}))
	);
	// A field may offer less (a payout is not executed in the past), never more or unbounded.
	for (const { name, type, min, max } of dates) {
		const bounds = dateInputBounds(type);
		const where = `${new URL(page.url()).pathname}: the date field ${name}`;
		expect(min !== null && max !== null, `${where} offers min and max`).toBe(true);
		expect(min! >= bounds.min! && max! <= bounds.max! && min! <= max!, `${where} offers ${min}–${max}, within ${bounds.min}–${bounds.max}`).toBe(true);
	}
	const typed = forms.filter(({ fields }) => fields.length > 0);
	for (const { action, fields } of typed) {
		const where = `${new URL(page.url()).pathname} form ${action}`;
		// One field per item of a list is named `<field>_<item>`: an id (a reason for each line of a
		// claim, a sector's name), `new` (the row that adds one), or a key (the detail of a need).
		const rendered = Object.fromEntries(fields.map(([name, max]) => [name.replace(/_[a-z0-9]+$/, ''), max]));
		const names = Object.keys(rendered).sort().join(', ');
		const candidates = (Object.keys(FIELD_LIMITS) as FormName[]).filter((form) => Object.keys(FIELD_LIMITS[form]).sort().join(', ') === names);
		expect(candidates, `${where}: no server form with the typed fields ${names}`).not.toEqual([]);
		const form = candidates.length === 1 ? candidates[0] : (SAME_FIELDS[`${routeOf(new URL(page.url()).pathname)} ${action}`] ?? SAME_FIELDS[action]);
		expect(form, `${where}: forms ${candidates.join(', ')} have the fields ${names}; name this action's in SAME_FIELDS`).toBeDefined();
		expect(rendered, `${where}: maxlength of each field as the server's limit of ${form}`).toEqual(FIELD_LIMITS[form!]);
	}
	return typed.length;
}

/** Waits for a mail to a recipient to arrive at the test SMTP server and returns its source. */
export async function mailTo(address: string, timeoutMs = 30_000): Promise<string> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		const file = existsSync(E2E.mailDir) ? readdirSync(E2E.mailDir).find((f) => f.includes(address)) : undefined;
		if (file) return readFileSync(join(E2E.mailDir, file), 'utf8');
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
}

/** Decodes a quoted-printable UTF-8 mail so its text can be read. */
export function decodeQuotedPrintable(source: string): string {
	const unfolded = source.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < unfolded.length; i++) {
		const hex = unfolded[i] === '=' ? /^[0-9A-F]{2}/.exec(unfolded.slice(i + 1, i + 3)) : null;
		if (hex) {
			bytes.push(parseInt(hex[0], 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(unfolded[i], 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/**
 * Opens a section of a conference from its navigation. On a phone the sections are folded into a
 * menu (a `<details>`, so it works without JavaScript): it is opened first.
 */
export async function openConferenceSection(page: Page, name: string) {
	const nav = page.getByRole('navigation', { name: 'Bereiche der Konferenz' });
	await nav.waitFor();
	const link = nav.getByRole('link', { name });
	if (!(await link.first().isVisible())) await nav.locator('summary').click();
	await link.first().click();
}

/** Follows a link of the main navigation; on a phone it is folded into the header's menu, opened first. */
export async function openMainNavigation(page: Page, name: string) {
	await page.locator('header.site-header').waitFor();
	const link = page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name });
	if (!(await link.first().isVisible())) await page.locator('header.site-header summary').click();
	await link.first().click();
}
