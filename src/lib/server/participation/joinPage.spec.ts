import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '$lib/easy/checker';
import { RULE_IDS } from '$lib/easy/types';
import { defaultRules } from '$lib/domain/allowances/amounts';
import { joinPage, type JoinFacts } from './joinPage';

const configured: JoinFacts = {
	conferenceName: 'Gesundheitskonferenz Kreis Musterstadt',
	participation: {
		whoCanJoin: 'Mitglied werden Einrichtungen des Gesundheitswesens im Kreis und Selbstvertreter:innen.',
		howToJoin: 'Schreiben Sie der Geschäftsstelle.',
		whoCanJoinEasy: 'Alle aus dem Kreis können mitmachen.',
		howToJoinEasy: 'Schreiben Sie uns eine E-Mail.',
		costs: null
	},
	rules: { ...defaultRules(2026), flatPlenaryCents: 2500, flatWorkingGroupCents: 2000, flatSteeringGroupCents: 2000, kmRateCents: 30 },
	contact: { email: 'gesundheit@kreis.example', phone: '05251 308-0' },
	nextPlenary: { startsAt: new Date('2026-03-18T14:00:00Z') }
};
const empty: JoinFacts = {
	...configured,
	participation: null,
	rules: { ...configured.rules, flatPlenaryCents: 0, flatWorkingGroupCents: 0, flatSteeringGroupCents: 0, kmRateCents: 0 },
	contact: { email: null, phone: null },
	nextPlenary: null
};
const withCosts: JoinFacts = { ...configured, participation: { ...configured.participation!, costs: 'Ein Mitgliedsbeitrag von 20 € im Jahr.' } };

/** Our own sentences (not the office's texts or the groups' names, which the office checks on its own page). */
const ownLines = (facts: JoinFacts) => {
	const page = joinPage(facts, 'easy');
	return [...page.intro, ...page.sections.flatMap((s) => (s.officeText ? [] : s.lines))];
};

describe('the easy "Mitmachen" page', () => {
	it.each([
		['configured', configured],
		['nothing configured', empty],
		['with costs', withCosts]
	] as const)('passes the checker (%s)', (_name, facts) => {
		const lines = ownLines(facts);
		expect(lines.length).toBeGreaterThan(8);
		const problems = checkEasyLanguage(lines.join('\n'), { maxWords: 10, separator: 'hyphen' })
			.hints.filter((hint) => RULE_IDS.includes(hint.rule))
			.map((hint) => `${hint.rule}: "${hint.excerpt}"`);
		expect(problems, lines.join('\n')).toEqual([]);
	});

	it('says what is refunded in euros, from the year’s rules, and the date in easy words', () => {
		const text = ownLines(configured).join('\n');
		expect(text).toContain('Für das Plenum bekommen Sie 25 Euro.');
		expect(text).toContain('Dann bekommen Sie 0,30 Euro für jeden Kilometer.');
		expect(text).toContain('Die nächste Sitzung ist am 18. März 2026.');
		expect(text).toContain('Sie fängt um 15:00 Uhr an.');
		expect(text).toContain('Unsere E-Mail-Adresse: gesundheit@kreis.example');
	});
});

describe('the standard "Mitmachen" page', () => {
	it('says taking part is free unless the office wrote costs, and that travel costs are refunded', () => {
		const text = (facts: JoinFacts) =>
			joinPage(facts, 'standard')
				.sections.flatMap((s) => s.lines)
				.join('\n')
				.replace(/\u00a0/g, ' ');
		expect(text(configured)).toContain('Mitmachen kostet nichts.');
		expect(text(configured)).toContain('Fahrtkosten werden erstattet');
		expect(text(configured)).toContain('25,00 € für das Plenum');
		expect(text(withCosts)).toContain('Ein Mitgliedsbeitrag von 20 € im Jahr.');
		expect(text(empty)).toContain('Die Geschäftsstelle hat dazu noch nichts eingetragen.');
		expect(text(empty)).toContain('Der nächste Termin steht noch nicht fest.');
	});
});
