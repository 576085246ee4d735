import type { Db } from '../db';
import { transact } from '../effects';
import { markUnsubscribed, requireSubscriber } from './support/subscribers';

export interface UnsubscribeInput {
	/** Named by a verified personal link (see server/newsletter/links.ts): the link is the permission. */
	subscriberId: string;
	via: 'one_click' | 'link' | 'preferences';
	clientAddress?: string | null;
	now?: Date;
}

/**
 * Unsubscribing through a personal link: the RFC 8058 one-click POST, the button of the
 * unsubscribe page or the preferences page. No sign-in and no second confirmation: whoever
 * holds the link got the mail. Answers whether anything changed.
 */
export function unsubscribeFromNewsletter(db: Db, input: UnsubscribeInput): { changed: boolean } {
	const at = input.now ?? new Date();
	return transact(db, (tx) => {
		const subscriber = requireSubscriber(tx, input.subscriberId);
		return { changed: markUnsubscribed(tx, subscriber, input.via, at, input.clientAddress ?? null) };
	});
}
