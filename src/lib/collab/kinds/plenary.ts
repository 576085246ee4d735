import { AGENDA } from '../../plenary/agenda';
import { LIVE } from '../../plenary/live';
import { POLL } from '../../plenary/poll';
import { SPEAKER_LISTS, SPEAKERS } from '../../plenary/speakers';
import { SPEECHES } from '../../plenary/speechLog';
import { KiB, nameOf, ROW_ID, type DocKindShape } from './types';

/**
 * A plenary session's agenda, co-planned by those who run it, and its live state that only the
 * server writes: the current item and announcement, the lists of speakers per item and the log of
 * speeches, the latest poll's public face.
 */
export const plenaryKind = {
	kind: 'plenary',
	id: ROW_ID,
	rootTypes: [AGENDA, LIVE, SPEAKERS, SPEAKER_LISTS, SPEECHES, POLL],
	// A full day with 500 named votes stays under 100 KB, and every phone in the room loads it.
	maxBytes: 512 * KiB
} as const satisfies DocKindShape;

export const plenaryDoc = (sessionId: string) => nameOf(plenaryKind, sessionId);
