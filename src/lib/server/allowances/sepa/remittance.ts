import { dateTimeFormat } from '../../../domain/dateTimeFormat';
import { TIME_ZONE } from '../../../domain/time';
import { SEPA_REMITTANCE_MAX, cutSepa, toSepaLatin } from './sepaText';

/**
 * The line on the person's bank statement: the claim's reference first (it survives any cut and
 * is what they can ask the office about), then what the money is for and the meeting, at most 140
 * characters in the SEPA set.
 */
export function remittanceFor(reference: string, meetingTitle: string, meetingDate: Date): string {
	const day = dateTimeFormat('de-DE', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }).format(meetingDate);
	return cutSepa(toSepaLatin(`${reference} Aufwandsentschädigung ${day} ${meetingTitle}`), SEPA_REMITTANCE_MAX);
}
