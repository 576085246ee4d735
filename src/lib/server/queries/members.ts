import { and, asc, eq, gte, inArray, isNotNull, lte } from 'drizzle-orm';
import { compose, type CompositionRow } from '../../domain/composition';
import { diversityTables, type PopulationTable, type Question } from '../../domain/diversity/suppress';
import { AGE_BANDS, EXPERIENCE_ANSWERS, GENDERS, LIVED_EXPERIENCES } from '../../domain/members';
import type { GroupKind } from '../../domain/roles';
import { can, type Actor } from '../policies';
import { type Data, first } from '../db/client';

/** The conference's sectors in the office's order. */
export async function listSectors(data: Data, conferenceId: string) {
	const { conferenceSectors } = data.t;
	return await data.q
		.select({ id: conferenceSectors.id, name: conferenceSectors.name, targetSeats: conferenceSectors.targetSeats, position: conferenceSectors.position })
		.from(conferenceSectors)
		.where(eq(conferenceSectors.conferenceId, conferenceId))
		.orderBy(asc(conferenceSectors.position), asc(conferenceSectors.name));
}

/** Per group, the target seats per sector (only the targets set). */
export async function groupSectorTargets(data: Data, conferenceId: string): Promise<Map<string, Map<string, number>>> {
	const { sectorGroupTargets, workingGroups } = data.t;
	const rows = await data.q
		.select({ groupId: sectorGroupTargets.groupId, sectorId: sectorGroupTargets.sectorId, targetSeats: sectorGroupTargets.targetSeats })
		.from(sectorGroupTargets)
		.innerJoin(workingGroups, eq(workingGroups.id, sectorGroupTargets.groupId))
		.where(eq(workingGroups.conferenceId, conferenceId));
	const byGroup = new Map<string, Map<string, number>>();
	for (const r of rows) {
		const targets = byGroup.get(r.groupId) ?? new Map<string, number>();
		targets.set(r.sectorId, r.targetSeats);
		byGroup.set(r.groupId, targets);
	}
	return byGroup;
}

/** One member's seat (sector and term), or null when none was recorded. */
export async function getMemberSeat(data: Data, conferenceId: string, personId: string) {
	const { memberSeats } = data.t;
	return (
		first(
			await data.q
				.select({
					sectorId: memberSeats.sectorId,
					appointedFrom: memberSeats.appointedFrom,
					appointedUntil: memberSeats.appointedUntil,
					termRemindedAt: memberSeats.termRemindedAt
				})
				.from(memberSeats)
				.where(and(eq(memberSeats.conferenceId, conferenceId), eq(memberSeats.personId, personId)))
		) ?? null
	);
}

/** Who stands in for this member (deputy memberships naming them). */
export async function deputiesOf(data: Data, conferenceId: string, personId: string) {
	const { conferenceMemberships, people } = data.t;
	return await data.q
		.select({ id: people.id, displayName: people.displayName })
		.from(conferenceMemberships)
		.innerJoin(people, eq(people.id, conferenceMemberships.personId))
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.deputyForPersonId, personId)))
		.orderBy(asc(people.displayName));
}

/** One person's self-description, for them and the office only (callers authorize `diversity.view`). */
export async function getDiversityProfile(data: Data, conferenceId: string, personId: string) {
	const { diversityProfiles } = data.t;
	return (
		first(
			await data.q
				.select()
				.from(diversityProfiles)
				.where(and(eq(diversityProfiles.conferenceId, conferenceId), eq(diversityProfiles.personId, personId)))
		) ?? null
	);
}

export interface GroupComposition {
	id: string;
	name: string;
	kind: GroupKind;
	rows: CompositionRow[];
}

export interface MemberComposition {
	/** Voting and advisory members, by sector. */
	plenary: CompositionRow[];
	/** Deputies by the sector of their own seat, listed apart: they hold no seat of their own. */
	deputies: CompositionRow[];
	groups: GroupComposition[];
	/** Terms ending between now and `endingWithinDays` from now, soonest first. */
	endingTerms: { personId: string; displayName: string; organisation: string | null; sectorName: string | null; appointedUntil: Date }[];
}

export const TERMS_ENDING_WITHIN_DAYS = 90;

