import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendOnlyPresenceChanges } from './presence';

function providerFor(doc: Y.Doc) {
	const awareness = new Awareness(doc);
	const sent: number[][] = [];
	const provider = {
		awareness,
		_awarenessUpdateHandler: (event: { added: number[]; updated: number[]; removed: number[] }) =>
			sent.push([...event.added, ...event.updated, ...event.removed])
	};
	awareness.on('update', provider._awarenessUpdateHandler);
	return { provider, awareness, sent };
}

afterEach(() => vi.useRealTimers());

describe('presence sent by a screen', () => {
	it('goes out when it changes, not when the same caret is set again', () => {
		vi.useFakeTimers();
		const { provider, awareness, sent } = providerFor(new Y.Doc());
		sendOnlyPresenceChanges(provider);
		awareness.setLocalStateField('user', { name: 'Lena Maurer' });
		awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
		expect(sent).toHaveLength(2);
		// Tiptap forces the same caret again after every remote change: nothing new, nothing sent.
		for (let i = 0; i < 20; i++) awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
		expect(sent).toHaveLength(2);
		awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
		expect(sent).toHaveLength(3);
	});

	it('still renews an unchanged presence every few seconds, so the server keeps it', () => {
		vi.useFakeTimers();
		const { provider, awareness, sent } = providerFor(new Y.Doc());
		sendOnlyPresenceChanges(provider, 5000);
		awareness.setLocalStateField('user', { name: 'Lena Maurer' });
		vi.advanceTimersByTime(4000);
		awareness.setLocalStateField('user', { name: 'Lena Maurer' });
		expect(sent).toHaveLength(1);
		vi.advanceTimersByTime(1500);
		awareness.setLocalStateField('user', { name: 'Lena Maurer' });
		expect(sent).toHaveLength(2);
	});

	it('goes out again with a fresh clock after a reconnect (the server kept the old clock)', () => {
		const { provider, awareness, sent } = providerFor(new Y.Doc());
		const listeners: ((event: { status: string }) => void)[] = [];
		sendOnlyPresenceChanges({ ...provider, on: (_name, listener) => listeners.push(listener), off: () => {} });
		awareness.setLocalStateField('user', { name: 'Lena Maurer' });
		const clock = awareness.meta.get(awareness.clientID)!.clock;
		for (const listener of listeners) listener({ status: 'connected' });
		expect(sent).toHaveLength(2);
		expect(awareness.meta.get(awareness.clientID)!.clock).toBeGreaterThan(clock);
	});

	it('never sends others’ presence back to the server', () => {
		const { provider, awareness, sent } = providerFor(new Y.Doc());
		sendOnlyPresenceChanges(provider);
		const other = new Awareness(new Y.Doc());
		other.setLocalStateField('user', { name: 'Elena Popescu' });
		applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), provider);
		expect(awareness.getStates().has(other.clientID)).toBe(true);
		expect(sent).toHaveLength(0);
	});
});
