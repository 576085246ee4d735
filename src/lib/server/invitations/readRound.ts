import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { first, type Data, type Query } from '../db/client';
import { conferenceSignatures, conferences, invitationCampaigns } from '../db/schema';
import { DEFAULT_LETTER_EASY } from './defaultLetters';
import { findInvitedDate, findInvitedDateOn, type InvitedDate } from './recipients';

/**
 * A round with everything its letters need (the date, the signer, the conference's contact), read
 * once per page or per mail: the mail job and the print page render from the same.
 */
export interface RoundForLetters {
	campaign: typeof invitationCampaigns.$inferSelect;
	date: InvitedDate;
	conference: { id: string; name: string; contactEmail: string | null; contactPhone: string | null };
	signer: { name: string; title: string } | null;
	signature: { version: string; contentType: string } | null;
	letterEasy: string;
}

type Reader = Pick<Db, 'select'> | Pick<Tx, 'select'>;

export function readRound(db: Reader, conferenceId: string, campaignId: string): RoundForLetters | null {
	const campaign = db
		.select()
		.from(invitationCampaigns)
		.where(and(eq(invitationCampaigns.id, campaignId), eq(invitationCampaigns.conferenceId, conferenceId)))
		.get();
	if (!campaign) return null;
	const date = findInvitedDate(db as Pick<Db, 'select' | 'get' | 'all'>, conferenceId, campaign.target, (campaign.sessionId ?? campaign.meetingId)!);
	const conference = db
		.select({ id: conferences.id, name: conferences.name, settings: conferences.settings })
		.from(conferences)
		.where(eq(conferences.id, conferenceId))
		.get();
	if (!date || !conference) return null;
	const signature =
		db
			.select({ version: conferenceSignatures.version, contentType: conferenceSignatures.contentType })
			.from(conferenceSignatures)
			.where(eq(conferenceSignatures.conferenceId, conferenceId))
			.get() ?? null;
	return {
		campaign,
		date,
		conference: { id: conference.id, name: conference.name, contactEmail: conference.settings.contactEmail, contactPhone: conference.settings.contactPhone },
		signer: conference.settings.invitationSigner ?? null,
		signature,
		letterEasy: campaign.letterEasy ?? DEFAULT_LETTER_EASY
	};
}

/** `readRound` on the data layer (on its own, or inside a transaction with its `tx`). */
export async function readRoundOn(data: Data, conferenceId: string, campaignId: string, tx: Query = data.q): Promise<RoundForLetters | null> {
	const { conferenceSignatures, conferences, invitationCampaigns } = data.t;
	const campaign = first(
		await tx
			.select()
			.from(invitationCampaigns)
			.where(and(eq(invitationCampaigns.id, campaignId), eq(invitationCampaigns.conferenceId, conferenceId)))
	);
	if (!campaign) return null;
	const date = await findInvitedDateOn(data, conferenceId, campaign.target, (campaign.sessionId ?? campaign.meetingId)!, tx);
	const conference = first(
		await tx.select({ id: conferences.id, name: conferences.name, settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId))
	);
	if (!date || !conference) return null;
	const signature =
		first(
			await tx
				.select({ version: conferenceSignatures.version, contentType: conferenceSignatures.contentType })
				.from(conferenceSignatures)
				.where(eq(conferenceSignatures.conferenceId, conferenceId))
		) ?? null;
	return {
		campaign,
		date,
		conference: { id: conference.id, name: conference.name, contactEmail: conference.settings.contactEmail, contactPhone: conference.settings.contactPhone },
		signer: conference.settings.invitationSigner ?? null,
		signature,
		letterEasy: campaign.letterEasy ?? DEFAULT_LETTER_EASY
	};
}

/** The signature image's bytes, for the mail that carries it inline. */
export async function signatureBytesOn(data: Data, conferenceId: string, tx: Query = data.q): Promise<Buffer | null> {
	const { conferenceSignatures } = data.t;
	return (
		first(await tx.select({ bytes: conferenceSignatures.bytes }).from(conferenceSignatures).where(eq(conferenceSignatures.conferenceId, conferenceId)))
			?.bytes ?? null
	);
}
