import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../commands/support/errors';
import { handleForm } from './action';
import { fromPage, requiredId, requiredText } from './fields';
import { parseForm, readForm } from './parse';

const MISMATCH = 'Das Formular passte nicht mehr zur Seite';

const post = (body: string, type = 'application/x-www-form-urlencoded') =>
	new Request('http://ratschlag.test/x', { method: 'POST', headers: { 'content-type': type }, body });

/** What a form action answers: the `fail(…)` data, or the thrown error. */
async function answer(run: () => Promise<unknown>) {
	try {
		return await run();
	} catch (e) {
		return e;
	}
}

describe('a form that no longer fits its page', () => {
	const spec = { feedbackId: fromPage(requiredId()), note: requiredText({ max: 100, multiline: true }) };

	it('reports a field the page fills in as the form’s problem, and keeps what was typed', () => {
		const form = new FormData();
		form.set('feedbackId', '../../etc');
		form.set('note', 'Angerufen und erklärt.');
		const result = parseForm(form, spec);
		expect(result).toMatchObject({ ok: false, values: { feedbackId: '../../etc', note: 'Angerufen und erklärt.' } });
		if (result.ok) return;
		// Not next to the hidden field, which no page shows.
		expect(result.errors).toEqual({ form: expect.stringContaining(MISMATCH) });
	});

	it('still reports the fields a person types into next to them', () => {
		const form = new FormData();
		form.set('feedbackId', 'junk!');
		const result = parseForm(form, spec);
		if (result.ok) throw new Error('expected a refusal');
		expect(Object.keys(result.errors).sort()).toEqual(['form', 'note']);
	});

	it('shows a domain refusal about a hidden field as the form’s', async () => {
		const refusedOn = (field: string) =>
			handleForm(post('feedbackId=abc&note=Hallo'), 'answer', spec, () => {
				throw new CommandError('not_found', field);
			});
		expect(await refusedOn('feedbackId')).toMatchObject({
			status: 404,
			data: { action: 'answer', errors: { form: expect.any(String) }, values: { note: 'Hallo' } }
		});
		expect(await refusedOn('note')).toMatchObject({ data: { errors: { note: expect.any(String) } } });
	});
});

describe('reading a posted form', () => {
	it('answers 400 (the client’s error, not a fault) to a body that is not the form its type names', async () => {
		for (const request of [post('garbage', 'multipart/form-data; boundary=zzz'), post('garbage', 'multipart/form-data')]) {
			const error = await answer(() => readForm(request));
			expect(isHttpError(error, 400), String(error)).toBe(true);
		}
	});

	it('reads a form as before', async () => {
		const form = await readForm(post('a=1&b=%E2%82%AC'));
		expect([...form.entries()]).toEqual([
			['a', '1'],
			['b', '€']
		]);
	});

	it('leaves reading a body twice a fault: that is a bug of ours', async () => {
		const request = post('a=1');
		await request.text();
		const error = await answer(() => readForm(request));
		expect(error).toBeInstanceOf(TypeError);
	});
});
