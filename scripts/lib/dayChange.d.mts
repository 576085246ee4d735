export function minutesToMidnight(now?: Date, timeZone?: string): number;
export function waitBeforeRun(minutes: number, now?: Date, timeZone?: string): number;
