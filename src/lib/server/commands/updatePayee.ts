import { and, eq } from 'drizzle-orm';
import { maskIban } from '../../domain/allowances/iban';
import { first, type Data } from '../db/client';
import { lockRow } from '../db/locks';
import { recordAuditIn, recordAuditsIn } from '../audit/record';
import { attendedMeetingsOf } from '../allowances/attendedMeetings';
import { draftClaimOn } from '../allowances/draftClaim';
import { allowanceYear } from '../allowances/rules';
import { claimStepMailKey } from '../jobs/kinds/mailClaimStep';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { requireIban, requireSepaName } from './support/bankDetails';
import { requireConferencePersonOn } from './support/guards';

export interface UpdatePayeeInput {
	conferenceId: string;
	personId: string;
	eligible: boolean;
	/** The exact name on the account (Verification of Payee); may be a legal guardian's. */
	accountHolder: string | null;
	/** As typed; empty for none. Stored in electronic form. */
	iban: string | null;
	/** Where the person's mails link to. */
	origin: string;
	now?: Date;
}

/**
 * The office marks who receives allowances and where the money goes. Marking someone eligible
 * drafts their claims for the meetings of this year they already attended (a claim per meeting,
 * found again rather than doubled on every later save), and tells them of each new one by mail.
 * The audit keeps the account holder and the IBAN masked: who changed where the money goes is
 * on record, the account number itself is not.
 *
 * On PostgreSQL (README, "Rules that span rows") the payee's row is held before it is read: a
 * release at the same time holds it too (`releaseClaim`), so this change either waits for the
 * release and then takes it back, or comes first and the release reads who changed the account.
 * Claims drafted here hold the conference's row (`draftClaimOn`).
 */
export async function updatePayee(data: Data, actor: Actor, input: UpdatePayeeInput) {
	authorize(actor, 'payee.update', { conferenceId: input.conferenceId, personId: input.personId });
	const typedIban = input.iban?.trim() ?? '';
	const iban = typedIban === '' ? null : requireIban(typedIban, 'iban');
	const holderTyped = (input.accountHolder ?? '').trim() !== '';
	// A holder's name alone is kept (the IBAN may follow); an IBAN needs the name the bank checks it against.
	const accountHolder = holderTyped || iban ? requireSepaName(input.accountHolder, 'accountHolder') : null;
	const now = input.now ?? new Date();
	const { allowancePayees, claims } = data.t;
	return transactOn(data, async (tx, effects) => {
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		const where = and(eq(allowancePayees.conferenceId, input.conferenceId), eq(allowancePayees.personId, input.personId))!;
		await lockRow(data, tx, allowancePayees, where);
		const before = first(await tx.select().from(allowancePayees).where(where));
		const ibanChanged = iban !== (before?.iban ?? null);
		const bankChanged = ibanChanged || accountHolder !== (before?.accountHolder ?? null);
		const set = {
			eligible: input.eligible,
			accountHolder,
			iban,
			// A new IBAN is a new record; an erased one stays marked erased until then.
			ibanErasedAt: iban && ibanChanged ? null : (before?.ibanErasedAt ?? null),
			bankChangedAt: bankChanged ? now : (before?.bankChangedAt ?? null),
			bankChangedByPersonId: bankChanged ? actor.personId : (before?.bankChangedByPersonId ?? null),
			updatedAt: now,
			updatedByPersonId: actor.personId
		};
		await tx
			.insert(allowancePayees)
			.values({ conferenceId: input.conferenceId, personId: input.personId, ...set })
			.onConflictDoUpdate({ target: [allowancePayees.conferenceId, allowancePayees.personId], set });

		// A release was given for the account as it was: with another account it is given again,
		// by someone who did not change it (releaseClaim), so no one person redirects the money.
		const withdrawn = bankChanged
			? await tx
					.update(claims)
					.set({ status: 'approved', releasedAt: null, releasedByPersonId: null, updatedAt: now })
					.where(and(eq(claims.conferenceId, input.conferenceId), eq(claims.personId, input.personId), eq(claims.status, 'released')))
					.returning({ id: claims.id })
			: [];
		await recordAuditsIn(
			data,
			tx,
			actor,
			withdrawn.map((claim) => ({
				action: 'claim.releaseWithdrawn',
				conferenceId: input.conferenceId,
				subjectType: 'claim',
				subjectId: claim.id,
				before: { status: 'released' },
				after: { status: 'approved', because: 'bank_details_changed' }
			}))
		);

		const drafted: string[] = [];
		if (input.eligible) {
			for (const meeting of await attendedMeetingsOf(data, { conferenceId: input.conferenceId, personId: input.personId, year: allowanceYear(now) }, tx)) {
				const claim = await draftClaimOn(data, tx, { personId: input.personId, meeting, now, actorPersonId: actor.personId });
				if (!claim?.created) continue;
				drafted.push(claim.claimId);
				await effects.job(
					'mail.claimStep',
					{ claimId: claim.claimId, step: 'drafted', origin: input.origin },
					{ key: claimStepMailKey({ claimId: claim.claimId, step: 'drafted' }), conferenceId: input.conferenceId }
				);
			}
		}

		const shown = (p: { eligible: boolean; accountHolder: string | null; iban: string | null }) => ({
			eligible: p.eligible,
			accountHolder: p.accountHolder,
			iban: p.iban ? maskIban(p.iban) : null
		});
		await recordAuditIn(data, tx, actor, {
			action: 'payee.update',
			conferenceId: input.conferenceId,
			subjectType: 'payee',
			subjectId: input.personId,
			before: before ? shown(before) : null,
			after: { ...shown(set), ibanChanged, claimsDrafted: drafted.length, releasesWithdrawn: withdrawn.length }
		});
		return { claimsDrafted: drafted, releasesWithdrawn: withdrawn.map((c) => c.id) };
	});
}
