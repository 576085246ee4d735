import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { removeGroupRole } from '../../../src/lib/server/commands/removeGroupRole';
import { first } from '../../../src/lib/server/db/client';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import { transactOn, transactOnAndWait } from '../../../src/lib/server/effects/transactOn';
import { collabTestBedOn } from '../support/collabBedOn';
import { connect, until } from '../support/collab';
import { DIALECTS } from '../support/data';

afterEach(() => vi.restoreAllMocks());

describe.each(DIALECTS)('effects after commit on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);

	describe('effects run after commit', () => {
		it('a failing effect is logged and does not turn the committed command into an error', async () => {
			const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
			vi.spyOn(effectHandlers, 'rightsChanged').mockImplementation(() => {
				throw new Error('document server gone');
			});
			vi.spyOn(effectHandlers, 'pollChanged').mockImplementation(() => Promise.reject(new Error('projection failed')));
			const { data } = bed;
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
		const holdsRole = async () => {
			const { groupMemberships } = bed.data.t;
			const rows = await bed.data.q
				.select()
				.from(groupMemberships)
				.where(and(eq(groupMemberships.personId, bed.fixture.ids.groupMember), eq(groupMemberships.groupId, bed.fixture.group.id)));
			return first(rows) !== undefined;
		};

		it('keeps write access while the transaction that removed the role has not committed, and loses it once it has', async () => {
			const name = groupNotesDoc(bed.fixture.group.id);
			const office = await bed.actor('office');
			const editor = bed.track(connect(bed.server.url, name, await bed.cookie('groupMember'), { origin: bed.server.origin }));
			await editor.synced();
			const closes: number[] = [];
			editor.provider.on('connection-close', (e: { code: number } | null) => e && closes.push(e.code));

			// The role row is deleted, then the surrounding transaction fails: nothing happened.
			const { data } = bed;
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
			expect(await holdsRole()).toBe(true);
			editor.doc.getText(NOTES_TEXT).insert(0, 'still mine');
			await until(async () => (await docStoreOn(bed.data).read(name)).getText(NOTES_TEXT).toString().includes('still mine'), 5000, 'the edit stored');
			expect(closes).toEqual([]);
			expect(editor.provider.wsconnected).toBe(true);

			// Committed: the document server refuses the editor at once.
			await removeGroupRole(bed.data, office, role());
			await until(() => closes.length > 0, 5000, 'the connection closed');
			expect(closes).toEqual([4403]);
		});
	});
});
