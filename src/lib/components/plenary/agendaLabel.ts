import { m } from '$lib/paraglide/messages';
import { agendaTypeLabel } from '$lib/i18n/labels';

/** How an item is named on buttons and in notices: "TOP 5", or "Pause" for a break. */
export const agendaLabel = (item: { number: string | null }) => (item.number ? m.agenda_item_number({ number: item.number }) : agendaTypeLabel.break());
