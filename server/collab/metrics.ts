import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The document server's metrics, registered once per process in prom-client's default
 * registry (the /metrics route reads that registry). Several server instances in one process
 * (tests) share them.
 */
function create() {
	// Process CPU, memory, event-loop lag: the context every collab figure needs. Lag is sampled
	// once a second: prom-client's default (every 10 ms) wakes an idle server 100 times a second,
	// which was most of its idle CPU.
	collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 1000 });
	return {
		connections: new Gauge({ name: 'collab_connections', help: 'Open document connections' }),
		docsLoaded: new Gauge({ name: 'collab_docs_loaded', help: 'Documents held in memory' }),
		updatesIn: new Counter({ name: 'collab_updates_in_total', help: 'Document updates received from clients and applied' }),
		updatesOut: new Counter({ name: 'collab_updates_out_total', help: 'Update messages sent to clients' }),
		readOnlyDropped: new Counter({ name: 'collab_readonly_updates_dropped_total', help: 'Updates from read-only connections, dropped' }),
		updatesRefused: new Counter({
			name: 'collab_updates_refused_total',
			help: "Client updates refused (the connection is closed): document_full when it would pass its kind's size limit; too_deep, root_type or subdocument for a shape the kind does not take; unappliable when Yjs failed to apply it",
			labelNames: ['reason']
		}),
		presenceDropped: new Counter({
			name: 'collab_presence_dropped_total',
			help: 'Presence entries dropped: read_only from connections that may not write, not_own for a client id the connection does not own',
			labelNames: ['reason']
		}),
		presenceDeferred: new Counter({
			name: 'collab_presence_deferred_total',
			help: 'Presence changes that came faster than a connection may make them; the latest is applied once allowed'
		}),
		serverOwnedRestored: new Counter({
			name: 'collab_server_owned_restored_total',
			help: 'Client writes into server-owned parts of a document (a poll result), overwritten from SQLite'
		}),
		pendingDropped: new Counter({
			name: 'collab_pending_dropped_total',
			help: 'Client updates that left items waiting for content the server does not have; those items were dropped (the sync step 2 that follows brings them again)'
		}),
		answersDropped: new Counter({
			name: 'collab_answers_dropped_total',
			help: 'Requests a connection made faster than it may, left unanswered: sync_step1 (a whole or partial document) and awareness_query (every presence)',
			labelNames: ['request']
		}),
		closedSlow: new Counter({
			name: 'collab_connections_closed_slow_total',
			help: "Connections closed because more than their limit waited unsent in the server's buffer (the client does not read)"
		}),
		refused: new Counter({ name: 'collab_upgrades_refused_total', help: 'Connections refused before the upgrade', labelNames: ['reason'] }),
		closedMalformed: new Counter({ name: 'collab_connections_closed_malformed_total', help: 'Connections closed for a malformed or oversized message' }),
		persistSeconds: new Histogram({
			name: 'collab_persist_seconds',
			help: 'Time to append one batch of updates to the SQLite log',
			buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]
		}),
		peerPublished: new Counter({
			name: 'collab_peer_published_total',
			help: 'Messages published to the other instances (Redis): update, presence, rights, heartbeat, resync',
			labelNames: ['what']
		}),
		peerPublishFailed: new Counter({
			name: 'collab_peer_publish_failed_total',
			help: 'Messages that could not be published (Redis unreachable); the other instances catch up from the store',
			labelNames: ['what']
		}),
		peerReceived: new Counter({ name: 'collab_peer_received_total', help: 'Messages received from the other instances', labelNames: ['what'] }),
		peerMalformed: new Counter({ name: 'collab_peer_malformed_total', help: 'Messages from the Redis channels that could not be read, dropped' }),
		resyncs: new Counter({
			name: 'collab_resyncs_total',
			help: 'Documents caught up from the store: subscribed (just loaded), gap (a message from a peer was missed), incomplete (an update waited for another), reconnected (Redis), asked (a peer could not publish)',
			labelNames: ['reason']
		}),
		changeLocks: new Counter({
			name: 'collab_change_locks_total',
			help: 'Server changes and the per-document lock across instances: free at once, waited for, or unavailable (Redis down: changed without it)',
			labelNames: ['outcome']
		}),
		logRows: new Gauge({ name: 'collab_update_log_rows', help: 'Update-log rows not yet folded into snapshots' })
	};
}

export type CollabMetrics = ReturnType<typeof create>;

const slot = Symbol.for('ratschlag.collabMetrics');
const g = globalThis as unknown as Record<symbol, CollabMetrics | undefined>;

export function collabMetrics(): CollabMetrics {
	return (g[slot] ??= create());
}

export { register };
