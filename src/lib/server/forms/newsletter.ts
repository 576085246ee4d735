import { FIELD_LIMITS } from '$lib/fieldLimits';
import { EDITIONS } from '../db/schema';
import { checkbox, choice, fromPage, honeypot, optionalText, requiredEmail, requiredId } from './fields';

/** The public sign-up (standard and Leichte Sprache pages). `website` is the honeypot. */
export const signUpForm = {
	email: requiredEmail(),
	name: optionalText({ max: FIELD_LIMITS.newsletterSignUp.name }),
	edition: choice(EDITIONS),
	website: honeypot()
};

/** The edition on the preferences page and the account page. */
export const editionForm = { edition: choice(EDITIONS) };

/** "Delete my data" needs the tick that says so. */
export const eraseOwnForm = { confirm: checkbox() };

/** The office erases one subscriber. */
export const eraseSubscriberForm = { subscriberId: fromPage(requiredId()), confirm: checkbox() };

/** The account page: subscribe, change the edition, unsubscribe, per conference. */
export const accountNewsletterForm = { conferenceId: fromPage(requiredId()), edition: choice(EDITIONS) };
export const accountUnsubscribeForm = { conferenceId: fromPage(requiredId()) };
