import { eq } from 'drizzle-orm';
import type { SupportNeed } from '$lib/domain/members';
import { first, type Data } from '../db/client';
import { answerInvitation } from '../commands/answerInvitation';
import { invitationToken, linkKeysOn } from '../invitations/links';
import type { Actor } from '../policies';

export interface InvitationAnswersDemo {
	conferenceId: string;
	/** A sent round whose invitations exist (part B's `seedInvitations`). */
	campaignId: string;
	office: Actor;
	/** Demo people by key (seed.ts). */
	people: Map<string, string>;
	day: (offsetDays: number, hour: number, minute?: number) => Date;
	/** Where the moved-up mail's link points (seedDemo's origin); ORIGIN when not given. */
	origin?: string;
}

type Need = SupportNeed | [SupportNeed, string];

/** Who answers what, in this order (earliest first); others say yes after them as the room needs, two stay silent. */
const ANSWERS: [key: string, answer: 'yes' | 'no' | 'maybe', needs: Need[]][] = [
	['selfAdvocate', 'yes', ['companion', 'easy_language_documents']],
	['selfAdvocate2', 'yes', ['wheelchair']],
	['kiss', 'yes', ['sign_language']],
	['caritas', 'yes', [['dietary', 'vegetarisch']]],
	['senioren', 'yes', ['induction_loop']],
	['apotheke', 'no', []],
	['hochschule', 'no', []],
	['guest', 'maybe', []],
	['drk', 'maybe', [['other', 'Bitte rufen Sie mich an: 05121 123456']]]
];
const SILENT = ['newsletterEditor', 'kvDeputy'];
/** How many stand on the waiting list once everyone answered. */
const WAITING = 3;

/**
 * Answers to part B's round, through the same command the answer page uses (by each person's
 * link, so the audit log reads as theirs): most members answered, some "no" and "maybe", Lena
 * Maurer "yes" with a companion and easy-language documents, Jürgen Albrecht a wheelchair place,
 * sign language, a diet, a request for a call; the room's capacity is set so that the round is
 * full and three stand on the waiting list (part B's capacity, or 20, kept when enough are invited), and one late "no" moved the first of them up (with
 * the mail that tells them). Returns how many answered.
 */
export async function seedInvitationAnswers(data: Data, demo: InvitationAnswersDemo): Promise<number> {
	const keyOf = new Map([...demo.people].map(([key, id]) => [id, key]));
	const { invitationCampaigns, invitations } = data.t;
	// In the order of the person's id (byte order), on either database: the order SQLite read them in
	// before, as the round inserts them from an index on (conference, person, role).
	const rows = (await data.q.select().from(invitations).where(eq(invitations.campaignId, demo.campaignId))).sort((a, b) =>
		a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0
	);
	const byKey = new Map(rows.map((row) => [keyOf.get(row.personId) ?? row.personId, row]));
	const named = ANSWERS.filter(([key]) => byKey.has(key));
	const rest = rows.map((row) => keyOf.get(row.personId) ?? row.personId).filter((key) => !SILENT.includes(key) && !ANSWERS.some(([k]) => k === key));
	const namedYes = named.filter(([, answer]) => answer === 'yes').length;
	// Full, with a waiting list: as many "yes" as seats and WAITING more. The room keeps part B's
	// capacity (or 20) where enough people are invited, else it shrinks to the demo; who is not
	// needed for that stays silent, as some always do.
	const campaign = first(await data.q.select().from(invitationCampaigns).where(eq(invitationCampaigns.id, demo.campaignId)))!;
	const capacity = Math.max(1, Math.min(campaign.capacity ?? 20, namedYes + rest.length - WAITING));
	const restYes = Math.max(0, capacity + WAITING - namedYes);
	if (capacity !== campaign.capacity) await data.q.update(invitationCampaigns).set({ capacity }).where(eq(invitationCampaigns.id, demo.campaignId));
	const plan: [string, 'yes' | 'no' | 'maybe', Need[]][] = [...named, ...rest.slice(0, restYes).map((key) => [key, 'yes', []] as [string, 'yes', Need[]])];
	const yes = namedYes + Math.min(restYes, rest.length);

	let answered = 0;
	for (const [i, [key, answer, needs]] of plan.entries()) {
		const invitation = byKey.get(key)!;
		await answerInvitation(
			data,
			{ via: 'link', token: invitationToken(linkKeysOn(data), invitation) },
			{
				answer,
				needs: needs.map((n) => (Array.isArray(n) ? { need: n[0], detail: n[1] } : { need: n, detail: null })),
				now: demo.day(-6 + Math.floor(i / 8), 8 + (i % 8), (i * 7) % 60)
			}
		);
		answered++;
	}

	// A late "no" from someone with a seat: the first on the waiting list moves up and is told.
	const late = plan.find(([key, answer]) => answer === 'yes' && !ANSWERS.some(([k]) => k === key) && byKey.get(key));
	if (late && yes > capacity) {
		const invitation = first(
			await data.q
				.select()
				.from(invitations)
				.where(eq(invitations.id, byKey.get(late[0])!.id))
		)!;
		if (invitation.place === 'seat')
			await answerInvitation(
				data,
				{ via: 'link', token: invitationToken(linkKeysOn(data), invitation) },
				{ answer: 'no', needs: [], now: demo.day(-1, 17, 30), origin: demo.origin }
			);
	}
	return answered;
}
