import { collabMetrics } from '../metrics';
import type { CollabEvent, Extension } from '../extension';

/** The document server's figures in /metrics (metrics.ts), from its hooks and events. */
export function metricsExtension(): Extension {
	const metrics = collabMetrics();
	const count: { [T in CollabEvent['type']]: (event: Extract<CollabEvent, { type: T }>) => void } = {
		refused: ({ reason }) => metrics.refused.inc({ reason }),
		updateIn: () => metrics.updatesIn.inc(),
		updatesOut: ({ count }) => metrics.updatesOut.inc(count),
		readOnlyDropped: () => metrics.readOnlyDropped.inc(),
		updateRefused: ({ reason }) => metrics.updatesRefused.inc({ reason }),
		presenceDropped: ({ reason, count }) => metrics.presenceDropped.inc({ reason }, count),
		presenceDeferred: () => metrics.presenceDeferred.inc(),
		serverOwnedRestored: () => metrics.serverOwnedRestored.inc(),
		pendingDropped: () => metrics.pendingDropped.inc(),
		answerDropped: ({ request }) => metrics.answersDropped.inc({ request }),
		closedSlow: () => metrics.closedSlow.inc(),
		closedMalformed: () => metrics.closedMalformed.inc(),
		peerPublished: ({ what }) => metrics.peerPublished.inc({ what }),
		peerPublishFailed: ({ what }) => metrics.peerPublishFailed.inc({ what }),
		peerReceived: ({ what }) => metrics.peerReceived.inc({ what }),
		peerMalformed: () => metrics.peerMalformed.inc(),
		resynced: ({ reason }) => metrics.resyncs.inc({ reason }),
		changeLock: ({ outcome }) => metrics.changeLocks.inc({ outcome })
	};
	return {
		onConfigure({ store }) {
			// What the log holds at the start; the hooks below count from there.
			store.logRows().then(
				(rows) => metrics.logRows.set(rows),
				(error: unknown) => console.warn(`counting the document log failed (${(error as Error).message})`)
			);
		},
		onEvent: (event) => (count[event.type] as (e: CollabEvent) => void)(event),
		connected: () => metrics.connections.inc(),
		onDisconnect: () => metrics.connections.dec(),
		onLoadDocument: ({ docsLoaded }) => metrics.docsLoaded.set(docsLoaded),
		afterUnloadDocument: ({ docsLoaded }) => metrics.docsLoaded.set(docsLoaded),
		onStoreDocument({ updates, seconds }) {
			metrics.persistSeconds.observe(seconds);
			metrics.logRows.inc(updates.size);
		},
		onSnapshot: ({ rows }) => metrics.logRows.dec(rows)
	};
}
