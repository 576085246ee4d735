import { optionalWebAddress, requiredDateTime, requiredId, requiredText } from './fields';

export const plenarySessionForm = {
	title: requiredText({ max: 200 }),
	startsAt: requiredDateTime(),
	place: requiredText({ max: 300 }),
	videoUrl: optionalWebAddress()
};

export const checkInForm = {
	code: requiredText({ max: 20 })
};

export const attendanceForm = {
	personId: requiredId()
};
