import { eq } from 'drizzle-orm';
import { sittingMinutesKind } from '../../../collab/kinds/sittingMinutes';
import { plenaryDoc } from '../../../collab/docNames';
import { seedSections, STATE, writeStatus } from '../../../minutes/document';
import { readAgenda } from '../../../plenary/agenda';
import { first } from '../../db/client';
import { projectSittingMinutesStatus } from '../../sittingMinutes/projectStatus';
import { findSittingMinutesSubjectOn } from '../../policies/subjects/lookupOn';
import { readDocumentUnlessBrokenOn } from '../readDocument';
import { accessBy, type DocKindDefinition } from './types';

/** A sitting's minutes: the named minute-taker (and the office) write until they are approved; who reads depends on the status. */
export const sittingMinutes: DocKindDefinition = {
	...sittingMinutesKind,
	access: accessBy({
		read: 'sittingMinutes.view',
		write: 'sittingMinutes.edit',
		subject: (data, sessionId) => findSittingMinutesSubjectOn(data, sessionId)
	}),
	// A section per agenda item of the sitting (breaks carry no number and get none), and the status.
	async initialContent(data, sessionId) {
		const agenda = await readDocumentUnlessBrokenOn(data, plenaryDoc(sessionId), (plenary) =>
			readAgenda(plenary)
				.filter((item) => item.type !== 'break')
				.map((item) => item.title)
		);
		const { sittingMinutes: table } = data.t;
		const row = first(await data.q.select({ status: table.status }).from(table).where(eq(table.sessionId, sessionId)));
		return (doc) => {
			seedSections(doc, agenda ?? []);
			writeStatus(doc, row?.status ?? 'draft');
		};
	},
	// The status is the database's (circulate and approve are commands); editors' clients only see it.
	serverOwned: { maps: [STATE], restore: (data, sessionId) => projectSittingMinutesStatus(data, sessionId) }
};
