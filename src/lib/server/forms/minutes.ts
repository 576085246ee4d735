import { requiredId } from './fields';

/** The lifecycle steps and "save a version" carry nothing but the meeting in their address. */
export const minutesStepForm = {};

export const restoreVersionForm = {
	versionId: requiredId()
};
