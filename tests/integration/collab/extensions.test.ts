import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { defaultExtensions } from '../../../server/collab/docServer';
import { DOC_SIZE_LIMITS } from '../../../server/collab/docLimits';
import { Refusal, type Extension } from '../../../server/collab/extension';
import { connect, startTestServerOn, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';

/**
 * The document server's extension hooks, on the real server: what an extension sees, in which
 * order, and that a refusal from a hook ends the connection as the built-in rules do.
 */
describe.each(DIALECTS)('the document server on %s', (dialect) => {
	// Each test starts a server with its own extension, on the bed's data.
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	const servers: Awaited<ReturnType<typeof startTestServerOn>>[] = [];
	const track = bed.track;
	afterAll(async () => {
		for (const server of servers) await server.stop();
	});

	const as = bed.cookie;
	const storedText = async (name: string) => (await docStoreOn(bed.data).read(name)).getText(NOTES_TEXT).toString();

	async function serverWith(extension: Extension) {
		const server = await startTestServerOn(bed.data, { extensions: [...defaultExtensions(bed.data, DOC_SIZE_LIMITS), extension] });
		servers.push(server);
		return server;
	}

	describe('document server extensions', () => {
		it('run their hooks in order, and onStoreDocument sees the update once it is stored', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const calls: string[] = [];
			const stored: Uint8Array[] = [];
			// Asked in the hook, answered after it: what the log held when it ran.
			const rowsWhenStored: Promise<number>[] = [];
			const server = await serverWith({
				onAuthenticate: ({ docName }) => void calls.push(`onAuthenticate ${docName}`),
				onLoadDocument: ({ doc, isNew }) => void calls.push(`onLoadDocument ${doc.name} new=${isNew}`),
				connected: () => void calls.push('connected'),
				beforeChange: () => void calls.push('beforeChange'),
				onChange: ({ connection }) => void calls.push(`onChange from ${connection ? 'client' : 'server'}`),
				onStoreDocument: ({ updates }) => {
					calls.push('onStoreDocument');
					for (const update of updates.get(name) ?? []) stored.push(update);
					rowsWhenStored.push(docStoreOn(bed.data).logRows(name));
				},
				onDisconnect: () => void calls.push('onDisconnect')
			});
			const writer = track(connect(server.url, name, await as('groupCoordinator')));
			await writer.synced();
			// The store held: the update is in the live copy, and the hook has not run; let go, it runs.
			const release = await bed.holdAppends(name);
			writer.doc.getText(NOTES_TEXT).insert(0, 'Tagesordnung');
			await until(async () => (await server.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString()))?.value === 'Tagesordnung', 5000, 'held live');
			expect(calls).not.toContain('onStoreDocument');
			await release();
			await until(() => calls.includes('onStoreDocument'), 5000, 'stored');
			writer.close();
			await until(() => calls.includes('onDisconnect'), 5000, 'disconnected');

			// The client's opening sync step 2 (empty here) passes beforeChange too, and changes nothing.
			expect(calls.filter((call, i) => call !== calls[i - 1])).toEqual([
				`onAuthenticate ${name}`,
				`onLoadDocument ${name} new=true`,
				'connected',
				'beforeChange',
				'onChange from client',
				'onStoreDocument',
				'onDisconnect'
			]);
			// The row was in the log when the hook ran, and the update the hook saw is what it holds.
			expect(await rowsWhenStored[0]).toBeGreaterThan(0);
			const replayed = new Y.Doc();
			for (const update of stored) Y.applyUpdate(replayed, update);
			expect(replayed.getText(NOTES_TEXT).toString()).toBe('Tagesordnung');
			expect(await storedText(name)).toBe('Tagesordnung');
		});

		it('a refusal in onAuthenticate refuses the upgrade as the policy does (403), and nothing is loaded', async () => {
			let loaded = false;
			const server = await serverWith({
				onAuthenticate: () => {
					throw new Refusal('policy', 'not today', { status: 403, statusText: 'Forbidden' });
				},
				onLoadDocument: () => void (loaded = true)
			});
			const cookie = await as('groupCoordinator');
			const status = await new Promise<number>((resolve) => {
				const ws = new WebSocket(`${server.url}/${groupNotesDoc(bed.fixture.group.id)}`, { headers: { cookie } });
				ws.on('upgrade', () => (resolve(101), ws.close()));
				ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
				ws.on('error', () => {});
			});
			expect(status).toBe(403);
			expect(loaded).toBe(false);
		});

		it('a refusal in beforeChange closes the connection with its code, and the update is neither stored nor relayed', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const server = await serverWith({
				beforeChange: ({ decoded }) => {
					if (decoded.structs.length > 0) throw new Refusal('document_full', 'document full', { close: 4409 });
				}
			});
			const writer = track(connect(server.url, name, await as('groupCoordinator')));
			const reader = track(connect(server.url, name, await as('votingMember')));
			await Promise.all([writer.synced(), reader.synced()]);
			const closed = new Promise<number>((resolve) => writer.provider.ws!.addEventListener('close', (event) => resolve(event.code)));
			writer.doc.getText(NOTES_TEXT).insert(0, 'abgelehnt');
			expect(await closed).toBe(4409);
			await new Promise((r) => setTimeout(r, 100));
			expect(await storedText(name)).not.toContain('abgelehnt');
			expect(reader.text()).not.toContain('abgelehnt');
		});

		it('a connection an extension no longer grants is closed as revoked (4403) when rights are re-checked', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			let revoked = false;
			const server = await serverWith({ onRecheck: () => (revoked ? 'none' : undefined) });
			const writer = track(connect(server.url, name, await as('groupCoordinator')));
			await writer.synced();
			const closed = new Promise<number>((resolve) => writer.provider.ws!.addEventListener('close', (event) => resolve(event.code)));
			revoked = true;
			await server.docs.recheck({ docName: name });
			expect(await closed).toBe(4403);
		});

		it('an upgrade whose authentication fails (the database does not answer) gets 503, and the server goes on', async () => {
			let failing = true;
			const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
			const server = await serverWith({
				onAuthenticate: async () => {
					if (failing) throw new Error('connect ECONNREFUSED');
				}
			});
			const name = groupNotesDoc(bed.fixture.group.id);
			const cookie = await as('groupCoordinator');
			const status = await new Promise<number>((resolve) => {
				const ws = new WebSocket(`${server.url}/${name}`, { headers: { cookie } });
				ws.on('upgrade', () => (resolve(101), ws.close()));
				ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
				ws.on('error', () => {});
			});
			expect(status).toBe(503);
			expect(String(logged.mock.calls[0]?.[0])).toContain('authenticating a connection');
			logged.mockRestore();
			failing = false;
			const writer = track(connect(server.url, name, await as('groupCoordinator')));
			await writer.synced();
		});

		it('what a client sends while an extension’s connected hook runs waits for it, and is applied in order', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			let release!: () => void;
			const decided = new Promise<void>((resolve) => (release = resolve));
			let asked = 0;
			const server = await serverWith({ connected: () => (++asked === 1 ? decided : undefined) });
			const writer = track(connect(server.url, name, await as('groupCoordinator')));
			await until(() => asked === 1 && writer.provider.wsconnected, 5000, 'connected, waiting for the hook');
			writer.doc.getText(NOTES_TEXT).insert(0, 'Erst. ');
			writer.doc.getText(NOTES_TEXT).insert(6, 'Dann.');
			await new Promise((r) => setTimeout(r, 150));
			const live = () => server.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString());
			// Not greeted, nothing applied: the client is not synced, and the server's copy lacks the text.
			expect(writer.provider.synced).toBe(false);
			expect((await live())?.value ?? '').not.toContain('Erst.');
			release();
			await writer.synced();
			// Held messages are handled in the tick the connection is greeted, before the answer that synced it.
			expect((await live())?.value).toContain('Erst. Dann.');
		});

		it('of two rechecks of one connection under way at once, the one asked last decides', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const answers: (() => Promise<'none' | 'write'>)[] = [];
			const server = await serverWith({ onRecheck: () => answers.shift()?.() });
			const writer = track(connect(server.url, name, await as('groupCoordinator')));
			await writer.synced();
			let closedWith: number | null = null;
			writer.provider.ws!.addEventListener('close', (event) => (closedWith = event.code));
			// Asked first, answered last: rights read before the second change, which gave them back.
			answers.push(() => new Promise((resolve) => setTimeout(() => resolve('none'), 200)));
			answers.push(async () => 'write');
			await Promise.all([server.docs.recheck({ docName: name }), server.docs.recheck({ docName: name })]);
			expect(closedWith).toBeNull();
			expect(server.docs.connectionCount(name)).toBe(1);
			// And the same answer asked last closes it.
			answers.push(async () => 'none');
			await server.docs.recheck({ docName: name });
			await until(() => closedWith !== null, 5000, 'closed as revoked');
			expect(closedWith).toBe(4403);
		});

		it('rights that change while a connection is being authenticated are applied when it joins', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			let admit!: () => void;
			const admitted = new Promise<void>((resolve) => (admit = resolve));
			let authenticating!: () => void;
			const reached = new Promise<void>((resolve) => (authenticating = resolve));
			let revoked = false;
			const server = await serverWith({ onAuthenticate: () => (authenticating(), admitted), onRecheck: () => (revoked ? 'none' : undefined) });
			const ws = new WebSocket(`${server.url}/${name}`, { headers: { cookie: await as('groupCoordinator') } });
			ws.on('error', () => {});
			const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
			// The connection waits in this hook (a sleep would race a loaded machine).
			await reached;
			// Its role goes while the sessions extension has granted write and another hook still decides.
			revoked = true;
			await server.docs.recheck({ docName: name });
			admit();
			expect(await closed).toBe(4403);
		});

		it('a connected hook that refuses closes with its code; one the database failed for now, with "reloading"', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
			let answer: () => Promise<void> = async () => {
				throw new Refusal('policy', 'not this one', { close: 4403 });
			};
			const server = await serverWith({ connected: () => answer() });
			const closedWith = (client: ReturnType<typeof connect>) =>
				new Promise<number>((resolve) => client.provider.ws!.addEventListener('close', (event) => resolve(event.code)));
			const refused = track(connect(server.url, name, await as('groupCoordinator')));
			await until(() => refused.provider.ws !== null, 5000, 'a socket');
			expect(await closedWith(refused)).toBe(4403);
			refused.close();
			answer = async () => {
				throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
			};
			const failed = track(connect(server.url, name, await as('groupCoordinator')));
			await until(() => failed.provider.ws !== null, 5000, 'a socket');
			expect(await closedWith(failed)).toBe(4503);
			logged.mockRestore();
		});
	});
});
