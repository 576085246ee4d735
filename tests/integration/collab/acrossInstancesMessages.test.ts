// No database: the encoding of the messages instances send each other.
import { describe, expect, it } from 'vitest';
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from '../../../server/collab/extensions/peerMessages';

/** What instances tell each other through Redis (peerMessages.ts): read back as written, or refused whole. */
describe('messages between instances', () => {
	const messages: PeerMessage[] = [
		{ kind: 'update', from: 'a1', number: 7, seq: 123456, updates: [new Uint8Array([1, 2, 3]), new Uint8Array(0)] },
		{ kind: 'presence', from: 'a1', update: new Uint8Array([1, 200, 1, 1, 2, 123, 125]) },
		{ kind: 'rights', from: 'a1', filter: { personId: 'p1' } },
		{ kind: 'rights', from: 'a1', filter: { docName: 'notes:abc' } },
		{ kind: 'rights', from: 'a1', filter: {} },
		{ kind: 'heartbeat', from: 'a1' },
		{ kind: 'resync', from: 'a1', docNames: ['notes:abc', 'plenary:def'] },
		{ kind: 'bye', from: 'a1' }
	];

	it('reads back every kind as it was written', () => {
		for (const message of messages) expect(decodePeerMessage(encodePeerMessage(message))).toEqual(message);
	});

	it('refuses a message cut short, one with bytes left over, and an unknown kind', () => {
		const update = encodePeerMessage(messages[0]);
		expect(() => decodePeerMessage(update.subarray(0, update.length - 1))).toThrow();
		expect(() => decodePeerMessage(Buffer.concat([update, Buffer.from([0])]))).toThrow();
		expect(() => decodePeerMessage(Buffer.from([42, 2, 97, 49]))).toThrow('unknown peer message kind');
		expect(() => decodePeerMessage(new Uint8Array(0))).toThrow();
	});
});
