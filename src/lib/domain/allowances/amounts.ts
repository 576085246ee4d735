import type { AllowanceRules, MeetingType, TravelMode } from './types';
import { roundHalfUp } from './money';

/**
 * The defaults a conference starts with (federal BRKG §5 and the 2026 tax and benefit limits);
 * the office changes them per year in Einstellungen → Aufwandsentschädigung.
 */
export function defaultRules(year: number): AllowanceRules {
	return {
		year,
		flatPlenaryCents: 2500,
		flatWorkingGroupCents: 2000,
		flatSteeringGroupCents: 2500,
		flatOtherCents: 1500,
		kmRateCents: 20,
		kmRateOfficialCents: 30,
		kmRateBicycleCents: 25,
		tripCapCents: 13_000,
		// Ehrenamtspauschale §3 Nr. 26a EStG: 960 € from 2026, 840 € before.
		yearlyLimitCents: year >= 2026 ? 96_000 : 84_000,
		// SGB II §11a / SGB XII §82: allowances up to 3,000 € a year are not counted as income.
		benefitsLimitCents: 300_000,
		budgetCents: null
	};
}

/** The flat rate a meeting of this type pays. */
export function flatRateFor(rules: AllowanceRules, type: MeetingType): number {
	switch (type) {
		case 'plenary':
			return rules.flatPlenaryCents;
		case 'working_group':
			return rules.flatWorkingGroupCents;
		case 'steering_group':
			return rules.flatSteeringGroupCents;
		case 'other':
			return rules.flatOtherCents;
	}
}

/** The most a trip may be: 10,000 km in tenths (nobody travels further to a meeting). */
export const MAX_DISTANCE_TENTH_KM = 100_000;

export interface Trip {
	/** The distance in tenths of a km (12.5 km = 125). */
	distanceTenthKm: number;
	mode: TravelMode;
	/** Marked by the office: the higher rate for trips in official interest (cars only). */
	officialInterest: boolean;
}

/** The rate in cents per km that applies to a trip. */
export function kmRateFor(rules: AllowanceRules, trip: Pick<Trip, 'mode' | 'officialInterest'>): number {
	if (trip.mode === 'bicycle') return rules.kmRateBicycleCents;
	return trip.officialInterest ? rules.kmRateOfficialCents : rules.kmRateCents;
}

/** A trip by km rate: distance × rate, rounded once (half up), capped per trip. */
export function travelAmount(rules: AllowanceRules, trip: Trip): number {
	if (!Number.isSafeInteger(trip.distanceTenthKm) || trip.distanceTenthKm < 0 || trip.distanceTenthKm > MAX_DISTANCE_TENTH_KM)
		throw new RangeError('distance out of range');
	return Math.min(rules.tripCapCents, roundHalfUp(trip.distanceTenthKm * kmRateFor(rules, trip), 10));
}

/** "12,5" or "12.5" km → tenths of a km, or null. */
export function parseDistance(text: string): number | null {
	const match = /^(\d{1,5})(?:[.,](\d))?$/.exec(text.trim().replace(/\s*km$/i, ''));
	if (!match) return null;
	const tenths = Number(match[1]) * 10 + Number(match[2] ?? '0');
	return tenths > 0 && tenths <= MAX_DISTANCE_TENTH_KM ? tenths : null;
}

/** The highest km rate a conference may set: 10 € a km. Anything above is a typo (euros typed as cents), never a rate. */
export const KM_RATE_MAX_CENTS = 1000;
