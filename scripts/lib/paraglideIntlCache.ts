import type { Plugin } from 'vite';

// A Vite plugin: paraglide's generated registry (src/lib/paraglide/registry.js) makes a new
// Intl.PluralRules (NumberFormat, DateTimeFormat, RelativeTimeFormat) for every message that
// formats a number or picks a plural. Making one costs about 100–200 µs, using one about 1 µs; a
// session page picks a dozen plurals per view, which under the arrival of a sitting showed in the
// profile. The generated file is not ours to edit (paraglide writes it again), so the build
// rewrites it to reuse one formatter per kind, locale and options (bounded).
const REGISTRY = /[\\/]src[\\/]lib[\\/]paraglide[\\/]registry\.js$/;
const CONSTRUCTOR = /new Intl\.(PluralRules|NumberFormat|DateTimeFormat|RelativeTimeFormat)\(/g;

const HELPER = `
const __ratschlagIntl = new Map();
function __ratschlagCachedIntl(kind, locale, options) {
	const key = kind + '|' + String(locale) + '|' + JSON.stringify(options ?? null);
	let format = __ratschlagIntl.get(key);
	if (!format) {
		format = new Intl[kind](locale, options);
		if (__ratschlagIntl.size >= 64) __ratschlagIntl.delete(__ratschlagIntl.keys().next().value);
		__ratschlagIntl.set(key, format);
	}
	return format;
}
`;

/** The registry's source with each `new Intl.X(` made a cached one; null when there is none to rewrite. */
export function cacheIntlConstructors(code: string): string | null {
	if (!CONSTRUCTOR.test(code)) return null;
	return code.replace(CONSTRUCTOR, (_: string, kind: string) => `__ratschlagCachedIntl(${JSON.stringify(kind)}, `) + HELPER;
}

export function paraglideIntlCache(): Plugin {
	return {
		name: 'ratschlag-paraglide-intl-cache',
		transform(code: string, id: string) {
			if (!REGISTRY.test(id.split('?')[0])) return null;
			const rewritten = cacheIntlConstructors(code);
			if (rewritten === null) this.warn('paraglide registry.js: no Intl constructor to cache (did paraglide change its output?)');
			return rewritten === null ? null : { code: rewritten, map: null };
		}
	};
}