/**
 * The composition view: target against actual seats per sector, in the plenary and per group.
 * Three statements for the counts (seat holders with their sector, group members with theirs),
 * counted in memory by the pure `compose`.
 */
export async function memberComposition(data: Data, conferenceId: string, now = new Date()): Promise<MemberComposition> {
	const { conferenceMemberships, conferenceSectors, groupMemberships, memberSeats, people, workingGroups } = data.t;
	const sectors = await listSectors(data, conferenceId);
	const members = await data.q
		.select({ status: conferenceMemberships.memberStatus, sectorId: memberSeats.sectorId })
		.from(conferenceMemberships)
		.leftJoin(memberSeats, and(eq(memberSeats.conferenceId, conferenceMemberships.conferenceId), eq(memberSeats.personId, conferenceMemberships.personId)))
		.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.role, 'member')));
	const plenaryTargets = sectors.map((s) => ({ id: s.id, name: s.name, target: s.targetSeats }));
	const plenary = compose(
		plenaryTargets,
		members.filter((m) => m.status === 'voting' || m.status === 'advisory').map((m) => m.sectorId ?? null)
	);
	const deputies = compose(
		sectors.map((s) => ({ id: s.id, name: s.name, target: null })),
		members.filter((m) => m.status === 'deputy').map((m) => m.sectorId ?? null)
	);

	const groups = await data.q
		.select({ id: workingGroups.id, name: workingGroups.name, kind: workingGroups.kind })
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name));
	// A person with several roles in a group (coordinator and member) counts once.
	const groupMembers = await data.q
		.selectDistinct({ groupId: groupMemberships.groupId, personId: groupMemberships.personId, sectorId: memberSeats.sectorId })
		.from(groupMemberships)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMemberships.groupId))
		.leftJoin(memberSeats, and(eq(memberSeats.conferenceId, workingGroups.conferenceId), eq(memberSeats.personId, groupMemberships.personId)))
		.where(eq(workingGroups.conferenceId, conferenceId));
	const targets = await groupSectorTargets(data, conferenceId);
	const holdersByGroup = new Map<string, (string | null)[]>();
	for (const m of groupMembers) {
		const holders = holdersByGroup.get(m.groupId);
		if (holders) holders.push(m.sectorId ?? null);
		else holdersByGroup.set(m.groupId, [m.sectorId ?? null]);
	}

	const until = new Date(now.getTime() + TERMS_ENDING_WITHIN_DAYS * 86_400_000);
	const endingTerms = (
		await data.q
			.select({
				personId: memberSeats.personId,
				displayName: people.displayName,
				organisation: people.organisation,
				sectorName: conferenceSectors.name,
				appointedUntil: memberSeats.appointedUntil
			})
			.from(memberSeats)
			.innerJoin(people, eq(people.id, memberSeats.personId))
			.leftJoin(conferenceSectors, eq(conferenceSectors.id, memberSeats.sectorId))
			.where(
				and(
					eq(memberSeats.conferenceId, conferenceId),
					isNotNull(memberSeats.appointedUntil),
					gte(memberSeats.appointedUntil, now),
					lte(memberSeats.appointedUntil, until)
				)
			)
			.orderBy(asc(memberSeats.appointedUntil), asc(people.displayName))
	).map((t) => ({ ...t, appointedUntil: t.appointedUntil! }));

	return {
		plenary,
		deputies,
		groups: groups.map((g) => {
			const t = targets.get(g.id);
			return {
				...g,
				rows: compose(
					sectors.map((s) => ({ id: s.id, name: s.name, target: t?.get(s.id) ?? null })),
					holdersByGroup.get(g.id) ?? []
				)
			};
		}),
		endingTerms
	};
}

/** The questions of the self-description, in the order the form asks them. */
export const DIVERSITY_QUESTIONS: readonly Question[] = [
	{ key: 'ageBand', answers: AGE_BANDS },
	{ key: 'gender', answers: GENDERS },
	...LIVED_EXPERIENCES.map((key) => ({ key: camel(key), answers: EXPERIENCE_ANSWERS }))
];

