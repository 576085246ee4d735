import { checkbox } from './fields';

/** Publishing a digest: one checkbox, needed only where the easy edition is unchecked or missing. */
export const publishDigestForm = {
	confirmUncheckedEasy: checkbox()
};
