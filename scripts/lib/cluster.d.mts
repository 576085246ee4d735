/** Types of cluster.mjs for the TypeScript tests and benches that start several instances. */
export interface ClusterInstance {
	/** 0-based; its INSTANCE_ID is `instance-<index + 1>`. */
	index: number;
	port: number;
	/** `http://127.0.0.1:<port>`: the instance itself, not through the balancer. */
	origin: string;
	/** Null before the first start. */
	readonly pid: number | null;
	/** Resolves with how the process ended once it has. */
	kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined>;
	/** Starts it (again) on its port; resolves when /readyz answers 200. */
	start(): Promise<void>;
	ready(): Promise<void>;
}
export interface Cluster {
	/** The balancer's URL, every instance's ORIGIN. */
	origin: string;
	redisUrl: string;
	instances: ClusterInstance[];
	stop(): Promise<void>;
}
export interface ClusterOptions {
	instances?: number;
	/** The balancer's port; instance i then listens on port + 1 + i. Default: free ports. */
	port?: number;
	/** `postgres://…` (several machines), or a SQLite file every instance opens (one machine). */
	databaseUrl: string;
	/** On PostgreSQL: the instances' DATA_DIR, where the demo's sign-in links (`demo-access.json`) are written. */
	dataDir?: string;
	/** Default: a private Redis started for the cluster. */
	redisUrl?: string;
	env?: Record<string, string>;
	quiet?: boolean;
	nginx?: boolean;
}
export function startCluster(options: ClusterOptions): Promise<Cluster>;
export function nginxConfig(dir: string, port: number, members: { port: number }[]): string;