function camel(key: string) {
	return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export interface DiversityAggregates {
	/** The plenary first, then each group; `name` is null for the plenary. */
	populations: { key: string; name: string | null; kind: GroupKind | null }[];
	tables: PopulationTable[];
}

/**
 * The diversity view: per population (the plenary's voting and advisory members, each group) the
 * responses and the count of each answer, small counts and whatever would reveal them suppressed
 * (domain/diversity/suppress.ts). Respondents are known here only by opaque indices; nothing
 * leaves this function but counts.
 */
export async function diversityAggregates(data: Data, conferenceId: string): Promise<DiversityAggregates> {
	const { conferenceMemberships, diversityProfiles, groupMemberships, workingGroups } = data.t;
	const profiles = await data.q
		.select({
			personId: diversityProfiles.personId,
			ageBand: diversityProfiles.ageBand,
			gender: diversityProfiles.gender,
			disability: diversityProfiles.disability,
			chronicIllness: diversityProfiles.chronicIllness,
			psychiatric: diversityProfiles.psychiatric,
			migration: diversityProfiles.migration,
			caringRelative: diversityProfiles.caringRelative
		})
		.from(diversityProfiles)
		.where(eq(diversityProfiles.conferenceId, conferenceId));
	const answers = new Map<string, Record<string, string>>(profiles.map(({ personId, ...rest }) => [personId, rest]));
	const ids = [...answers.keys()];

	const plenary = new Set(
		(
			await data.q
				.select({ personId: conferenceMemberships.personId })
				.from(conferenceMemberships)
				.where(
					and(
						eq(conferenceMemberships.conferenceId, conferenceId),
						eq(conferenceMemberships.role, 'member'),
						inArray(conferenceMemberships.memberStatus, ['voting', 'advisory'])
					)
				)
		)
			.map((r) => r.personId)
			.filter((id) => answers.has(id))
	);
	const groups = await data.q
		.select({ id: workingGroups.id, name: workingGroups.name, kind: workingGroups.kind })
		.from(workingGroups)
		.where(eq(workingGroups.conferenceId, conferenceId))
		.orderBy(asc(workingGroups.name));
	const inGroup = new Map<string, Set<string>>(groups.map((g) => [g.id, new Set()]));
	if (ids.length > 0) {
		const rows = await data.q
			.selectDistinct({ groupId: groupMemberships.groupId, personId: groupMemberships.personId })
			.from(groupMemberships)
			.innerJoin(workingGroups, eq(workingGroups.id, groupMemberships.groupId))
			.innerJoin(
				diversityProfiles,
				and(eq(diversityProfiles.conferenceId, workingGroups.conferenceId), eq(diversityProfiles.personId, groupMemberships.personId))
			)
			.where(eq(workingGroups.conferenceId, conferenceId));
		for (const r of rows) inGroup.get(r.groupId)?.add(r.personId);
	}

	const populations = [
		{ key: 'plenary', name: null, kind: null, respondents: plenary },
		...groups.map((g) => ({ key: g.id, name: g.name, kind: g.kind, respondents: inGroup.get(g.id)! }))
	];
	const tables = diversityTables(populations, DIVERSITY_QUESTIONS, (id) => answers.get(id)!);
	return { populations: populations.map(({ key, name, kind }) => ({ key, name, kind })), tables };
}

/** The conferences a person belongs to, each with their own self-description there (or null): for their account page. */
export async function ownDiversityProfiles(data: Data, actor: Actor) {
	const { conferenceMemberships, conferences } = data.t;
	const personId = actor.personId;
	if (!personId) return [];
	const rows = await data.q
		.selectDistinct({ conferenceId: conferences.id, conferenceName: conferences.name })
		.from(conferenceMemberships)
		.innerJoin(conferences, eq(conferences.id, conferenceMemberships.conferenceId))
		.where(eq(conferenceMemberships.personId, personId))
		.orderBy(asc(conferences.name));
	// A session opened with one conference's card sees that conference's answers only.
	return await Promise.all(
		rows
			.filter((r) => can(actor, 'diversity.view', { conferenceId: r.conferenceId, personId }))
			.map(async (r) => ({ ...r, profile: await getDiversityProfile(data, r.conferenceId, personId) }))
	);
}
