import { rightsChanged } from '../../collab/bridge';
import { onData } from '../types';

/** Whose rights, or which document's, to decide again. */
export interface RightsChanged {
	personId?: string;
	docName?: string;
}

/**
 * Open connections of that person (or to that document) are re-checked by the document server,
 * so an editor who lost a role loses write access, and one who gained it may write. If this
 * fails, the connection keeps its old rights until it reconnects (every reconnect authenticates
 * afresh). It reads nothing itself, so it runs after commits on either database.
 */
export const rightsChangedHandler = onData<RightsChanged>((_data, filter) => rightsChanged(filter));
