import { and, eq } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import type { invitationCampaigns } from '../db/schema';
import { DEFAULT_LETTER_EASY } from './defaultLetters';
import { findInvitedDateOn, type InvitedDate } from './recipients';

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

/** A round with what its letters need (on its own, or inside a transaction with its `tx`); null if it is not this conference's. */
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
