import type { Data } from '../db/client';

/** What a handler gets besides its payload. */
export interface JobContext {
	/** The runner's data layer (SQLite or PostgreSQL): where a handler reads and writes. */
	data: Data;
	jobId: string;
	/** 1 on the first run. */
	attempt: number;
	/** Aborted when the runner shuts down or loses the job's lease: stop early where you can. */
	signal: AbortSignal;
}

/** One kind of background work: how its payload is checked, how it runs, how often it is tried. */
export interface JobHandler<P> {
	/** Throws on a payload this kind cannot run (the job fails at once, without retries). */
	parse(raw: unknown): P;
	run(payload: P, context: JobContext): Promise<void>;
	maxAttempts: number;
	/** What of the payload is kept once the job is done (default: all); secrets go here. */
	keepWhenDone?(payload: P): unknown;
}

/** A failure that no retry can mend (a revoked link, no mail server configured): failed at once. */
export class PermanentJobError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PermanentJobError';
	}
}

/** A small helper for `parse`: the payload must be a plain object. */
export function objectPayload(raw: unknown): Record<string, unknown> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PermanentJobError('payload is not an object');
	return raw as Record<string, unknown>;
}

export function stringField(o: Record<string, unknown>, name: string, maxLength = 500): string {
	const value = o[name];
	if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) throw new PermanentJobError(`payload field ${name} is missing or too long`);
	return value;
}
