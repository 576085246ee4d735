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

/** `codeOf` for a command that resolves: the code of its domain refusal, or undefined when it goes through. */
export async function refusalOf(promise: Promise<unknown>): Promise<string | undefined> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof CommandError) return e.code;
		throw e;
	}
	return undefined;
}

/** An error's message with its causes' (drizzle wraps a driver's error as "Failed query: …", the driver's words in its cause). */
export function messagesOf(error: unknown): string {
	const all: string[] = [];
	for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) all.push(String(e.message));
	return all.join(' / ');
}

/** What the database answers to a statement: 'ran', or the message of its refusal (with its causes'). */
export const answerTo = (statement: PromiseLike<unknown>): Promise<string> => Promise.resolve(statement).then(() => 'ran', messagesOf);
