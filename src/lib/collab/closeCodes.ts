/**
 * Why the document server closed a connection: WebSocket close codes, shared by the server and
 * the browser (`LiveDoc` tells people what happened). The stock y-websocket client does not
 * reconnect after a code in 4400–4499 (RFC 6455's private range): those are for refusals that a
 * retry would only repeat.
 */
export const CLOSE = {
	goingAway: 1001,
	malformed: 1007,
	/** A frame over `COLLAB_MAX_FRAME_BYTES` (a change of that size can never be stored either). */
	tooLarge: 1009,
	signedOut: 4401,
	forbidden: 4403,
	/** The change would make the document larger than its kind's limit (see server/collab/docLimits.ts). */
	documentFull: 4409,
	awarenessTooLarge: 4413
} as const;

/** Closes the stock client must not retry: the same change would be refused again. */
export const isPermanentClose = (code: number) => (code >= 4400 && code < 4500) || code === CLOSE.tooLarge;
