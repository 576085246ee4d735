import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The production build (`build/server.js`) started as its own process on a loopback port, in its
 * own process group, stopped by its PID. Needs a fresh `npm run build`.
 */
export async function startBuiltServer(options: { port: number; databaseFile: string; env?: Record<string, string> }) {
	if (!existsSync('build/server.js')) throw new Error('build/server.js is missing: run `npm run build` first');
	const origin = `http://127.0.0.1:${options.port}`;
	const child = spawn(process.execPath, ['build/server.js'], {
		env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', ORIGIN: origin, DATABASE_URL: options.databaseFile, ...options.env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
		child.stdout!.on('data', () => {
			if (output.includes('listens on')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		});
	});
	return {
		origin,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				process.kill(-child.pid!, 'SIGTERM');
			})
	};
}
