import { LiveDoc } from '$lib/collab/liveDoc.svelte';
import { AGENDA, readAgenda, type AgendaItem } from './agenda';
import { LIVE, readLive, type LiveState } from './live';
import { POLL, readPoll, type PublicPoll } from './poll';
import { readSpeakers, SPEAKERS, type SpeakersState } from './speakers';

/**
 * A session's document in the browser, read into Svelte state: the agenda, what is happening
 * now, the speakers and the latest poll. Every screen of a session (planning, participants,
 * projector) uses one.
 */
export class LivePlenary {
	readonly live: LiveDoc;
	agenda = $state<AgendaItem[] | null>(null);
	now = $state<LiveState | null>(null);
	speakers = $state<SpeakersState | null>(null);
	/** Undefined until the document is synced; null when the session has had no poll. */
	poll = $state<PublicPoll | null | undefined>(undefined);

	constructor(docName: string, user: { name: string } | null) {
		this.live = new LiveDoc(docName, user);
		const refresh = () => {
			this.agenda = readAgenda(this.live.doc);
			this.now = readLive(this.live.doc);
			this.speakers = readSpeakers(this.live.doc);
			this.poll = readPoll(this.live.doc);
		};
		this.live.doc.getMap(AGENDA).observeDeep(refresh);
		this.live.doc.getMap(LIVE).observeDeep(refresh);
		this.live.doc.getMap(SPEAKERS).observeDeep(refresh);
		this.live.doc.getMap(POLL).observeDeep(refresh);
		this.live.provider.on('sync', (synced: boolean) => synced && refresh());
	}

	destroy(): void {
		this.live.destroy();
	}
}
