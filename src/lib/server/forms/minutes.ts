import { checkbox, fromPage, requiredId } from './fields';

/** The lifecycle steps and "save a version" carry nothing but the meeting in their address. */
export const minutesStepForm = {};

/** Approval locks the minutes for good: the coordinator confirms having checked them. */
export const approveMinutesForm = {
	confirm: checkbox()
};

export const restoreVersionForm = {
	versionId: fromPage(requiredId())
};
