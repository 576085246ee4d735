import { appendFileSync } from 'node:fs';
import { objectPayload, PermanentJobError, type JobHandler } from '../types';

/**
 * A kind for tests of the production build (a process killed while a job runs): each run appends
 * a line to the file JOBS_TEST_PROBE_FILE names, then waits `ms`. Without that variable it refuses
 * to run, so it does nothing in production.
 */
export interface TestProbePayload {
	label: string;
	ms: number;
}

export const testProbe: JobHandler<TestProbePayload> = {
	maxAttempts: 3,
	parse(raw) {
		const o = objectPayload(raw);
		const label = typeof o.label === 'string' ? o.label.slice(0, 100) : '';
		const ms = typeof o.ms === 'number' && o.ms >= 0 && o.ms <= 600_000 ? o.ms : 0;
		return { label, ms };
	},
	async run({ label, ms }, { signal }) {
		const file = process.env.JOBS_TEST_PROBE_FILE;
		if (!file) throw new PermanentJobError('test kinds are off');
		appendFileSync(file, `start ${label} ${process.pid}\n`);
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, ms);
			signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
		});
		appendFileSync(file, `end ${label} ${process.pid}\n`);
	}
};
