import type { Data } from '../src/lib/server/db/client';
import { purgeAccessibilityFeedback } from '../src/lib/server/commands/purgeAccessibilityFeedback';
import { SYSTEM } from '../src/lib/server/policies';

const DAY = 86_400_000;

/**
 * Applies the retention rules at start-up and then once a day. A timer in the server process
 * until the job queue arrives; the purge is a command of its own and moves there unchanged.
 */
export async function startRetention(data: Data, settings: { feedbackRetentionDays: number }): Promise<{ stop(): void }> {
	const run = async () => {
		try {
			const purged = await purgeAccessibilityFeedback(data, SYSTEM, { retentionDays: settings.feedbackRetentionDays });
			if (purged.feedback > 0) {
				console.log(
					`Retention: deleted ${purged.feedback} answered accessibility feedback (answered more than ${settings.feedbackRetentionDays} days ago) and ${purged.auditEntries} audit entries about it`
				);
			}
		} catch (error) {
			// A failed purge is tried again tomorrow; it must not take the server down.
			console.error('Retention: the purge of accessibility feedback failed', error);
		}
	};
	await run();
	// `run` catches its own failures: the promise it returns never rejects.
	const timer = setInterval(() => void run(), DAY);
	timer.unref();
	return { stop: () => clearInterval(timer) };
}
