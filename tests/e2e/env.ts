import { rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'test-results', 'e2e');

// Two checkouts on one machine can run their suites side by side on other ports.
const port = Number(process.env.E2E_PORT ?? 3211);

/** One fixed place per run, known to the config, the global set-up and every worker. */
export const E2E = {
	port,
	origin: `http://127.0.0.1:${port}`,
	dir,
	databaseFile: join(dir, 'ratschlag.sqlite'),
	demoAccessFile: join(dir, 'demo-access.json'),
	smtpPort: Number(process.env.E2E_SMTP_PORT ?? 2526),
	mailDir: join(dir, 'mail')
};

// The runner's main process starts from an empty database, so the demo is seeded afresh.
if (!process.env.TEST_WORKER_INDEX) rmSync(dir, { recursive: true, force: true });
