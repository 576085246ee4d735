// No database: the presence protocol's pure functions.
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { AwarenessTooLarge, acceptedAwarenessEntries, awarenessUpdate, parseAwarenessState } from '../../../server/collab/protocol';

/** An awareness update as y-protocols encodes it: count, then (client id, clock, JSON state). */
function awarenessUpdateOf(entries: [number, number, string][]): Uint8Array {
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
const bytes = (text: string) => new TextEncoder().encode(text);

describe('acceptedAwarenessEntries', () => {
	it('takes only the entries `accept` takes, with their states as they came', () => {
		const update = awarenessUpdateOf([
			[1, 5, '{"cursor":1}'], // an echo of what everybody has
			[2, 1, '{"cursor":2}']
		]);
		expect(acceptedAwarenessEntries(update, isNews, 1024)).toEqual([{ clientId: 2, clock: 1, state: bytes('{"cursor":2}') }]);
	});

	it('skips entries it does not take without reading their states', () => {
		// Not even JSON, and far over the size limit: an entry not taken costs neither a parse nor a refusal.
		expect(acceptedAwarenessEntries(awarenessUpdateOf([[1, 4, 'not json']]), isNews, 1024)).toEqual([]);
		expect(acceptedAwarenessEntries(awarenessUpdateOf([[3, 1, `"${'x'.repeat(2000)}"`]]), () => false, 1024)).toEqual([]);
	});

	it('tells `accept` which entries say that a client left', () => {
		const seen: [number, boolean][] = [];
		acceptedAwarenessEntries(
			awarenessUpdateOf([
				[3, 2, 'null'],
				[4, 1, '{}']
			]),
			(id, _clock, removes) => (seen.push([id, removes]), true),
			1024
		);
		expect(seen).toEqual([
			[3, true],
			[4, false]
		]);
	});

	it('refuses taken states that are too large, and malformed updates', () => {
		expect(() => acceptedAwarenessEntries(awarenessUpdateOf([[3, 1, `"${'x'.repeat(2000)}"`]]), isNews, 1024)).toThrow(AwarenessTooLarge);
		expect(() => acceptedAwarenessEntries(new Uint8Array([2, 3, 1]), isNews, 1024)).toThrow();
		expect(() => acceptedAwarenessEntries(new Uint8Array([...awarenessUpdateOf([[3, 1, '{}']]), 0]), isNews, 1024)).toThrow();
	});
});

describe('awareness states', () => {
	it('parses JSON states and refuses anything else', () => {
		expect(parseAwarenessState(bytes('{"user":{"name":"A"}}'))).toEqual({ user: { name: 'A' } });
		expect(parseAwarenessState(bytes('null'))).toBeNull();
		expect(() => parseAwarenessState(bytes('{oops'))).toThrow();
		expect(() => parseAwarenessState(new Uint8Array([0x22, 0xff, 0x22]))).toThrow();
	});

	it('encodes one entry as y-protocols does', () => {
		expect(awarenessUpdate(3, 1, { cursor: 2 })).toEqual(awarenessUpdateOf([[3, 1, '{"cursor":2}']]));
	});
});
