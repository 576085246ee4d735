import { eq } from 'drizzle-orm';
import { sittingMinutesKind } from '../../../collab/kinds/sittingMinutes';
import { plenaryDoc } from '../../../collab/docNames';
import { seedSections, STATE, writeStatus } from '../../../minutes/document';
import { readAgenda } from '../../../plenary/agenda';
import { sittingMinutes as sittingMinutesTable } from '../../db/schema';
import { projectSittingMinutesStatus } from '../../sittingMinutes/projectStatus';
import { findSittingMinutesSubject } from '../../policies/subjects';
import { readDocumentUnlessBroken } from '../readDocument';
import { accessBy, type DocKindDefinition } from './types';

/** A sitting's minutes: the named minute-taker (and the office) write until they are approved; who reads depends on the status. */
export const sittingMinutes: DocKindDefinition = {
	...sittingMinutesKind,
	access: accessBy({
		read: 'sittingMinutes.view',
		write: 'sittingMinutes.edit',
		subject: (db, sessionId) => findSittingMinutesSubject(db, sessionId)
	}),
	// A section per agenda item of the sitting (breaks carry no number and get none), and the status.
	initialContent(db, sessionId, doc) {
		const agenda = readDocumentUnlessBroken(db, plenaryDoc(sessionId), (plenary) =>
			readAgenda(plenary)
				.filter((item) => item.type !== 'break')
				.map((item) => item.title)
		);
		const row = db.select({ status: sittingMinutesTable.status }).from(sittingMinutesTable).where(eq(sittingMinutesTable.sessionId, sessionId)).get();
		seedSections(doc, agenda ?? []);
		writeStatus(doc, row?.status ?? 'draft');
	},
	// The status is SQLite's (circulate and approve are commands); editors' clients only see it.
	serverOwned: { maps: [STATE], restore: (db, sessionId) => projectSittingMinutesStatus(db, sessionId) }
};
