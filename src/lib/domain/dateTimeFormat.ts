/**
 * One `Intl.DateTimeFormat` per locale, options and time zone, made once and reused. Making one
 * costs about 200 µs and some 25 KB outside the JavaScript heap (ICU's pattern and time-zone
 * data), formatting with one about 1 µs: a page that formats a dozen times per view made a dozen
 * formatters per request, which under the arrival of a sitting was most of its time and memory
 * (issue 15's profile). Bounded: callers pass a handful of fixed option sets, but the locale and
 * the time zone may come from outside, and a cache that only grows would be a leak.
 */
const LIMIT = 64;
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	// Callers write their options as literals, so the same set always serialises the same way.
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = formats.get(key);
	if (!format) {
		// An unknown locale or time zone throws here, as before, and is not kept.
		format = new Intl.DateTimeFormat(locale, options);
		if (formats.size >= LIMIT) formats.delete(formats.keys().next().value!);
		formats.set(key, format);
	}
	return format;
}

/** How many formatters are kept now (for tests). */
export function dateTimeFormatsKept(): number {
	return formats.size;
}

export const DATE_TIME_FORMATS_LIMIT = LIMIT;
