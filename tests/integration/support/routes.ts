import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROUTES = 'src/routes';
const LAYOUT_FILES = ['+layout.svelte', '+layout.ts', '+layout.js', '+layout.server.ts', '+layout.server.js'];
const PAGE_FILES = ['+page.svelte', '+page.ts', '+page.js', '+page.server.ts', '+page.server.js'];
const ENDPOINT_FILES = ['+server.ts', '+server.js'];

export interface AppRoute {
	/** SvelteKit's route id, e.g. `/(app)/conferences/[conferenceId]/plenary`. */
	id: string;
	kind: 'page' | 'endpoint';
	/** Nodes a data request of this page answers for: the layouts from the root, then the page. */
	nodes: number;
	/** The page's form actions (`default` is posted to the page itself). */
	actions: string[];
}

/**
 * Every route of the app, read from the files under src/routes the way SvelteKit reads them, so
 * a new route is covered by whatever test walks this list.
 */
export function appRoutes(): AppRoute[] {
	const found: AppRoute[] = [];
	const walk = (dir: string, id: string, layoutsAbove: number) => {
		const files = new Set(readdirSync(dir));
		// The root always has a layout (SvelteKit supplies a default one); deeper folders only where a file says so.
		const layouts = id === '' ? 1 : layoutsAbove + (LAYOUT_FILES.some((f) => files.has(f)) ? 1 : 0);
		if (PAGE_FILES.some((f) => files.has(f))) {
			const server = ['+page.server.ts', '+page.server.js'].map((f) => join(dir, f)).find(existsSync);
			found.push({ id: id || '/', kind: 'page', nodes: layouts + 1, actions: server ? actionNames(readFileSync(server, 'utf8')) : [] });
		}
		if (ENDPOINT_FILES.some((f) => files.has(f))) found.push({ id: id || '/', kind: 'endpoint', nodes: 0, actions: [] });
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			if (entry.isDirectory()) walk(join(dir, entry.name), `${id}/${entry.name}`, layouts);
		}
	};
	walk(ROUTES, '', 0);
	return found.sort((a, b) => a.id.localeCompare(b.id));
}

/** The keys of `export const actions = { … }`: one tab in, as the formatter writes them. */
function actionNames(source: string): string[] {
	const start = source.indexOf('export const actions');
	if (start < 0) return [];
	const end = source.indexOf('\n};', start);
	const block = source.slice(start, end < 0 ? undefined : end);
	const names = [...block.matchAll(/^\t(\w+)\s*:/gm)].map((m) => m[1]);
	if (names.length === 0) throw new Error('a page exports actions, but none were found: read them here');
	return names;
}

/** The path of a route with its parameters filled in (groups such as `(app)` are not part of it). */
export function pathOf(routeId: string, params: Record<string, string>): string {
	const path = routeId
		.split('/')
		.filter((segment) => !/^\(.+\)$/.test(segment))
		.map((segment) =>
			segment.replace(/\[(\w+)\]/g, (_, name: string) => {
				if (!(name in params)) throw new Error(`no value for [${name}] of ${routeId}`);
				return encodeURIComponent(params[name]);
			})
		)
		.join('/');
	return path || '/';
}

/** The parameters a route id names, in order. */
export function paramsOf(routeId: string): string[] {
	return [...routeId.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
}
