import { eq } from 'drizzle-orm';
import { first } from '../../db/client';
import { linkKeysOn } from '../../invitations/links';
import { accessLinkUrl } from '../../auth/accessLinks';
import { checkedEasyInvitationOn } from '../../easy/invitation';
import { sendAccessLinkMail } from '../../mail/accessLinkMail';
import { unseal } from '../sealed';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * The mail with a person's access link. The token exists in clear only while the link is issued;
 * the job carries it sealed (see ../sealed.ts) and drops it once the mail is sent. Everything else
 * (address, name, language, the easy invitation) is read when the mail goes out, so a corrected
 * address counts.
 */
export interface AccessLinkMailPayload {
	accessLinkId: string;
	origin: string;
	/** Absent once the mail is sent. */
	sealedToken?: string;
}

/** Reasons a mail is not sent that no retry mends; the person page says them in words. */
export const ACCESS_LINK_MAIL_REFUSALS = ['link_revoked', 'no_email', 'token_unavailable', 'mail_not_configured'] as const;
export type AccessLinkMailRefusal = (typeof ACCESS_LINK_MAIL_REFUSALS)[number];

export const accessLinkMailKey = (accessLinkId: string) => `mail.accessLink:${accessLinkId}`;

export const mailAccessLink: JobHandler<AccessLinkMailPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		const payload: AccessLinkMailPayload = { accessLinkId: stringField(o, 'accessLinkId', 64), origin: stringField(o, 'origin') };
		if (o.sealedToken !== undefined) payload.sealedToken = stringField(o, 'sealedToken');
		return payload;
	},
	keepWhenDone: ({ sealedToken: _sent, ...rest }) => rest,
	async run(payload, { data, jobId, signal }) {
		const { accessLinks, conferences, people } = data.t;
		const found = first(
			await data.q
				.select({ link: accessLinks, person: people, conferenceId: conferences.id, conferenceName: conferences.name })
				.from(accessLinks)
				.innerJoin(people, eq(people.id, accessLinks.personId))
				.innerJoin(conferences, eq(conferences.id, accessLinks.conferenceId))
				.where(eq(accessLinks.id, payload.accessLinkId))
		);
		if (!found || found.link.revokedAt) throw new PermanentJobError('link_revoked');
		// A retry days later must not mail a link that no longer opens.
		if (found.link.expiresAt && found.link.expiresAt.getTime() <= Date.now()) throw new PermanentJobError('link_expired');
		if (!found.person.email) throw new PermanentJobError('no_email');
		if (!payload.sealedToken) throw new PermanentJobError('token_unavailable');
		let token: string;
		try {
			token = unseal(linkKeysOn(data), payload.sealedToken, accessLinkMailKey(payload.accessLinkId));
		} catch {
			// Sealed under another key (JOBS_SECRET changed, or the key file was lost): issue a new link.
			throw new PermanentJobError('token_unavailable');
		}
		// Handed back at shutdown (see runner.ts): the next process sends it, not this one as well.
		if (signal.aborted) throw new Error('stopped before sending');
		const { person } = found;
		const result = await sendAccessLinkMail({
			to: person.email!,
			name: person.displayName,
			conferenceName: found.conferenceName,
			url: accessLinkUrl(payload.origin, token),
			expiresAt: found.link.expiresAt,
			locale: person.preferredLocale,
			// Easy versions are written in German Leichte Sprache.
			easyText: person.prefersEasyLanguage && person.preferredLocale === 'de' ? await checkedEasyInvitationOn(data, found.conferenceId) : null,
			// Mail is at-least-once: a rare second copy after a crash carries the same id.
			messageId: `<${jobId}.access-link@ratschlag>`
		});
		if (result.sent) return;
		if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
		throw new Error(result.error);
	}
};
