import type { TestProject } from 'vitest/node';
// A plain ES module of the project's scripts (typed by services.d.mts), shared with `npm test` and the cluster script.
import { startPostgres, startRedis } from '../../../scripts/lib/services.mjs';
import { migratedTemplate } from './postgresTemplate';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
		/** The migrated database each test database is a copy of (`postgresTemplate.ts`). */
		postgresTemplate: string;
		redisUrl: string;
	}
}

/**
 * Vitest's global setup: one private PostgreSQL and one private Redis for the whole run, unless
 * `npm test` (or the developer) already gives them in TEST_POSTGRES_URL / TEST_REDIS_URL. Each
 * test then takes its own database (`support/postgres.ts`, a copy of the template migrated here once)
 * and its own key prefix (`support/redis.ts`).
 */
export default async function setup(project: TestProject) {
	const started: { stop(): Promise<void> }[] = [];
	let postgresUrl = process.env.TEST_POSTGRES_URL;
	let redisUrl = process.env.TEST_REDIS_URL;
	if (!postgresUrl) {
		const pg = await startPostgres();
		started.push(pg);
		postgresUrl = pg.url;
	}
	if (!redisUrl) {
		const redis = await startRedis();
		started.push(redis);
		redisUrl = redis.url;
	}
	project.provide('postgresUrl', postgresUrl);
	try {
		project.provide('postgresTemplate', await migratedTemplate(postgresUrl));
	} catch (error) {
		await Promise.all(started.map((s) => s.stop()));
		throw error;
	}
	project.provide('redisUrl', redisUrl);
	return async () => {
		await Promise.all(started.map((s) => s.stop()));
	};
}
