/**
 * Every throttle in the product, in one table: what a key stands for, how many attempts it may
 * make in how many seconds, how long it is refused once it went over, and why those numbers.
 * README ("Limits and throttles") shows the same table to operators; keep both in step.
 */
export interface LimitRule {
	/** What one key of this limit stands for. */
	key: string;
	/** Attempts a key may make within `duration` before it is refused. */
	points: number;
	/** The window in seconds, starting at a key's first counted attempt. */
	duration: number;
	/** Seconds a key stays refused once it went over; 0 refuses it until its window ends. */
	blockDuration: number;
	why: string;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const LIMITS = {
	'signIn.pair': {
		key: 'account (e-mail) and client address',
		points: 5,
		duration: 15 * MINUTE,
		blockDuration: 15 * MINUTE,
		why: "Five wrong passwords cover any typing mistake; more from one place is guessing. Keyed by the pair, an attacker elsewhere cannot use it to lock the owner out; one behind the same address cannot pause the owner's known browsers (signIn.device)."
	},
	'signIn.account': {
		key: 'account (e-mail)',
		points: 20,
		duration: HOUR,
		blockDuration: HOUR,
		why: 'Not a gate: 20 wrong passwords for one account from anywhere within an hour mean it is under attack, and for the next hour each address gets the slow allowance below.'
	},
	'signIn.pairUnderAttack': {
		key: 'account (e-mail) and client address, while the account is under attack',
		points: 1,
		duration: 15 * MINUTE,
		blockDuration: 0,
		why: 'Slows guessing from many addresses to one try per address per 15 minutes, and never locks the owner out by itself: their own address keeps its try whatever others do, and their known browsers (signIn.device) are not under it at all.'
	},
	'signIn.device': {
		key: 'a browser the owner signed in with before (the hash of its device cookie), for that account',
		points: 5,
		duration: 15 * MINUTE,
		blockDuration: 15 * MINUTE,
		why: "The owner's own browser is exempt from every other sign-in limit and has only this one: five wrong passwords in 15 minutes cover typing. Past them the browser is trusted no more and tries as an unknown one, so a stolen device cookie buys five guesses."
	},
	'signIn.address': {
		key: 'client address (IPv6: its /64)',
		points: 100,
		duration: HOUR,
		blockDuration: HOUR,
		why: 'Against password spraying (one address, many accounts). Generous, so that an office or a venue behind one address never meets it.'
	},
	'feedback.address': {
		key: 'client address (IPv6: its /64)',
		points: 10,
		duration: HOUR,
		blockDuration: HOUR,
		why: 'A person reports a barrier or two at a time; ten an hour leave room for a household, office or care home sharing one address.'
	},
	'feedback.target': {
		key: 'what the feedback is about: a conference (its id) or the platform',
		points: 100,
		duration: HOUR,
		blockDuration: 0,
		why: "Bounds what a flood from many addresses can store in one inbox and the audit log (100 an hour, 2,400 a day). Only stored feedback counts, and each inbox counts alone. Ten times one address's allowance: closing an inbox takes ten addresses (/64s) for a whole hour, three use under a third of it. The refused are pointed to e-mail and phone."
	},
	'checkIn.person': {
		key: 'person',
		points: 10,
		duration: 15 * MINUTE,
		blockDuration: 15 * MINUTE,
		why: 'Only wrong codes count: ten cover any typing, and a right code never counts. Whoever is paused can be marked present by the office.'
	},
	'checkIn.address': {
		key: 'client address (IPv6: its /64)',
		points: 50,
		duration: 15 * MINUTE,
		blockDuration: 15 * MINUTE,
		why: 'Only wrong codes count. A room full of people on one Wi-Fi mistypes a few codes; 50 guesses among 31^6 codes find nothing.'
	},
	'newsletterSignUp.address': {
		key: 'client address (IPv6: its /64)',
		points: 20,
		duration: HOUR,
		blockDuration: HOUR,
		why: 'Each sign-up sends a mail to the address typed in: a robot must not turn the public form into a mail cannon. Twenty an hour leave room for a class, a care home or an office signing up together on one network.'
	},
	'newsletterSignUp.email': {
		key: 'conference and the address signed up (lower-cased)',
		points: 3,
		duration: HOUR,
		blockDuration: HOUR,
		why: 'Nobody needs more than three confirmation mails an hour (a typo, a lost mail, a second try); more would let others flood one inbox from many networks.'
	},
	// Invitations: answering by the personal link (issue 18, part C)
	'rsvpAnswer.address': {
		key: 'client address (IPv6: its /64)',
		points: 60,
		duration: HOUR,
		blockDuration: HOUR,
		why: 'The link is signed, so guessing finds nothing; the limit bounds the writes and audit rows a robot can cause. Sixty an hour leave room for a care home or an office answering for many people on one network.'
	},
	'rsvpAnswer.link': {
		key: 'invitation (its id, from a verified link)',
		points: 10,
		duration: 15 * MINUTE,
		blockDuration: 15 * MINUTE,
		why: 'A person answers once and corrects a few times; ten in 15 minutes cover every change of mind. More is a forwarded link in a loop, and each answer may move the waiting list and send a mail.'
	}
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;
