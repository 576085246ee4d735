import { getDb } from '../../src/lib/server/db';
import { docServerLimits } from './config';
import { startDocServer } from './docServer';

/** What the Vite plugin loads: in dev through Vite's SSR loader, in preview from build/collab.js. */
export function startForVite(allowedOrigins: string[]) {
	return startDocServer({ db: getDb(), allowedOrigins, ...docServerLimits(process.env) });
}
