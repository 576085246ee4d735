import { describe, expect, it } from 'vitest';
import { EASY_TEXT_MAX, fitsEasyTextLimit } from '$lib/easy/versions';
import { writeEasyTextForm } from './easyText';

describe('the easy-text limit', () => {
	// The editor runs the checker only where the form accepts the text: both must count alike.
	it.each([
		['exactly at the limit', 'a'.repeat(EASY_TEXT_MAX), true],
		['one character over', 'a'.repeat(EASY_TEXT_MAX + 1), false],
		['at the limit with line breaks as the browser sends them', `${'a'.repeat(EASY_TEXT_MAX - 40)}${'\r\nb'.repeat(20)}`, true],
		['over it with line breaks', `${'a'.repeat(EASY_TEXT_MAX - 39)}${'\r\nb'.repeat(20)}`, false],
		['at the limit with space around it', `  \n${'a'.repeat(EASY_TEXT_MAX)}\n  `, true]
	])('is counted by the editor as by the form: %s', (_, text, fits) => {
		expect(fitsEasyTextLimit(text)).toBe(fits);
		expect(writeEasyTextForm.body.parse(text).ok).toBe(fits);
	});
});
