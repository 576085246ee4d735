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
		private readonly accept: (connection: Connection) => void,
		/** How many times rights changed so far (see `Connection.rightsAsOf`). */
		private readonly rightsChanges: () => number
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
			if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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
		this.authenticated(req, socket, head, name, parsed.kind, url.searchParams.get('acks') === '1', refuse).catch((error: unknown) => {
			console.error(`taking on a connection to ${name} failed`, error);
			socket.destroy();
		});
		return true;
	}

	/**
	 * The rest of an upgrade once the extensions said who connects (they read the data layer):
	 * refused with their status, or taken on as a connection. The socket is watched meanwhile, so a
	 * client that gives up while it waits costs nothing more.
	 */
	private async authenticated(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		name: string,
		kind: DocKind,
		acks: boolean,
		refuse: (status: number, text: string, reason: string) => void
	): Promise<void> {
		const rightsAsOf = this.rightsChanges();
		const gone = () => socket.destroy();
		socket.on('error', gone);
		let identity: Identity | null;
		try {
			identity = await this.hooks.authenticate({ request: req, docName: name, kind });
		} catch (error) {
			if (error instanceof Refusal && 'status' in error.code) {
				refuse(error.code.status, error.code.statusText, error.label);
				return;
			}
			// The database failed to answer (a passing fault, or a bug): the client tries again later.
			console.error(`authenticating a connection to ${name} failed`, error);
			refuse(503, 'Service Unavailable', 'unavailable');
			return;
		} finally {
			socket.off('error', gone);
		}
		if (socket.destroyed) return;
		if (!identity) {
			refuse(401, 'Unauthorized', 'session');
			return;
		}
		if ((this.perPerson.get(identity.personId) ?? 0) >= this.limits.maxConnectionsPerPerson) {
			refuse(429, 'Too Many Requests', 'limit');
			return;
		}
		const { answerBurst: burst, answersPerSecond: perSecond } = this.limits;
		const maxBuffered = BUFFERED_DOCUMENTS * this.limits.maxDocBytes[kind];
		const who = identity;
		// Counted towards the person's limit in this tick (`joined`, from `accept`): the upgrade completes synchronously.
		this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
			const connection = new Connection(ws, name, who, acks, maxBuffered, { burst, perSecond }, this.hooks.report);
			connection.rightsAsOf = rightsAsOf;
			this.accept(connection);
		});
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
