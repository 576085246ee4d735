import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createSessionOn, generateSessionToken, hashToken, SESSION_LIFETIME_MS } from '../../../src/lib/server/auth/sessions';
import type { Db } from '../../../src/lib/server/db';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { DocServer, startDocServer, stopDocServer, type DocServerOptions } from '../../../server/collab/docServer';

/** A real HTTP server on a loopback port with the document server attached, as in production. */
export function startTestServer(db: Db, options: Partial<DocServerOptions> = {}) {
	return startTestServerOn(sqliteData(db.$client), options);
}

/** `startTestServer` on the data layer: documents, sessions and rights read from `data` (SQLite or PostgreSQL). */
export async function startTestServerOn(data: Data, options: Partial<DocServerOptions> = {}) {
	const http: Server = createServer((_req, res) => res.writeHead(404).end());
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const port = (http.address() as AddressInfo).port;
	const origin = `http://127.0.0.1:${port}`;
	const docs: DocServer = startDocServer({ data, allowedOrigins: [origin], unloadGraceMs: 50, ...options });
	http.on('upgrade', (req, socket, head) => {
		if (!docs.handleUpgrade(req, socket, head)) socket.destroy();
	});
	return {
		port,
		origin,
		url: `ws://127.0.0.1:${port}/collab`,
		docs,
		async stop() {
			await stopDocServer(docs);
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
		}
	};
}

/** A session cookie for a person, made the way sign-in makes one. */
export async function sessionCookie(db: Db, personId: string): Promise<string> {
	const token = generateSessionToken();
	await createSessionOn(sqliteData(db.$client), token, personId);
	return `ratschlag_session=${token}`;
}

/** `sessionCookie` on the data layer (a PostgreSQL database, say). */
export async function sessionCookieOn(data: Data, personId: string): Promise<string> {
	const token = generateSessionToken();
	const now = new Date();
	await data.q.insert(data.t.sessions).values({ id: hashToken(token), personId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) });
	return `ratschlag_session=${token}`;
}

/** The `ws` client, sending a cookie like a browser would (the stock provider takes a polyfill). */
export function wsWithCookie(cookie: string | null, origin?: string) {
	return class extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			const headers: Record<string, string> = {};
			if (cookie) headers.cookie = cookie;
			if (origin) headers.origin = origin;
			super(url, protocols, { headers });
		}
	};
}

/** The stock y-websocket client, unchanged but for the polyfill it documents for Node. */
export function connect(url: string, docName: string, cookie: string | null, options: { origin?: string; doc?: Y.Doc } = {}) {
	const doc = options.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(url, docName, doc, {
		WebSocketPolyfill: wsWithCookie(cookie, options.origin) as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	return {
		doc,
		provider,
		text: () => doc.getText('notes').toString(),
		synced: () =>
			new Promise<void>((resolve) => {
				if (provider.synced) resolve();
				else provider.once('sync', (s: boolean) => s && resolve());
			}),
		close() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
