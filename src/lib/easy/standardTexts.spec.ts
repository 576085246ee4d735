import { describe, expect, it } from 'vitest';
import { agendaItemText, joinText, meetingText, sessionText } from './standardTexts';

describe('standard texts behind the easy versions', () => {
	it('joins the non-empty parts, one per line, trimmed', () => {
		expect(joinText(' a ', null, '', undefined, 'b')).toBe('a\nb');
	});
	it('are the texts the editor writes from', () => {
		expect(agendaItemText({ title: 'Pause', description: '' })).toBe('Pause');
		expect(agendaItemText({ title: 'Bericht', description: 'Die AG berichtet.' })).toBe('Bericht\nDie AG berichtet.');
		expect(sessionText({ title: 'Plenum', place: 'Raum 101' })).toBe('Plenum\nRaum 101');
		expect(meetingText({ title: 'Treffen', place: null, agenda: ['Protokoll', 'Empfehlung'] })).toBe('Treffen\nProtokoll\nEmpfehlung');
	});
});
