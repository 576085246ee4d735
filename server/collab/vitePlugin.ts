import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';

type Entry = typeof import('./viteEntry');
type Started = Awaited<ReturnType<Entry['startForVite']>>;

/**
 * The same document server inside `vite dev` and `vite preview`, claiming only upgrades for
 * /collab/… (Vite's HMR socket on the same server is left alone). The server code is loaded
 * lazily, by Vite's SSR loader in dev and from the build in preview, so the config itself stays
 * free of it. The job runner starts with the server, so mail queued in dev is sent.
 */
export function collabPlugin(): Plugin {
	let started: Promise<Started> | undefined;
	let runner: Promise<Awaited<ReturnType<Entry['startJobsForVite']>> | undefined> | undefined;
	const attach = (server: ViteDevServer | PreviewServer, load: () => Promise<Entry>) => {
		const http = server.httpServer;
		// Vitest runs a Vite server too; its tests start their own document servers.
		if (!http || process.env.VITEST) return;
		const port = server.config.server.port ?? 3000;
		const origins = [process.env.ORIGIN, `http://localhost:${port}`, `http://127.0.0.1:${port}`]
			.filter((o): o is string => Boolean(o))
			.map((o) => new URL(o).origin);
		// Background jobs (mail) run from the start, as in production; one runner per process,
		// stopped with the server (Vite restarts its server when the config changes).
		http.once('listening', () => {
			runner ??= load()
				.then((entry) => entry.startJobsForVite())
				.catch((error) => {
					console.error('starting the job runner failed', error);
					return undefined;
				});
		});
		http.once('close', () => {
			const stopping = runner;
			runner = undefined;
			void stopping?.then((started) => started?.stop());
		});
		http.on('upgrade', async (req, socket, head) => {
			if (!req.url?.startsWith('/collab/')) return;
			started ??= load().then((entry) => entry.startForVite(origins));
			(await started).handleUpgrade(req, socket, head);
		});
	};
	return {
		name: 'ratschlag-collab',
		configureServer: (server) => attach(server, () => server.ssrLoadModule('/server/collab/viteEntry.ts') as Promise<Entry>),
		configurePreviewServer: (server) => attach(server, () => import(/* @vite-ignore */ pathToFileURL(resolve('build/collab.js')).href) as Promise<Entry>)
	};
}
