import type { Data } from '../db/client';
import { answerInvitation, type AnswerInput } from '../commands/answerInvitation';
import { linkKeysOn, readInvitationToken } from '../invitations/links';
import { addressKey } from './clientAddress';
import { attempt, enforce, type Gate } from './limiter';

/**
 * An answer through a personal link, under its limits, refused while paused (`LimitReached`).
 * Every post counts for its address; a post whose link verifies counts for its invitation too
 * (a forged one names nothing worth a key of its own, and the command refuses it anyway).
 */
export async function answerByLinkUnderLimits(data: Data, clientAddress: string, token: string, input: AnswerInput) {
	const gates: Gate[] = [['rsvpAnswer.address', addressKey(clientAddress)]];
	const read = readInvitationToken(linkKeysOn(data), token);
	if (read) gates.push(['rsvpAnswer.link', read.invitationId]);
	enforce(await attempt(gates));
	return answerInvitation(data, { via: 'link', token }, input);
}
