import { beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem, readAgenda } from '../../../src/lib/plenary/agenda';
import { docAccess } from '../../../src/lib/server/collab/access';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import type { ActorName } from '../support/fixture';
import { connect, until } from '../support/collab';

describe.each(DIALECTS)('the plenary document on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	let name: string;

	beforeAll(async () => {
		name = (await planSitting(bed.data, bed.fixture)).docName;
	});

	it('is planned by the office and the moderators, followed read-only by everyone else in the conference', async () => {
		const access = async (who: Exclude<ActorName, 'anonymous'>) => docAccess(bed.data, await bed.actor(who), name);
		expect(await access('office')).toBe('write');
		expect(await access('moderator')).toBe('write');
		expect(await access('votingMember')).toBe('read');
		expect(await access('guest')).toBe('read');
		expect(await access('otherOffice')).toBe('none');
		expect(await docAccess(bed.data, await bed.actor('office'), plenaryDoc('nosuchsession'))).toBe('none');
	});

	it('carries an agenda item from the moderator to a member live; the member’s own edits go nowhere', async () => {
		const moderator = bed.track(connect(bed.server.url, name, await bed.cookie('moderator')));
		const member = bed.track(connect(bed.server.url, name, await bed.cookie('votingMember')));
		await Promise.all([moderator.synced(), member.synced()]);
		addAgendaItem(moderator.doc, { title: 'Begrüßung', description: '', presenter: 'Landrat', durationMinutes: 10, type: 'information' });
		await until(() => readAgenda(member.doc).length === 1, 5000, 'member sees the item');
		addAgendaItem(member.doc, { title: 'Eigenmächtig', description: '', presenter: '', durationMinutes: 5, type: 'discussion' });
		await new Promise((r) => setTimeout(r, 200));
		expect(readAgenda(moderator.doc).map((i) => i.title)).toEqual(['Begrüßung']);
		expect(readAgenda(await docStoreOn(bed.data).read(name)).map((i) => i.title)).toEqual(['Begrüßung']);
	});
});
