import { Counter, Gauge } from 'prom-client';
import { CommandError } from '../commands/support/errors';

/**
 * Documents that failed while being opened, built, changed or stored. One document must not take
 * the process down: whatever goes wrong with it is caught where it happens (the document server,
 * the store, the start-up's re-projection of polls), counted, logged in one line with its name,
 * and the document is closed. A document whose stored state cannot be loaded stays closed until
 * the process restarts (trying again would cost the same failure on every page view); its rows in
 * SQLite are left untouched for the operator. Shared by the app and the document server, which
 * are bundled apart: the state lives in one process-wide slot, as the bridge's does.
 */
export type FailureStage = 'load' | 'materialize' | 'open' | 'apply' | 'change' | 'compact' | 'unload';

const BROKEN = Symbol.for('ratschlag.BrokenDocument');

/** A document that cannot be opened. A `CommandError`, so forms answer it in words like any refusal. */
export class BrokenDocument extends CommandError {
	readonly [BROKEN] = true;

	constructor(readonly docName: string) {
		super('document_broken');
		this.name = 'BrokenDocument';
	}

	/**
	 * The app and the document server are bundled apart, each with its own copy of this class: one
	 * thrown by the document server (its `read`, its `change`) is recognised in the app by its brand.
	 */
	static [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BROKEN] === true;
	}
}

interface Registry {
	broken: Map<string, FailureStage>;
	failures: Counter<'stage'>;
	brokenNow: Gauge;
}

const slot = Symbol.for('ratschlag.brokenDocuments');
const g = globalThis as unknown as Record<symbol, Registry | undefined>;

function registry(): Registry {
	return (g[slot] ??= {
		broken: new Map(),
		failures: new Counter({
			name: 'collab_document_failures_total',
			help: 'Documents that failed while being loaded, built, opened, changed by a client (apply) or the server (change), compacted or unloaded; the document was closed',
			labelNames: ['stage']
		}),
		brokenNow: new Gauge({ name: 'collab_documents_broken', help: 'Documents closed until restart because their stored state cannot be loaded' })
	});
}

export function isBroken(docName: string): boolean {
	return registry().broken.has(docName);
}

/**
 * Records a failure of one document: counted, and one log line with its name. `remember` keeps
 * the document closed until restart (its stored state is at fault); without it, only the copy in
 * memory failed and the next open rebuilds it from the store.
 */
export function documentFailed(docName: string, stage: FailureStage, error: unknown, { remember = true } = {}): void {
	// Already counted and logged where it first failed.
	if (error instanceof BrokenDocument) return;
	const { broken, failures, brokenNow } = registry();
	failures.inc({ stage });
	const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	if (remember) {
		if (broken.has(docName)) return;
		broken.set(docName, stage);
		brokenNow.set(broken.size);
		console.error(`Document ${docName} is broken (${stage}: ${cause}); it stays closed until restart, its stored rows are kept.`);
	} else {
		console.error(`Document ${docName} failed (${stage}: ${cause}); its copy in memory was dropped and is rebuilt from the store.`);
	}
}
