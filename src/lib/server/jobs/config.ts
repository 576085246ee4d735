/** How the runner behaves; every field has an environment variable (README "Configuration"). */
export interface JobRunnerSettings {
	concurrency: number;
	/** How often the table is looked at for jobs other processes enqueued or whose lease ended. */
	pollMs: number;
	leaseMs: number;
	retryBaseMs: number;
	retryMaxMs: number;
	/** How long a shutdown waits for running jobs before it hands them back to the queue. */
	shutdownGraceMs: number;
}

export const JOB_RUNNER_DEFAULTS: JobRunnerSettings = {
	concurrency: 2,
	pollMs: 5_000,
	leaseMs: 60_000,
	retryBaseMs: 10_000,
	retryMaxMs: 3_600_000,
	shutdownGraceMs: 10_000
};

const VARIABLES: Record<keyof JobRunnerSettings, string> = {
	concurrency: 'JOBS_CONCURRENCY',
	pollMs: 'JOBS_POLL_MS',
	leaseMs: 'JOBS_LEASE_MS',
	retryBaseMs: 'JOBS_RETRY_BASE_MS',
	retryMaxMs: 'JOBS_RETRY_MAX_MS',
	shutdownGraceMs: 'JOBS_SHUTDOWN_GRACE_MS'
};

/** Reads the settings; a value that is not a positive whole number stops the start, not the mail. */
export function jobRunnerSettings(env: NodeJS.ProcessEnv = process.env): JobRunnerSettings {
	const settings = { ...JOB_RUNNER_DEFAULTS };
	for (const [field, name] of Object.entries(VARIABLES) as [keyof JobRunnerSettings, string][]) {
		const raw = env[name]?.trim();
		if (!raw) continue;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
		settings[field] = value;
	}
	return settings;
}
