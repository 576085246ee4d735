import { CommandError, type CommandErrorCode } from '../commands/support/errors';

/** A payout refused because of particular claims: the page names them ("2026-0042 (Anna Beispiel)"). */
export class PayoutRefusal extends CommandError {
	constructor(
		code: CommandErrorCode,
		readonly claims: readonly string[]
	) {
		super(code, 'claimIds');
	}
}
