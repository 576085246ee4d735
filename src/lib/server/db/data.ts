import { getDb } from './index';
import { sqliteData, type Data } from './client';

/**
 * The process's data layer, for loads, actions and endpoints that move off `getDb()`: on the same
 * SQLite connection as the synchronous layer while the app moves over (sqliteData keeps one handle
 * per connection, so this is the handle server/index.ts made too, with its one mutex).
 */
export function getData(): Data {
	return sqliteData(getDb().$client);
}
