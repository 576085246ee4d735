import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import { parseDocName, type DocKind } from '../../src/lib/collab/docNames';
import { Connection } from './connection';
import { Refusal, type Hooks, type Identity } from './extension';

/**
 * How much may wait unsent in the server's buffer for one connection, in documents of its kind's
 * size limit: a new client's whole document plus as much again of live changes while it drains.
 * A client past that does not read (or cannot keep up), and is closed with 4504 to reconnect.
 */
const BUFFERED_DOCUMENTS = 2;

export interface ConnectionLimits {
	maxFrameBytes: number;
	maxConnectionsPerPerson: number;
	answerBurst: number;
	answersPerSecond: number;
	pingIntervalMs: number;
	allowedOrigins: string[];
	maxDocBytes: Record<DocKind, number>;
}

/**
 * Connection handling: the HTTP upgrade (path, origin, name, then the extensions' authentication),
 * connections per person, and the ping that finds connections gone silent.
 */
export class Connections {
	private readonly wss: WebSocketServer;
	private readonly perPerson = new Map<string, number>();
	private readonly open = new Set<Connection>();
	private readonly pingTimer: NodeJS.Timeout;

	constructor(
		private readonly limits: ConnectionLimits,
		private readonly hooks: Hooks,
		private readonly accept: (connection: Connection) => void
	) {
		this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
		this.pingTimer = setInterval(() => this.ping(), limits.pingIntervalMs).unref();
	}

	/** Handles an HTTP upgrade if it is for `/collab/…`; returns false for any other path. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (!url.pathname.startsWith('/collab/')) return false;
		const refuse = (status: number, text: string, reason: string) => {
			this.hooks.report({ type: 'refused', reason });
			socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
			return true;
		};
		const origin = req.headers.origin;
		if (origin !== undefined && !this.limits.allowedOrigins.includes(origin)) return refuse(403, 'Forbidden', 'origin');
		let name: string;
		try {
			name = decodeURIComponent(url.pathname.slice('/collab/'.length));
		} catch {
			return refuse(400, 'Bad Request', 'name');
		}
		const parsed = parseDocName(name);
		if (!parsed) return refuse(400, 'Bad Request', 'name');
		let identity: Identity | null;
		try {
			identity = this.hooks.authenticate({ request: req, docName: name, kind: parsed.kind });
		} catch (error) {
			if (!(error instanceof Refusal) || !('status' in error.code)) throw error;
			return refuse(error.code.status, error.code.statusText, error.label);
		}
		if (!identity) return refuse(401, 'Unauthorized', 'session');
		if ((this.perPerson.get(identity.personId) ?? 0) >= this.limits.maxConnectionsPerPerson) {
			return refuse(429, 'Too Many Requests', 'limit');
		}
		const { answerBurst: burst, answersPerSecond: perSecond } = this.limits;
		const acks = url.searchParams.get('acks') === '1';
		const maxBuffered = BUFFERED_DOCUMENTS * this.limits.maxDocBytes[parsed.kind];
		this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) =>
			this.accept(new Connection(ws, name, identity, acks, maxBuffered, { burst, perSecond }, this.hooks.report))
		);
		return true;
	}

	/** The connection joined its document: it counts towards its person's limit until it leaves. */
	joined(connection: Connection): void {
		this.open.add(connection);
		this.perPerson.set(connection.personId, (this.perPerson.get(connection.personId) ?? 0) + 1);
		connection.ws.on('pong', () => (connection.alive = true));
	}

	left(connection: Connection): void {
		if (!this.open.delete(connection)) return;
		const left = (this.perPerson.get(connection.personId) ?? 1) - 1;
		if (left > 0) this.perPerson.set(connection.personId, left);
		else this.perPerson.delete(connection.personId);
	}

	private ping(): void {
		for (const connection of this.open) connection.ping();
	}

	/**
	 * Stops accepting and closes every open connection with 1012 ("service restart"), which the
	 * client answers by reconnecting: through a balancer, to another instance. Resolves when every
	 * client has answered the close, or after `graceMs` (then the rest are cut).
	 */
	close(graceMs = 2000): Promise<void> {
		clearInterval(this.pingTimer);
		const clients = [...this.wss.clients];
		this.wss.close();
		const closed = clients.map((ws) => {
			if (ws.readyState === ws.CLOSED) return Promise.resolve();
			const gone = new Promise<void>((resolve) => ws.once('close', () => resolve()));
			ws.close(CLOSE.serviceRestart, 'service restart');
			return gone;
		});
		return new Promise((resolve) => {
			const cut = setTimeout(() => {
				for (const ws of clients) ws.terminate();
				resolve();
			}, graceMs).unref();
			void Promise.all(closed).then(() => {
				clearTimeout(cut);
				resolve();
			});
		});
	}
}
