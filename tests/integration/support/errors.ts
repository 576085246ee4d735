import { CommandError } from '../../../src/lib/server/commands/support/errors';

/** The code of the domain refusal a command throws, or undefined when it goes through. */
export function codeOf(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		if (e instanceof CommandError) return e.code;
		throw e;
	}
	return undefined;
}
