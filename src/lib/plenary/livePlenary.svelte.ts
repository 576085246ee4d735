import { LiveDoc } from '$lib/collab/liveDoc.svelte';
import type { AgendaItem } from './agenda';
import type { LiveState } from './live';
import type { PublicPoll } from './poll';
import type { SpeakersState } from './speakers';
import { changedMaps, readView, type PlenaryView } from './view';

/**
 * A session's document in the browser, read into Svelte state: the agenda, what is happening
 * now, the speakers and the latest poll. Every screen of a session (planning, participants,
 * projector) uses one. After each transaction only the parts it touched are read again.
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
		const doc = this.live.doc;
		const apply = (view: Partial<PlenaryView>) => {
			if (view.agenda) this.agenda = view.agenda;
			if (view.now) this.now = view.now;
			if (view.speakers) this.speakers = view.speakers;
			if (view.poll !== undefined) this.poll = view.poll;
		};
		// Until the first sync the page shows what the server rendered; after it, every change
		// counts, also one made here while the connection is down.
		let synced = false;
		doc.on('afterTransaction', (transaction: import('yjs').Transaction) => {
			if (synced) apply(readView(doc, changedMaps(doc, transaction), this.agenda));
		});
		this.live.provider.on('sync', (isSynced: boolean) => {
			if (!isSynced) return;
			synced = true;
			apply(readView(doc));
		});
	}

	destroy(): void {
		this.live.destroy();
	}
}
