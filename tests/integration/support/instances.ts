import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Db } from '../../../src/lib/server/db';
import { sqliteData } from '../../../src/lib/server/db/client';
import { DocServer, defaultExtensions, type DocServerOptions } from '../../../server/collab/docServer';
import { DOC_SIZE_LIMITS } from '../../../server/collab/docLimits';
import { redisSync, type RedisSync, type RedisSyncOptions } from '../../../server/collab/extensions/redisSync';
import { testRedis } from './redis';

/**
 * One instance of a cluster in the test process: its own connection to the shared SQLite file,
 * its own Redis connections (under the test file's prefix), its own document server on a loopback
 * port. Not registered with the bridge (bridge.ts): what crosses between instances must cross
 * through Redis, not through the process both happen to run in.
 *
 * `file` null: no SQLite file at all, `options.data` (the instance's own handle, on either
 * database) is everything it reads and stores; the caller closes that handle.
 */
export async function startInstance(
	file: string | null,
	redis: ReturnType<typeof testRedis>,
	options: Partial<DocServerOptions> & { sync?: Partial<RedisSyncOptions> } = {}
) {
	if (file === null && !options.data) throw new Error('startInstance: without a file, options.data is what the instance stores into');
	const db: Db | null = file === null ? null : openDatabase(file);
	const sync: RedisSync = redisSync(redis, options.sync);
	const http: Server = createServer((_req, res) => res.writeHead(404).end());
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const port = (http.address() as AddressInfo).port;
	const data = options.data ?? sqliteData(db!.$client);
	const docs = new DocServer({
		allowedOrigins: [],
		unloadGraceMs: 50,
		...options,
		data,
		extensions: [...defaultExtensions(data, DOC_SIZE_LIMITS, {}), sync]
	});
	http.on('upgrade', (req, socket, head) => {
		if (!docs.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await sync.ready;
	return {
		data,
		docs,
		sync,
		url: `ws://127.0.0.1:${port}/collab`,
		async stop() {
			await docs.close();
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
			db?.$client.close();
		}
	};
}
