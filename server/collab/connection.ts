import type { WebSocket } from 'ws';
import { CLOSE } from '../../src/lib/collab/closeCodes';
import type { DocAccess } from '../../src/lib/server/collab/access';
import type { Identity, Report } from './extension';
import { TokenBucket } from './tokenBucket';

/** One client's socket on one document, and what it may still do. */
export class Connection {
	readonly personId: string;
	readonly personName: string;
	readonly sessionId: string;
	readonly linkScope: Identity['linkScope'];
	mode: Exclude<DocAccess, 'none'>;
	/** Answered a ping since the last one. */
	alive = true;
	/** Rechecks of its rights asked so far: only the last one asked decides (see `DocServer.recheck`). */
	rechecks = 0;
	/**
	 * The server's count of rights changes when this connection's authentication began: one that
	 * came while it was decided, or while its document loaded, is applied when it joins.
	 */
	rightsAsOf = 0;
	/** Sync step 1 answers this connection may still get (see `answerBurst`). */
	readonly syncAnswers: TokenBucket;
	/** Answers to awareness queries this connection may still get. */
	readonly presenceAnswers: TokenBucket;

	constructor(
		readonly ws: WebSocket,
		readonly docName: string,
		identity: Identity,
		/** Asked for "persisted through" messages (`?acks=1`, our browser wrapper). */
		readonly acks: boolean,
		/** Bytes that may wait unsent for this connection before it is closed (see BUFFERED_DOCUMENTS). */
		readonly maxBuffered: number,
		answers: { burst: number; perSecond: number },
		private readonly report: Report
	) {
		this.personId = identity.personId;
		this.personName = identity.personName;
		this.sessionId = identity.sessionId;
		this.linkScope = identity.linkScope;
		this.mode = identity.mode;
		const now = performance.now();
		this.syncAnswers = new TokenBucket(answers.perSecond, answers.burst, now);
		this.presenceAnswers = new TokenBucket(answers.perSecond, answers.burst, now);
	}

	get open(): boolean {
		return this.ws.readyState === this.ws.OPEN;
	}

	/**
	 * May this connection be sent another message? Not once it is closing, and not when more than
	 * its limit waits unsent in our buffer: a client that does not read cannot be served, and
	 * everything sent to it would stay in this process's memory. It is closed (4504: reconnect).
	 * A slow client that does read gets the close after what is buffered; one that never reads is
	 * cut off by `ws` 30 s later.
	 */
	canTake(): boolean {
		if (!this.open) return false;
		if (this.ws.bufferedAmount <= this.maxBuffered) return true;
		this.report({ type: 'closedSlow' });
		this.ws.close(CLOSE.tooSlow, 'not reading');
		return false;
	}

	/** `sent` runs once the message is written (or at once when it is not sent). */
	send(message: Uint8Array, sent?: () => void): void {
		if (this.canTake()) this.ws.send(message, { binary: true }, sent);
		else sent?.();
	}

	close(code: number, reason: string): void {
		this.ws.close(code, reason);
	}

	/** Called every ping interval: a connection that did not answer the last ping is gone. */
	ping(): void {
		if (!this.alive) {
			this.ws.terminate();
			return;
		}
		this.alive = false;
		this.ws.ping();
	}
}
