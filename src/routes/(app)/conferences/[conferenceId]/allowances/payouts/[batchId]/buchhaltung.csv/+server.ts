import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { calendarDayInZone } from '$lib/domain/time';
import { bookkeepingCsv } from '$lib/server/allowances/bookkeepingCsv';
import { payoutBatch } from '$lib/server/queries/payouts';
import { getData } from '$lib/server/db/data';

/** One line per paid claim for the treasury's bookkeeping (payoutBatch authorizes payout.list). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const found = await payoutBatch(getData(), locals.actor, params.conferenceId, params.batchId);
	if (!found) error(404, { message: 'not_found' });
	const { batch, claims } = found;
	const csv = bookkeepingCsv(
		[
			m.payout_csv_reference(),
			m.payout_csv_person(),
			m.payout_csv_meeting(),
			m.payout_csv_date(),
			m.payout_csv_amount(),
			m.payout_csv_batch(),
			m.payout_csv_paid()
		],
		claims.map((c) => ({
			reference: c.reference,
			person: c.personName,
			meeting: c.meetingTitle,
			meetingDate: calendarDayInZone(c.meetingStartsAt),
			amountCents: c.amountCents,
			batch: batch.messageId,
			paidOn: c.paidAt ? calendarDayInZone(c.paidAt) : ''
		}))
	);
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="buchhaltung-${batch.messageId}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
