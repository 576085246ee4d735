import { describe, expect, it } from 'vitest';
import { first } from '../../../src/lib/server/db/client';
import { builtServerOn } from '../support/builtServerOn';
import { NOTES_TEXT, groupNotesDoc } from '../../../src/lib/collab/docNames';
import { connect, until } from '../support/collab';
import { DIALECTS } from '../support/data';

/**
 * The production server, killed with SIGKILL right after clients saw N updates: after a
 * restart, all N are there. This is what "persist before broadcast" promises, on a SQLite file
 * and on a PostgreSQL database.
 */
describe.each(DIALECTS)('crash safety on %s', (dialect) => {
	// The first start seeds the demo: its office and its working groups.
	const on = builtServerOn(dialect);

	it('kill -9 right after clients saw N updates loses none of them', async () => {
		let [server] = on.servers;
		const { data } = on;
		const office = server.demo('Geschäftsstelle').link;
		const cookie = await server.signIn(office);
		const { workingGroups } = data.t;
		const groupId = first(await data.q.select({ id: workingGroups.id }).from(workingGroups).orderBy(workingGroups.name).limit(1))!.id;
		const name = groupNotesDoc(groupId);
		const url = `ws://127.0.0.1:${server.port}/collab`;

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
		await server.kill();
		const seen = observer.doc.getText(NOTES_TEXT).toString();
		writer.close();
		observer.close();

		server = await on.serve({ port: server.port });
		const after = connect(url, name, await server.signIn(office));
		await after.synced();
		expect(after.doc.getText(NOTES_TEXT).toString()).toBe(seen);
		after.close();
		await server.stop();
	}, 180_000);
});
