import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { csvCell } from '$lib/server/allowances/bookkeepingCsv';
import { subscriberExport } from '$lib/server/queries/newsletterSubscribers';
import { getData } from '$lib/server/db/data';

/**
 * Every subscriber with their consent events, one line per event (a subscriber without any
 * has one line of their own): the proof of consent as the office hands it on when asked.
 * subscriberExport authorizes newsletter.subscribers.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const subscribers = await subscriberExport(getData(), locals.actor, params.conferenceId);
	const headings = [
		m.subscribe_csv_email(),
		m.subscribe_csv_name(),
		m.subscribe_csv_edition(),
		m.subscribe_csv_state(),
		m.subscribe_csv_bouncing(),
		m.subscribe_csv_event(),
		m.subscribe_csv_at(),
		m.subscribe_csv_via(),
		m.subscribe_csv_form_text(),
		m.subscribe_csv_policy(),
		m.subscribe_csv_address()
	];
	const lines = [headings.map(csvCell).join(';')];
	for (const s of subscribers) {
		const person = [s.email, s.name ?? '', s.edition, s.state, s.bouncingSince?.toISOString() ?? ''];
		const events = s.consents.length > 0 ? s.consents : [null];
		for (const e of events) {
			const event = e ? [e.event, e.at, e.via, e.formText ?? '', e.privacyPolicyVersion ?? '', e.clientAddress ?? ''] : ['', '', '', '', '', ''];
			lines.push([...person, ...event].map(csvCell).join(';'));
		}
	}
	// German Excel opens a `;`-separated file with a byte-order mark as UTF-8 without asking.
	return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="newsletter-abonnenten.csv"',
			'Cache-Control': 'private, no-store'
		}
	});
};
