import { plenaryDoc } from '../../collab/docNames';
import { readView, type PlenaryView } from '../../plenary/view';
import { readProjectionUnlessBrokenOn, type Projection } from '../collab/documentProjections';
import type { Data } from '../db/client';

const wholeView: Projection<PlenaryView> = { key: 'plenary.view', read: (doc) => readView(doc) as PlenaryView };

/**
 * A session's document as every screen shows it (agenda, what is on, the list of speakers, the
 * poll's public part), read once per change of the document and shared by the page views until
 * the next (see documentProjections.ts). The same for everyone who may view the session: what
 * depends on the person or their rights is derived by the page afterwards. Null when the
 * document cannot be opened (the page says so and shows the rest).
 */
export function plenaryViewOn(data: Data, sessionId: string): Promise<Readonly<PlenaryView> | null> {
	return readProjectionUnlessBrokenOn(data, plenaryDoc(sessionId), wholeView);
}
