import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { AwarenessTooLarge, newAwarenessEntries } from '../../../server/collab/protocol';

/** An awareness update as y-protocols encodes it: count, then (client id, clock, JSON state). */
function awarenessUpdate(entries: [number, number, string][]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const [clientId, clock, state] of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, state);
	}
	return encoding.toUint8Array(encoder);
}

const known = new Map([[1, 5]]);
const isNews = (clientId: number, clock: number) => (known.get(clientId) ?? -1) < clock;

describe('newAwarenessEntries', () => {
	it('keeps only entries newer than what the server knows, as a valid update', () => {
		const update = awarenessUpdate([
			[1, 5, '{"cursor":1}'], // an echo of what everybody has
			[2, 1, '{"cursor":2}']
		]);
		expect(newAwarenessEntries(update, isNews, 1024)).toEqual(awarenessUpdate([[2, 1, '{"cursor":2}']]));
	});

	it('drops an update made only of echoes without reading their states', () => {
		// Not even JSON: an echo is skipped unread, so it cannot cost a parse.
		expect(newAwarenessEntries(awarenessUpdate([[1, 4, 'not json']]), isNews, 1024)).toBeNull();
	});

	it('returns the update itself when every entry is news', () => {
		const update = awarenessUpdate([[3, 1, '{}']]);
		expect(newAwarenessEntries(update, isNews, 1024)).toBe(update);
	});

	it('refuses new states that are too large or not JSON, and malformed updates', () => {
		expect(() => newAwarenessEntries(awarenessUpdate([[3, 1, `"${'x'.repeat(2000)}"`]]), isNews, 1024)).toThrow(AwarenessTooLarge);
		expect(() => newAwarenessEntries(awarenessUpdate([[3, 1, '{oops']]), isNews, 1024)).toThrow();
		expect(() => newAwarenessEntries(new Uint8Array([2, 3, 1]), isNews, 1024)).toThrow();
		expect(() => newAwarenessEntries(new Uint8Array([...awarenessUpdate([[3, 1, '{}']]), 0]), isNews, 1024)).toThrow();
	});
});
