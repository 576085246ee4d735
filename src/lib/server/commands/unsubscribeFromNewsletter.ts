import type { Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
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
export async function unsubscribeFromNewsletter(data: Data, input: UnsubscribeInput): Promise<{ changed: boolean }> {
	const at = input.now ?? new Date();
	return transactOn(data, async (tx) => {
		const subscriber = await requireSubscriber(data, tx, input.subscriberId);
		return { changed: await markUnsubscribed(data, tx, subscriber, input.via, at, input.clientAddress ?? null) };
	});
}
