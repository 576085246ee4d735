import QRCode from 'qrcode';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Data } from '../db/client';
import { answerUrl, linkKeysOn } from './links';
import { renderLetter } from './letter';
import { readRoundOn, type RoundForLetters } from './readRound';

/**
 * The letters of a round that go on paper, rendered for the print page: everyone when the round
 * is printed (channel `print` or `both`), otherwise those without a mail address ("per Post").
 * Each letter carries a QR code of the person's answer link, so a letter on paper is answered
 * as one by mail is; a card with an access link comes on top only when the office asks for it.
 */
export interface PrintedLetter {
	invitationId: string;
	personId: string;
	name: string;
	easy: boolean;
	html: string;
}

export async function paperRecipients(data: Data, round: RoundForLetters) {
	const { invitations, people } = data.t;
	const onPaper = round.campaign.channel === 'mail' ? isNull(people.email) : undefined;
	return await data.q
		.select({
			id: invitations.id,
			tokenVersion: invitations.tokenVersion,
			personId: people.id,
			name: people.displayName,
			organisation: people.organisation,
			easy: people.prefersEasyLanguage
		})
		.from(invitations)
		.innerJoin(people, eq(people.id, invitations.personId))
		.where(and(eq(invitations.campaignId, round.campaign.id), onPaper))
		.orderBy(asc(people.displayName), asc(invitations.id));
}

export async function printLetters(
	data: Data,
	input: { conferenceId: string; campaignId: string; origin: string; signatureUrl: string | null; only?: ReadonlySet<string> }
): Promise<{ round: RoundForLetters; letters: PrintedLetter[] } | null> {
	const round = await readRoundOn(data, input.conferenceId, input.campaignId);
	if (!round) return null;
	const keys = linkKeysOn(data);
	const rows = (await paperRecipients(data, round)).filter((row) => !input.only || input.only.has(row.personId));
	const letters: PrintedLetter[] = [];
	for (const row of rows) {
		const url = answerUrl(keys, input.origin, row);
		const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		const { printHtml } = renderLetter({
			edition: row.easy ? 'easy' : 'standard',
			template: row.easy ? round.letterEasy : round.campaign.letterStandard,
			subject: round.campaign.subject,
			recipient: { name: row.name, organisation: row.organisation },
			date: round.date,
			answerUntil: round.campaign.answerUntil,
			answerUrl: url,
			conference: round.conference,
			signer: round.signer,
			signatureSrc: round.signer && round.signature ? input.signatureUrl : null,
			qrSvg
		});
		letters.push({ invitationId: row.id, personId: row.personId, name: row.name, easy: row.easy, html: printHtml });
	}
	return { round, letters };
}
