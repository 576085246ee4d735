import { checkbox, fromPage, optionalFutureDate, optionalId, requiredId } from './fields';

/** The lifecycle steps and "save a version" carry nothing but the meeting in their address. */
export const minutesStepForm = {};

/** Approval locks the minutes for good: the coordinator confirms having checked them. */
export const approveMinutesForm = {
	confirm: checkbox()
};

export const restoreVersionForm = {
	versionId: fromPage(requiredId())
};

/** Circulating asks for corrections, until a day if the sender sets one. */
export const circulateMinutesForm = {
	correctionsUntil: optionalFutureDate()
};

/** The office names a sitting's minute-taker (empty: nobody). */
export const sittingMinuteTakerForm = {
	personId: optionalId()
};
