import type { AgeBand, ExperienceAnswer, Gender } from '../../domain/members';
import { loadActorOn, type Actor } from '../policies';
import { recordDiversityProfile } from '../commands/recordDiversityProfile';
import { saveGroupSectorTargets } from '../commands/saveGroupSectorTargets';
import { saveSectors } from '../commands/saveSectors';
import { updateMemberSeat } from '../commands/updateMemberSeat';
import type { Data } from '../db/client';
import { listSectors } from '../queries/members';

interface MembersDemo {
	conferenceId: string;
	office: Actor;
	/** Demo people by key (seed.ts). */
	people: Map<string, string>;
	/** Group ids by name. */
	groups: Map<string, string>;
	day: (offsetDays: number, hour: number, minute?: number) => Date;
}

/** Target seats in the plenary: the self-help and self-advocacy sector deliberately the largest. */
const TARGETS: Record<string, number> = {
	Krankenkassen: 3,
	Ärzteschaft: 3,
	Krankenhäuser: 2,
	Pflege: 2,
	Wohlfahrtsverbände: 3,
	'Selbsthilfe und Selbstvertretung': 5,
	Verwaltung: 3,
	Politik: 2
};

/** Each member's sector, from their organisation; the pharmacist and the university stay without one. */
const SECTOR_OF: Record<string, string> = {
	voting: 'Krankenkassen',
	tk: 'Krankenkassen',
	deputy: 'Krankenkassen',
	kv: 'Ärzteschaft',
	aerzte: 'Ärzteschaft',
	kvDeputy: 'Ärzteschaft',
	klinikum: 'Krankenhäuser',
	pflege: 'Pflege',
	caritas: 'Wohlfahrtsverbände',
	diakonie: 'Wohlfahrtsverbände',
	drk: 'Wohlfahrtsverbände',
	kiss: 'Selbsthilfe und Selbstvertretung',
	lebenshilfe: 'Selbsthilfe und Selbstvertretung',
	selfAdvocate: 'Selbsthilfe und Selbstvertretung',
	selfAdvocate2: 'Selbsthilfe und Selbstvertretung',
	selfAdvocate3: 'Selbsthilfe und Selbstvertretung',
	senioren: 'Selbsthilfe und Selbstvertretung',
	moderator: 'Verwaltung',
	sozialamt: 'Verwaltung',
	psychiatrie: 'Verwaltung',
	advisory: 'Verwaltung',
	moderator2: 'Politik',
	apotheke: '',
	hochschule: ''
};

const GROUP_TARGETS: Record<string, Record<string, number>> = {
	'AG Pflege und Versorgung im Alter': { Pflege: 1, Wohlfahrtsverbände: 2, Krankenhäuser: 1, 'Selbsthilfe und Selbstvertretung': 1 },
	'AG Psychische Gesundheit': { 'Selbsthilfe und Selbstvertretung': 2, Ärzteschaft: 1, Verwaltung: 1 },
	'AG Zugang für alle': { 'Selbsthilfe und Selbstvertretung': 3, Verwaltung: 1 }
};

type Answers = [AgeBand, Gender, ExperienceAnswer, ExperienceAnswer, ExperienceAnswer, ExperienceAnswer, ExperienceAnswer];

/**
 * Sixteen self-descriptions: enough that gender and the common answers reach 5 in the plenary,
 * while the rarer ones (psychiatric experience, "divers") and most group figures stay suppressed.
 * The last two were typed in by the office from paper forms.
 */
const SELF_DESCRIPTIONS: [string, Answers][] = [
	['selfAdvocate', ['30_to_49', 'woman', 'yes', 'no', 'no', 'no', 'no']],
	['selfAdvocate2', ['50_to_64', 'man', 'no', 'yes', 'yes', 'no', 'no']],
	['selfAdvocate3', ['under_30', 'man', 'no', 'no', 'no', 'yes', 'no']],
	['kiss', ['50_to_64', 'woman', 'no', 'yes', 'no', 'no', 'yes']],
	['lebenshilfe', ['50_to_64', 'woman', 'no', 'no', 'no', 'no', 'yes']],
	['pflege', ['30_to_49', 'woman', 'no', 'no', 'no', 'no', 'yes']],
	['diakonie', ['30_to_49', 'woman', 'no', 'no', 'no', 'no', 'no']],
	['caritas', ['50_to_64', 'man', 'no', 'no', 'no', 'no', 'yes']],
	['drk', ['50_to_64', 'man', 'no', 'yes', 'no', 'no', 'no']],
	['tk', ['30_to_49', 'woman', 'no', 'no', 'no', 'no', 'no']],
	['aerzte', ['30_to_49', 'woman', 'no', 'no', 'no', 'yes', 'no']],
	['psychiatrie', ['30_to_49', 'man', 'no', 'no', 'no_answer', 'yes', 'no']],
	['advisory', ['50_to_64', 'woman', 'no', 'no', 'no', 'yes', 'no_answer']],
	['sozialamt', ['50_to_64', 'woman', 'no_answer', 'no', 'no', 'no', 'yes']],
	['senioren', ['65_plus', 'man', 'no', 'yes', 'no', 'no', 'no']],
	['klinikum', ['no_answer', 'no_answer', 'no', 'no', 'no', 'no', 'no']]
];
const BY_OFFICE = new Set(['senioren', 'klinikum']);

/** Sectors with targets, group targets, every member's seat and term, and self-descriptions. */
export async function seedMembers(data: Data, demo: MembersDemo): Promise<void> {
	const { conferenceId, office } = demo;
	const sectors = await listSectors(data, conferenceId);
	await saveSectors(data, office, {
		conferenceId,
		sectors: sectors.map((s) => ({ id: s.id, name: s.name, targetSeats: TARGETS[s.name] ?? 0, field: 'form' }))
	});
	const sectorId = new Map((await listSectors(data, conferenceId)).map((s) => [s.name, s.id]));
	for (const [group, targets] of Object.entries(GROUP_TARGETS)) {
		const groupId = demo.groups.get(group);
		if (!groupId) continue;
		await saveGroupSectorTargets(data, office, {
			conferenceId,
			groupId,
			targets: Object.fromEntries(Object.entries(targets).map(([name, n]) => [sectorId.get(name)!, n]))
		});
	}
	for (const [key, sector] of Object.entries(SECTOR_OF)) {
		const personId = demo.people.get(key);
		if (!personId) continue;
		// Terms of four years; the health insurer's ends within 60 days (the office is reminded), a welfare seat within 90.
		const until = key === 'tk' ? demo.day(45, 0) : key === 'drk' ? demo.day(80, 0) : demo.day(1100, 0);
		await updateMemberSeat(data, office, {
			conferenceId,
			personId,
			sectorId: sector ? sectorId.get(sector)! : null,
			appointedFrom: demo.day(-360, 0),
			appointedUntil: until
		});
	}
	for (const [key, [ageBand, gender, disability, chronicIllness, psychiatric, migration, caringRelative]] of SELF_DESCRIPTIONS) {
		const personId = demo.people.get(key);
		if (!personId) continue;
		const actor = BY_OFFICE.has(key) ? office : await loadActorOn(data, personId);
		await recordDiversityProfile(data, actor, {
			conferenceId,
			personId,
			consent: true,
			ageBand,
			gender,
			disability,
			chronicIllness,
			psychiatric,
			migration,
			caringRelative
		});
	}
}
