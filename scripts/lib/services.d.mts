/** Types of services.mjs for the TypeScript tests that start or reach these servers. */
export interface PrivateServer {
	url: string;
	port: number;
	dir: string;
	stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function startPostgres(options?: { quiet?: boolean }): Promise<PrivateServer>;
export function startRedis(options?: { quiet?: boolean }): Promise<PrivateServer>;
