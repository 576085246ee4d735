import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { SUPPORT_NEEDS } from '$lib/domain/members';
import { getData } from '$lib/server/db/data';
import { csvCell } from '$lib/server/allowances/bookkeepingCsv';
import { invitationLogistics } from '$lib/server/queries/invitationLogistics';
import { answerLabel, needLabel } from '$lib/components/rsvp/logisticsLabels';

/**
 * The logistics of one date as a spreadsheet for the office (interpreters, caterer, room):
 * one line per invited person, a column per need. invitationLogistics authorizes
 * invitation.viewNeeds; every cell goes through csvCell, so a name or a detail typed as
 * "=HYPERLINK(…)" stays text.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const view = await invitationLogistics(getData(), locals.actor, params.conferenceId, params.campaignId);
	if (!view) error(404, { message: 'not_found' });
	const headings = [
		m.rsvp_logistics_csv_name(),
		m.rsvp_logistics_col_answer(),
		m.rsvp_logistics_col_place(),
		m.rsvp_logistics_col_position(),
		m.rsvp_logistics_col_answered(),
		...SUPPORT_NEEDS.map(needLabel),
		m.rsvp_logistics_csv_detail_dietary(),
		m.rsvp_logistics_csv_detail_other()
	];
	const lines = [headings.map(csvCell).join(';')];
	for (const p of view.people) {
		const has = new Map(p.needs.map((n) => [n.need, n.detail]));
		lines.push(
			[
				p.name,
				answerLabel(p.answer),
				p.place === 'seat' ? m.rsvp_logistics_place_seat() : p.place === 'waiting' ? m.rsvp_logistics_waiting() : '',
				p.position?.toString() ?? '',
				p.answeredAt?.toISOString() ?? '',
				...SUPPORT_NEEDS.map((need) => (has.has(need) ? m.rsvp_logistics_csv_yes() : '')),
				has.get('dietary') ?? '',
				has.get('other') ?? ''
			]
				.map(csvCell)
				.join(';')
		);
	}
	// German Excel opens a `;`-separated file with a byte-order mark as UTF-8 without asking.
	return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="teilnahme-logistik.csv"',
			'Cache-Control': 'private, no-store'
		}
	});
};
