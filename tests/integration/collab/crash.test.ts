import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports';
import { NOTES_TEXT, groupNotesDoc } from '../../../src/lib/collab/docNames';
import { connect, until } from '../support/collab';

/**
 * The production server, killed with SIGKILL right after clients saw N updates: after a
 * restart, all N are there. This is what "persist before broadcast" promises.
 */
const dir = mkdtempSync(join(tmpdir(), 'ratschlag-crash-'));
const databaseFile = join(dir, 'ratschlag.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));


async function start(port: number): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['build/server.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, DATABASE_URL: databaseFile },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (d) => {
			output += d;
			if (output.includes('listens on')) resolve();
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
	});
	return child;
}

async function signIn(port: number, link: string): Promise<string> {
	const response = await fetch(link.replace(/^http:\/\/[^/]+/, `http://127.0.0.1:${port}`), {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: `http://127.0.0.1:${port}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	return response.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session='))!.split(';')[0];
}

describe('crash safety', () => {
	it('kill -9 right after clients saw N updates loses none of them', async () => {
		const port = await freePort();
		let server = await start(port);
		const access = JSON.parse(readFileSync(join(dir, 'demo-access.json'), 'utf8')).access as { role: string; link: string }[];
		const cookie = await signIn(port, access.find((a) => a.role.startsWith('Geschäftsstelle'))!.link);
		const reader = new Database(databaseFile, { readonly: true });
		const groupId = (reader.prepare('SELECT id FROM working_groups ORDER BY name LIMIT 1').get() as { id: string }).id;
		reader.close();
		const name = groupNotesDoc(groupId);
		const url = `ws://127.0.0.1:${port}/collab`;

		const writer = connect(url, name, cookie);
		const observer = connect(url, name, cookie);
		await Promise.all([writer.synced(), observer.synced()]);
		const N = 500;
		const text = writer.doc.getText(NOTES_TEXT);
		for (let i = 0; i < N; i++) {
			text.insert(text.length, String(i % 10));
			if (i % 50 === 0) await new Promise((r) => setImmediate(r));
		}
		await until(() => observer.doc.getText(NOTES_TEXT).length === N, 10_000, 'observer saw all updates');
		server.kill('SIGKILL');
		await new Promise((resolve) => server.on('exit', resolve));
		const seen = observer.doc.getText(NOTES_TEXT).toString();
		writer.close();
		observer.close();

		server = await start(port);
		const after = connect(url, name, await signIn(port, access.find((a) => a.role.startsWith('Geschäftsstelle'))!.link));
		await after.synced();
		expect(after.doc.getText(NOTES_TEXT).toString()).toBe(seen);
		after.close();
		server.kill('SIGTERM');
		await new Promise((resolve) => server.on('exit', resolve));
	}, 60_000);
});
