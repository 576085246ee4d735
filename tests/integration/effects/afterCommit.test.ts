import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { removeGroupRole } from '../../../src/lib/server/commands/removeGroupRole';
import { groupMemberships } from '../../../src/lib/server/db/schema';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import { loadActorOn } from '../../../src/lib/server/policies';
import { collabTestBed } from '../support/collabBed';
import { connect, sessionCookie, until } from '../support/collab';
import { sqliteData } from '../../../src/lib/server/db/client';
import { transactOn, transactOnAndWait } from '../../../src/lib/server/effects/transactOn';

const bed = collabTestBed();

afterEach(() => vi.restoreAllMocks());

describe('effects run after commit', () => {
	it('a failing effect is logged and does not turn the committed command into an error', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		vi.spyOn(effectHandlers, 'rightsChanged').mockImplementation(() => {
			throw new Error('document server gone');
		});
		vi.spyOn(effectHandlers, 'pollChanged').mockImplementation(() => Promise.reject(new Error('projection failed')));
		const data = sqliteData(bed.db.$client);
		await expect(transactOnAndWait(data, async (_tx, fx) => (fx.rightsChanged({ personId: 'a' }), 'committed'))).resolves.toBe('committed');
		await expect(transactOnAndWait(data, async (_tx, fx) => (fx.pollChanged({ sessionId: 's' }), 'committed'))).resolves.toBe('committed');
		expect(logged).toHaveBeenCalledTimes(2);
	});
});

describe('an open editor and the removal of their role', () => {
	const role = () => ({
		conferenceId: bed.fixture.conferenceA.id,
		groupId: bed.fixture.group.id,
		personId: bed.fixture.ids.groupMember,
		role: 'member' as const
	});
	const holdsRole = () =>
		bed.db
			.select()
			.from(groupMemberships)
			.where(and(eq(groupMemberships.personId, bed.fixture.ids.groupMember), eq(groupMemberships.groupId, bed.fixture.group.id)))
			.get() !== undefined;

	it('keeps write access while the transaction that removed the role has not committed, and loses it once it has', async () => {
		const name = groupNotesDoc(bed.fixture.group.id);
		const office = await loadActorOn(sqliteData(bed.db.$client), bed.fixture.ids.office);
		const editor = bed.track(connect(bed.server.url, name, await sessionCookie(bed.db, bed.fixture.ids.groupMember), { origin: bed.server.origin }));
		await editor.synced();
		const closes: number[] = [];
		editor.provider.on('connection-close', (e: { code: number } | null) => e && closes.push(e.code));

		// The role row is deleted, then the surrounding transaction fails: nothing happened.
		const data = sqliteData(bed.db.$client);
		await expect(
			transactOn(data, async (tx) => {
				await removeGroupRole(data, office, role());
				const { groupMemberships: memberships } = data.t;
				const held = await tx
					.select()
					.from(memberships)
					.where(and(eq(memberships.personId, bed.fixture.ids.groupMember), eq(memberships.groupId, bed.fixture.group.id)));
				expect(held).toEqual([]);
				throw new Error('the transaction fails after the row is gone');
			})
		).rejects.toThrow('fails after');
		expect(holdsRole()).toBe(true);
		editor.doc.getText(NOTES_TEXT).insert(0, 'still mine');
		await until(() => createDocStore(bed.db).read(name).getText(NOTES_TEXT).toString().includes('still mine'), 5000, 'the edit stored');
		expect(closes).toEqual([]);
		expect(editor.provider.wsconnected).toBe(true);

		// Committed: the document server refuses the editor at once.
		await removeGroupRole(sqliteData(bed.db.$client), office, role());
		await until(() => closes.length > 0, 5000, 'the connection closed');
		expect(closes).toEqual([4403]);
	});
});
