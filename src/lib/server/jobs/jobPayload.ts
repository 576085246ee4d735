import type { JobKind } from './kinds';

/** A payload is a handful of ids, never a document: past this it is a bug, refused at once. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export interface EnqueueOptions {
	/** The same work enqueued again while the first is not done is a no-op. */
	key?: string;
	runAt?: Date;
	/** Whose failed-jobs page shows it; none: the platform admins'. */
	conferenceId?: string | null;
}

/** The payload as the jobs table stores it; throws on one past the bound. */
export function payloadText(kind: JobKind, payload: unknown): string {
	const text = JSON.stringify(payload);
	if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new Error(`job payload of ${kind} is larger than ${MAX_PAYLOAD_BYTES} bytes`);
	return text;
}
