import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import type { Data } from '../../../src/lib/server/db/client';
import type { Fixture } from './fixtureOn';

/**
 * The notes of a new working group of conference A, never opened yet: the fixture's minute-taker
 * and group coordinator are its members, so both may write them. A test that needs a document no
 * other test touched takes one of these.
 */
export async function freshGroupNotes(data: Data, fixture: Fixture, name: string): Promise<string> {
	const { workingGroups, groupMemberships } = data.t;
	const [group] = await data.q.insert(workingGroups).values({ conferenceId: fixture.conferenceA.id, name }).returning();
	await data.q.insert(groupMemberships).values([
		{ groupId: group.id, personId: fixture.ids.groupCoordinator, role: 'coordinator' },
		{ groupId: group.id, personId: fixture.ids.minuteTaker, role: 'minute_taker' }
	]);
	return groupNotesDoc(group.id);
}

/** A group's notes as the database holds them, not as a document server's copy has them. */
export async function storedNotes(data: Data, docName: string): Promise<string> {
	const doc = await docStoreOn(data).read(docName);
	try {
		return doc.getText(NOTES_TEXT).toString();
	} finally {
		doc.destroy();
	}
}
