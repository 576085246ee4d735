/**
 * Why the document server closed a connection: WebSocket close codes, shared by the server and
 * the browser (`LiveDoc` tells people what happened). The stock y-websocket client does not
 * reconnect after a code in 4400–4499 (RFC 6455's private range): those are for refusals that a
 * retry would only repeat. It does reconnect after 4500–4599, its "try again later" range.
 */
export const CLOSE = {
	malformed: 1007,
	/** A frame over `COLLAB_MAX_FRAME_BYTES` (a change of that size can never be stored either). */
	tooLarge: 1009,
	/** The instance is shutting down (RFC 6455's "service restart"): reconnect, through the balancer to another one. */
	serviceRestart: 1012,
	signedOut: 4401,
	forbidden: 4403,
	/** The change would make the document larger than its kind's limit (see server/collab/docLimits.ts). */
	documentFull: 4409,
	/**
	 * The document could not be opened or stored (see src/lib/server/collab/brokenDocuments.ts):
	 * it stays closed until the server restarts, so reconnecting would only be refused again.
	 */
	documentBroken: 4410,
	awarenessTooLarge: 4413,
	/**
	 * The change had a shape the document does not take (see src/lib/collab/docShape.ts): shared
	 * types nested too deep, or a top-level part this kind of document does not have.
	 */
	shapeRefused: 4422,
	/** The server dropped its copy of the document in memory and builds it again from the store: reconnect. */
	reloading: 4503,
	/**
	 * The connection did not take what it was sent (more than a few documents' worth waited in
	 * the server's buffer): a client that does not read cannot be served. Reconnecting starts afresh.
	 */
	tooSlow: 4504
} as const;

/** Closes the stock client must not retry: the same change would be refused again. */
export const isPermanentClose = (code: number) => (code >= 4400 && code < 4500) || code === CLOSE.tooLarge;
