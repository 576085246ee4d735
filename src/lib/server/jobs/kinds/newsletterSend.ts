import { runSendSlice } from '../../newsletter/sending/runSend';
import { objectPayload, PermanentJobError, stringField, type JobHandler } from '../types';

/** Which send to work on, and where the mails' links point. */
export interface NewsletterSendPayload {
	sendId: string;
	origin: string;
}

/**
 * Sends a digest's deliveries for a bounded slice of time, then hands over to a fresh job of the
 * same key (see newsletter/sending/runSend.ts): a send of 10,000 at a municipal relay's rate takes
 * hours and must neither hold a runner slot that long nor count as one attempt that long.
 */
export const newsletterSend: JobHandler<NewsletterSendPayload> = {
	// Each slice is a job of its own; attempts count a slice that failed as a whole (the database away).
	maxAttempts: 8,
	parse(raw) {
		const o = objectPayload(raw);
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		return { sendId: stringField(o, 'sendId', 64), origin };
	},
	async run(payload, { data, jobId, signal }) {
		await runSendSlice(data, { ...payload, jobId, signal });
	}
};
