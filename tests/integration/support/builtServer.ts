import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The production entry as `npm start` runs it (build/server.js), as a process of its own with
 * everything it prints kept for the test to read. Needs the build (npm test builds first).
 */
export async function startBuiltServer(env: Record<string, string>) {
	if (!existsSync('build/server.js')) throw new Error('build/server.js is missing: run `npm run build` first');
	const child = spawn(process.execPath, ['build/server.js'], { env: { ...process.env, HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
		child.stdout!.on('data', () => {
			if (output.includes('listens on')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
	});
	return { child, output: () => output };
}

export function stopBuiltServer(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => {
		child.on('exit', (code) => resolve(code));
		child.kill('SIGTERM');
	});
}
