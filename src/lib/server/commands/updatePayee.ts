import { and, eq } from 'drizzle-orm';
import { maskIban } from '../../domain/allowances/iban';
import type { Db } from '../db';
import { allowancePayees, claims } from '../db/schema';
import { recordAudit } from '../audit/record';
import { attendedMeetingsOf } from '../allowances/attendedMeetings';
import { draftClaimIn } from '../allowances/draftClaim';
import { allowanceYear } from '../allowances/rules';
import { claimStepMailKey } from '../jobs/kinds/mailClaimStep';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { requireIban, requireSepaName } from './support/bankDetails';
import { requireConferencePerson } from './support/guards';

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
 */
export function updatePayee(db: Db, actor: Actor, input: UpdatePayeeInput) {
	authorize(actor, 'payee.update', { conferenceId: input.conferenceId, personId: input.personId });
	const typedIban = input.iban?.trim() ?? '';
	const iban = typedIban === '' ? null : requireIban(typedIban, 'iban');
	const holderTyped = (input.accountHolder ?? '').trim() !== '';
	// A holder's name alone is kept (the IBAN may follow); an IBAN needs the name the bank checks it against.
	const accountHolder = holderTyped || iban ? requireSepaName(input.accountHolder, 'accountHolder') : null;
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		const where = and(eq(allowancePayees.conferenceId, input.conferenceId), eq(allowancePayees.personId, input.personId));
		const before = tx.select().from(allowancePayees).where(where).get();
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
		tx.insert(allowancePayees)
			.values({ conferenceId: input.conferenceId, personId: input.personId, ...set })
			.onConflictDoUpdate({ target: [allowancePayees.conferenceId, allowancePayees.personId], set })
			.run();

		// A release was given for the account as it was: with another account it is given again,
		// by someone who did not change it (releaseClaim), so no one person redirects the money.
		const withdrawn = bankChanged
			? tx
					.update(claims)
					.set({ status: 'approved', releasedAt: null, releasedByPersonId: null, updatedAt: now })
					.where(and(eq(claims.conferenceId, input.conferenceId), eq(claims.personId, input.personId), eq(claims.status, 'released')))
					.returning({ id: claims.id })
					.all()
			: [];
		for (const claim of withdrawn) {
			recordAudit(tx, actor, {
				action: 'claim.releaseWithdrawn',
				conferenceId: input.conferenceId,
				subjectType: 'claim',
				subjectId: claim.id,
				before: { status: 'released' },
				after: { status: 'approved', because: 'bank_details_changed' }
			});
		}

		const drafted: string[] = [];
		if (input.eligible) {
			for (const meeting of attendedMeetingsOf(tx, { conferenceId: input.conferenceId, personId: input.personId, year: allowanceYear(now) })) {
				const claim = draftClaimIn(tx, { personId: input.personId, meeting, now, actorPersonId: actor.personId });
				if (!claim?.created) continue;
				drafted.push(claim.claimId);
				effects.job(
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
		recordAudit(tx, actor, {
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
