import type { RawDatabase } from './database.mjs';

export interface Sitting {
	id: string;
	conferenceId: string;
}

export interface AddedMember {
	personId: string;
	name: string;
	/** The `Cookie` header of the member's signed-in session. */
	cookie: string;
	checkedIn: boolean;
}

export function todaysSitting(data: RawDatabase): Promise<Sitting>;

export function addMembers(
	data: RawDatabase,
	session: Sitting,
	n: number,
	options?: { name?: string; checkedIn?: (i: number) => boolean }
): Promise<AddedMember[]>;
