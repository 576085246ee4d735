import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { formatIban } from '../../src/lib/domain/allowances/iban';
import { formatCheckInCode } from '../../src/lib/domain/checkIn';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { readAgenda } from '../../src/lib/plenary/agenda';
import { PUBLIC_STATUSES } from '../../src/lib/recommendations/status';
import { createSessionOn, generateSessionToken } from '../../src/lib/server/auth/sessions';
import { readStoredOn } from '../../src/lib/server/collab/readDocument';
import { createConference } from '../../src/lib/server/commands/createConference';
import { invitePerson } from '../../src/lib/server/commands/invitePerson';
import { DEFAULT_CONFERENCE_SETTINGS } from '../../src/lib/server/db/schema';
import { loadActorOn, SYSTEM, type Actor } from '../../src/lib/server/policies';
import { first, type Data } from '../../src/lib/server/db/client';
import { builtServerOn } from './support/builtServerOn';
import { DIALECTS } from './support/data';
import { appRoutes, paramsOf, pathOf, type AppRoute } from './support/routes';

/**
 * SvelteKit can run a page's load without its layouts' loads: a data request
 * (`<path>/__data.json?x-sveltekit-invalidated=0001`) names the nodes it wants. So every route of
 * the app is asked here, against the built server on a fresh demo database, for its data with
 * every node mask, as a plain page, and with every form action posted, by people who may not see
 * what it holds: nobody signed in, a guest of the demo conference, a member of the conference who
 * works in no group, and a member and the office of another conference. Nothing they may not see
 * may be in any answer, and nothing they post may change anything. The demo's office asks too,
 * to show that each kind of protected text is there to be found.
 */

const ACTORS = ['anonymous', 'guest', 'groupOutsider', 'otherMember', 'otherOffice'] as const;
type ActorName = (typeof ACTORS)[number];
/** Protected strings by what they are: sittings, minutes, people … */
type Secrets = Record<string, string[]>;

/** The demo's SQL as written, with `?` for its values: bound by drizzle, so the same text runs on both databases. */
const statement = (text: string, args: unknown[]): SQL =>
	sql.join(text.split('?').flatMap((part, i) => (i === 0 ? [sql.raw(part)] : [sql`${args[i - 1]}`, sql.raw(part)])));

/** Queries on the database the server serves, the one the suite runs on. */
function readerOf(data: Data) {
	const rows = <T>(text: string, ...args: unknown[]) => data.rows<T>(statement(text, args));
	const row = async <T>(text: string, ...args: unknown[]) => {
		const found = first(await rows<T>(text, ...args));
		if (!found) throw new Error(`the demo has no row for: ${text}`);
		return found;
	};
	const id = async (text: string, ...args: unknown[]) => (await row<{ id: string }>(text, ...args)).id;
	// PostgreSQL hands a jsonb column (a conference's settings) over parsed; SQLite as the text it keeps.
	const values = async (text: string, ...args: unknown[]) =>
		(await rows<Record<string, unknown>>(text, ...args)).flatMap((r) =>
			Object.values(r).map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : (v as string | null)))
		);
	return { rows, row, id, values };
}
type Reader = ReturnType<typeof readerOf>;

/** What a long text shows wherever it is shown: the start of its longest line. */
const excerpt = (text: string) =>
	text
		.split('\n')
		.map((line) => line.trim().replace(/^\d+\.\s+/, ''))
		.sort((a, b) => b.length - a.length)[0]
		.slice(0, 40);

/** The demo conference's protected strings, by what they are, and what each actor may not see of them. */
async function secretsOfTheDemo(
	data: Data,
	{ rows, values }: Reader,
	conferenceId: string,
	people: { guest: string; groupOutsider: string }
): Promise<Record<ActorName, Secrets>> {
	const publicIds = (
		await rows<{ id: string }>(
			`SELECT id FROM recommendations WHERE conference_id = ? AND status IN (${PUBLIC_STATUSES.map(() => '?').join(',')})`,
			conferenceId,
			...PUBLIC_STATUSES
		)
	).map((r) => r.id);
	const inPublic = `(${publicIds.map((i) => `'${i}'`).join(',')})`;
	// What anyone reads on the public pages: the conference, and what the plenary adopted, with its history.
	const publicText = [
		...(await values('SELECT name, region, description, settings FROM conferences WHERE id = ?', conferenceId)),
		...(await values(
			`SELECT r.title, r.problem, r.proposal, r.responsible_bodies, r.easy_summary, g.name FROM recommendations r JOIN working_groups g ON g.id = r.group_id WHERE r.id IN ${inPublic}`
		)),
		...(await values(
			`SELECT s.title, e.body FROM recommendation_events e LEFT JOIN plenary_sessions s ON s.id = e.session_id WHERE e.recommendation_id IN ${inPublic}`
		)),
		...(await values(`SELECT reporter_organisation, note FROM recommendation_updates WHERE recommendation_id IN ${inPublic}`)),
		...(await values(`SELECT body FROM easy_texts WHERE kind = 'recommendation' AND status = 'checked' AND subject_id IN ${inPublic}`)),
		// A published newsletter issue is public by the editors' decision, whatever it tells of the conference.
		...(await values("SELECT title, text_standard, text_easy FROM digests WHERE conference_id = ? AND state = 'published'", conferenceId))
	].join('\n');
	// What the whole conference, guests too, reads in its plenary: the agendas, with who presents what.
	const sessions = await rows<{ id: string; title: string; place: string; check_in_code: string }>(
		'SELECT * FROM plenary_sessions WHERE conference_id = ?',
		conferenceId
	);
	const agenda = (await Promise.all(sessions.map((s) => readStoredOn(data, plenaryDoc(s.id), readAgenda)))).flatMap((items) =>
		items.flatMap((item) => [item.title, item.presenter, item.description])
	);
	const plenaryText = [publicText, ...agenda].join('\n');

	const inConference = 'JOIN working_groups g ON g.id = m.group_id WHERE g.conference_id = ?';
	const members = await rows<{ id: string; display_name: string; organisation: string | null; email: string | null }>(
		'SELECT DISTINCT p.* FROM people p JOIN conference_memberships c ON c.person_id = p.id WHERE c.conference_id = ?',
		conferenceId
	);
	const minutes = async (status: string) =>
		(
			await rows<{ lines: string | string[] }>(
				`SELECT v.lines FROM minutes_versions v JOIN meeting_minutes mm ON mm.meeting_id = v.meeting_id JOIN group_meetings m ON m.id = v.meeting_id ${inConference} AND mm.status ${status}`,
				conferenceId
			)
		)
			// PostgreSQL hands the jsonb lines over parsed; SQLite as the text it keeps.
			.flatMap((v) => (typeof v.lines === 'string' ? (JSON.parse(v.lines) as string[]) : v.lines))
			.filter((line) => !line.startsWith('#'));
	const recommendations = (where: string) =>
		values(`SELECT title, problem, proposal, responsible_bodies FROM recommendations WHERE conference_id = ? AND ${where}`, conferenceId);
	const emailsBut = (personId: string) => members.filter((p) => p.id !== personId).map((p) => p.email);
	const everyone = {
		feedback: await values('SELECT message, name, email FROM accessibility_feedback WHERE conference_id = ?', conferenceId),
		'check-in codes': sessions.flatMap((s) => [s.check_in_code, formatCheckInCode(s.check_in_code)]),
		// Health data, for the conference's office alone: its fields name themselves wherever it is shown.
		'support profiles': ['needsStepFreeAccess', 'needsCompanion'],
		// Money matters, for the office (and each person their own): where it goes, whose account, and why not.
		'bank accounts': [
			...(await values('SELECT iban FROM allowance_payees WHERE conference_id = ? AND iban IS NOT NULL', conferenceId)),
			...(await values('SELECT debtor_iban FROM payout_accounts WHERE conference_id = ?', conferenceId))
		].flatMap((iban) => (iban ? [iban, formatIban(iban)] : [])),
		// A guardian's name is no one else's business; the self-advocates' own names are the conference's.
		'account holders': await values(
			'SELECT a.account_holder FROM allowance_payees a JOIN people p ON p.id = a.person_id WHERE a.conference_id = ? AND a.account_holder <> p.display_name',
			conferenceId
		),
		'claim reasons': [
			...(await values("SELECT reason FROM claims WHERE conference_id = ? AND status = 'rejected' AND reason IS NOT NULL", conferenceId)),
			...(await values(
				"SELECT l.reason FROM claim_lines l JOIN claims c ON c.id = l.claim_id WHERE c.conference_id = ? AND l.status = 'rejected' AND l.reason IS NOT NULL",
				conferenceId
			))
		],
		// Newsletter subscribers' addresses are the office's (editors see counts); a draft issue is its editors'.
		'newsletter subscribers': await values('SELECT email FROM newsletter_subscribers WHERE conference_id = ? AND person_id IS NULL', conferenceId),
		'newsletter drafts': await values("SELECT title FROM digests WHERE conference_id = ? AND state = 'draft'", conferenceId),
		// What someone needs to take part on a date (a diet, a call): the office's alone.
		'invitation needs': await values(
			'SELECT n.detail FROM invitation_needs n JOIN invitations i ON i.id = n.invitation_id WHERE i.conference_id = ? AND n.detail IS NOT NULL',
			conferenceId
		),
		// Means data, like health data: wherever it is shown, the consent it rests on comes with it.
		'social benefits':
			(await rows('SELECT 1 FROM social_benefit_flags WHERE conference_id = ?', conferenceId)).length > 0 ? ['consentRecordedAt', 'Zustimmung vermerkt am'] : []
	};

	/** Distinct, recognisable strings, without what the actor reads anyway. */
	const clean = (secrets: Record<string, (string | null)[]>, seen: string): Secrets =>
		Object.fromEntries(
			Object.entries(secrets)
				.map(([kind, candidates]) => [
					kind,
					[...new Set(candidates.filter((s): s is string => !!s && s.length >= 4).map((s) => (s.length > 40 ? excerpt(s) : s)))].filter(
						(s) => !seen.includes(s)
					)
				])
				.filter(([, strings]) => strings.length > 0)
		);
	const groups = await values('SELECT name, description FROM working_groups WHERE conference_id = ?', conferenceId);
	const meetings = await values(`SELECT m.title, m.place, m.video_url FROM group_meetings m ${inConference}`, conferenceId);
	const minutesKept = await minutes('IS NOT NULL');
	const undecided = await recommendations(`id NOT IN ${inPublic}`);
	const outsiders = clean(
		{
			sittings: sessions.flatMap((s) => [s.title, s.place]),
			agenda,
			resolutions: [
				...(await values(
					'SELECT r.item_title, r.motion FROM resolutions r JOIN plenary_sessions s ON s.id = r.session_id WHERE s.conference_id = ?',
					conferenceId
				)),
				...(await values(
					'SELECT b.statement FROM poll_ballots b JOIN polls p ON p.id = b.poll_id JOIN plenary_sessions s ON s.id = p.session_id WHERE s.conference_id = ?',
					conferenceId
				))
			],
			groups,
			meetings,
			minutes: minutesKept,
			people: members.flatMap((p) => [p.display_name, p.organisation, p.email]),
			recommendations: undecided,
			'easy texts': await values('SELECT body FROM easy_texts WHERE conference_id = ?', conferenceId),
			...everyone
		},
		publicText
	);
	const guest = clean(
		{
			groups,
			meetings,
			minutes: minutesKept,
			recommendations: undecided,
			'e-mail addresses': emailsBut(people.guest),
			...everyone
		},
		plenaryText
	);
	const groupOutsider = clean(
		{
			// A group's minutes are its own until approved, a recommendation until the group agreed on it.
			minutes: await minutes("<> 'approved'"),
			recommendations: await recommendations("status = 'draft'"),
			'e-mail addresses': emailsBut(people.groupOutsider),
			...everyone
		},
		plenaryText
	);
	return { anonymous: outsiders, otherMember: outsiders, otherOffice: outsiders, guest, groupOutsider };
}

/** Every string (and key) in a JSON answer, or the text of an HTML page, as a reader gets it. */
function readable(body: string, contentType: string): string {
	if (!contentType.includes('json')) {
		return body.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e]!);
	}
	const strings: string[] = [];
	const collect = (value: unknown) => {
		if (typeof value === 'string') strings.push(value);
		else if (value && typeof value === 'object') Object.entries(value).forEach(([key, inner]) => (strings.push(key), collect(inner)));
	};
	collect(JSON.parse(body));
	return strings.join('\n');
}

/** Every non-empty node mask of a page with n nodes: '0001' asks for the page's own load alone. */
const masks = (n: number) => Array.from({ length: 2 ** n - 1 }, (_, i) => (i + 1).toString(2).padStart(n, '0'));

interface Probe {
	actor: ActorName | 'office';
	route: AppRoute;
	what: string;
	url: string;
	init: RequestInit;
	/** Strings this URL hands its holder by design (a personal link names its owner). */
	reveals: string[];
	mask?: string;
}

async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length) await run(items[next++]);
		})
	);
}

describe.each(DIALECTS)('every route on %s, by people who may not see what it holds', (dialect) => {
	const on = builtServerOn(dialect);

	it('answers no data request, page, endpoint or form post with what they may not see, and changes nothing', async () => {
		const { server, data } = on;
		const reader = readerOf(data);
		const { rows, row, id } = reader;
		const A = await id('SELECT id FROM conferences');
		const person = (name: string) => id('SELECT id FROM people WHERE display_name = ?', name);
		const guestId = await person('Dr. Julia Sommer');
		const outsiderId = await person('Jens Hoffmann');
		expect(await rows('SELECT 1 FROM group_memberships WHERE person_id = ?', outsiderId), 'the demo member works in no group').toHaveLength(0);

		// Another conference with its own office and member, set up the way an installation does it.
		const B = (
			await createConference(data, SYSTEM, {
				name: 'Gesundheitskonferenz Nachbarkreis',
				region: 'Nachbarkreis',
				description: null,
				settings: DEFAULT_CONFERENCE_SETTINGS
			})
		).id;
		const invite = async (actor: Actor, displayName: string, role: 'office' | 'member') =>
			(
				await invitePerson(data, actor, {
					conferenceId: B,
					displayName,
					email: null,
					organisation: null,
					preferredLocale: 'de',
					prefersEasyLanguage: false,
					role,
					memberStatus: role === 'member' ? 'voting' : null,
					deputyForPersonId: null,
					linkExpiresAt: null
				})
			).person.id;
		const otherOfficeId = await invite(SYSTEM, 'Petra Nachbar', 'office');
		const otherMemberId = await invite(await loadActorOn(data, otherOfficeId), 'Max Nachbar', 'member');

		const personOf: Record<Probe['actor'], string | null> = {
			anonymous: null,
			guest: guestId,
			groupOutsider: outsiderId,
			otherMember: otherMemberId,
			otherOffice: otherOfficeId,
			office: await person('Sabine Krüger')
		};
		/** A session as signing in with one's personal link opens it. */
		const signIn = async (actor: Probe['actor']): Promise<{ cookie?: string }> => {
			const personId = personOf[actor];
			if (personId === null) return {};
			const token = generateSessionToken();
			await createSessionOn(data, token, personId, {
				accessLinkId: await id('SELECT id FROM access_links WHERE person_id = ? AND revoked_at IS NULL', personId)
			});
			return { cookie: `ratschlag_session=${token}` };
		};

		// Concrete ids from the demo: a group whose minutes still go round, one with a draft recommendation.
		const group = (name: string) => id('SELECT id FROM working_groups WHERE conference_id = ? AND name = ?', A, name);
		const pastMeeting = (groupId: string) => id("SELECT id FROM group_meetings WHERE group_id = ? AND title LIKE '%Bestandsaufnahme'", groupId);
		const sitting = (title: string) =>
			row<{ id: string; check_in_code: string }>('SELECT * FROM plenary_sessions WHERE conference_id = ? AND title = ?', A, title);
		const psych = await group('AG Psychische Gesundheit');
		const access = await group('AG Zugang für alle');
		const guestLink = server.demoAccess().find((a) => a.name === 'Dr. Julia Sommer')!.link;
		const common = {
			conferenceId: A,
			personId: await person('Lena Maurer'),
			number: '1',
			// A sitting that is not today: checking in with its code changes nothing, whoever posts.
			code: (await sitting('Plenum: Pflege zu Hause – Bilanz der Empfehlungen')).check_in_code,
			token: guestLink.split('/l/')[1],
			// Money: the ticket photo of a paid claim, and the demo's payout batch.
			receiptId: await id('SELECT id FROM receipts'),
			batchId: await id('SELECT id FROM payout_batches WHERE conference_id = ?', A),
			// The demo's invitation round, with its answers and needs.
			campaignId: await id('SELECT id FROM invitation_campaigns WHERE conference_id = ?', A)
		};
		/** A self-advocate's claim of the demo, by what it is for and its step. */
		const claim = (name: string, status: string) =>
			id('SELECT c.id FROM claims c JOIN people p ON p.id = c.person_id WHERE c.conference_id = ? AND p.display_name = ? AND c.status = ?', A, name, status);
		const scenarios: Record<string, string>[] = [
			{
				...common,
				sessionId: (await sitting('Plenum: Psychische Gesundheit junger Menschen')).id,
				groupId: psych,
				meetingId: await pastMeeting(psych),
				recommendationId: await id("SELECT id FROM recommendations WHERE group_id = ? AND status = 'referred_back'", psych),
				kind: 'agenda_item',
				subjectId: await id("SELECT subject_id AS id FROM easy_texts WHERE kind = 'agenda_item' AND status = 'draft'"),
				// Paid, with the receipt: the guardian's account is on it.
				claimId: await id('SELECT l.claim_id AS id FROM claim_lines l JOIN receipts r ON r.id = l.receipt_id'),
				// The newsletter's draft, with its suggestions.
				digestId: await id("SELECT id FROM digests WHERE conference_id = ? AND state = 'draft'", A)
			},
			{
				...common,
				sessionId: (await sitting('Plenum: Gesundheitliche Versorgung im ländlichen Raum')).id,
				groupId: access,
				meetingId: await pastMeeting(access),
				recommendationId: await id("SELECT id FROM recommendations WHERE group_id = ? AND status = 'draft'", access),
				kind: 'minutes',
				subjectId: await pastMeeting(access),
				// The person who receives social benefits, and a claim rejected with a reason.
				personId: await person('Ahmad Nouri'),
				claimId: await claim('Lena Maurer', 'rejected'),
				// A published issue: public, and its sending page is its editors'.
				digestId: await id("SELECT id FROM digests WHERE conference_id = ? AND state = 'published' ORDER BY number LIMIT 1", A)
			}
		];
		// The demo conference's ids under the address of the other conference, whose office may open that.
		const foreignAddress = { ...scenarios[0], conferenceId: B };

		const secrets = await secretsOfTheDemo(data, reader, A, { guest: guestId, groupOutsider: outsiderId });
		const secretsOf = (actor: Probe['actor']) => (actor === 'office' ? [] : [...new Set(Object.values(secrets[actor]).flat())]);

		const routes = appRoutes();
		expect(routes.length).toBeGreaterThan(40);
		const probes: Probe[] = [];
		const posts: Probe[] = [];
		for (const route of routes) {
			const ids = paramsOf(route.id);
			const mixed = ids.includes('conferenceId') && ids.length > 1 ? [foreignAddress] : [];
			const paths = [...new Set([...scenarios, ...mixed].map((params) => pathOf(route.id, params)))];
			const reveals = ids.includes('token') ? ['Dr. Julia Sommer'] : [];
			for (const path of paths) {
				const dataUrl = (mask: string) => `${path === '/' ? '' : path}/__data.json?x-sveltekit-invalidated=${mask}`;
				if (route.kind === 'page') probes.push({ actor: 'office', route, what: 'data (all nodes)', url: dataUrl('1'.repeat(route.nodes)), init: {}, reveals });
				for (const actor of ACTORS) {
					const probe = (what: string, url: string, init: RequestInit, mask?: string) => ({ actor, route, what, url, init, reveals, mask });
					if (route.kind === 'endpoint') {
						probes.push(probe('GET', path, {}));
						continue;
					}
					probes.push(probe('page', path, { headers: { accept: 'text/html' } }));
					for (const mask of masks(route.nodes)) probes.push(probe(`data ${mask}`, dataUrl(mask), {}, mask));
					const form = { 'content-type': 'application/x-www-form-urlencoded', origin: server.origin };
					for (const action of route.actions) {
						const url = action === 'default' ? path : `${path}?/${action}`;
						posts.push(probe(`POST ${action}`, url, { method: 'POST', body: '', headers: { ...form, accept: 'text/html' } }));
						posts.push(
							probe(`POST ${action} (enhanced)`, url, {
								method: 'POST',
								body: '',
								headers: { ...form, accept: 'application/json', 'x-sveltekit-action': 'true' }
							})
						);
					}
				}
			}
		}

		// Every session is made before the first request, so the test's own writes never hold up its sockets.
		// Each post gets its own: some end the session they come with (signing out, a link's sign-in).
		const cookies = Object.fromEntries(await Promise.all([...ACTORS, 'office' as const].map(async (actor) => [actor, await signIn(actor)] as const)));
		// A few at a time: a pool on PostgreSQL gives up on a connection waited for longer than its timeout.
		const postSessions: { cookie?: string }[] = [];
		await inParallel(
			posts.map((probe, i) => ({ probe, i })),
			4,
			async ({ probe, i }) => void (postSessions[i] = await signIn(probe.actor))
		);

		const leaks = new Map<string, string[]>();
		const faults: string[] = [];
		const seenByTheOffice = new Set<string>();
		const ask = async (probe: Probe, session: { cookie?: string }) => {
			const response = await fetch(server.origin + probe.url, {
				...probe.init,
				redirect: 'manual',
				headers: { ...(probe.init.headers as Record<string, string>), ...session }
			}).catch((e: Error) => {
				throw new Error(`${probe.actor} ${probe.what} ${probe.url}: ${e.cause ?? e}\nserver: ${server.output().slice(-2000)}`);
			});
			const body = await response.text();
			if (response.status >= 500) faults.push(`${probe.actor} ${probe.what} ${probe.url}: ${response.status}`);
			const type = response.headers.get('content-type') ?? '';
			if (probe.mask && type.includes('json')) {
				const answer = JSON.parse(body) as { type: string; nodes?: unknown[] };
				if (answer.type === 'data') expect(answer.nodes, `${probe.url}: one answer per node`).toHaveLength(probe.mask.length);
			}
			const text = readable(body, type);
			if (probe.actor === 'office') {
				for (const secret of ACTORS.flatMap(secretsOf)) if (text.includes(secret)) seenByTheOffice.add(secret);
				return;
			}
			const found = secretsOf(probe.actor).filter((s) => text.includes(s) && !probe.url.includes(encodeURIComponent(s)) && !probe.reveals.includes(s));
			if (found.length > 0) {
				const entry = `${probe.actor} ${probe.what} → ${response.status}: ${found.slice(0, 3).join(' | ')}${found.length > 3 ? ` (+${found.length - 3})` : ''}`;
				leaks.set(probe.route.id, [...(leaks.get(probe.route.id) ?? []), entry]);
			}
		};

		await inParallel(probes, 6, (probe) => ask(probe, cookies[probe.actor]));
		// PostgreSQL counts in bigint, which pg hands over as text.
		const auditRows = async () => Number((await row<{ n: number | string }>('SELECT count(*) AS n FROM audit_log')).n);
		const auditBefore = await auditRows();
		await inParallel(
			posts.map((probe, i) => ({ probe, session: postSessions[i] })),
			6,
			({ probe, session }) => ask(probe, session)
		);

		// The office finds some of every kind of protected text: what the others are checked for is there to be found.
		const unseen = ACTORS.flatMap((actor) =>
			Object.entries(secrets[actor])
				.filter(([, strings]) => !strings.some((s) => seenByTheOffice.has(s)))
				.map(([kind]) => `${actor}: ${kind}`)
		);
		const report = [...leaks].map(
			([route, found]) => `${route}\n    ${found.slice(0, 6).join('\n    ')}${found.length > 6 ? `\n    … ${found.length - 6} more` : ''}`
		);
		expect({ leaks: report, faults, auditRowsWritten: (await auditRows()) - auditBefore, unseen }, `${probes.length + posts.length} requests`).toEqual({
			leaks: [],
			faults: [],
			auditRowsWritten: 0,
			unseen: []
		});
		// A budget, not a measure: thousands of requests, on a machine that may be shared.
	}, 600_000);

	it('opens every page each demo role is led to by a link, so the guard refuses no one what their pages offer', async () => {
		const { server } = on;
		// The roles pages.e2e.ts crawls in a browser; here over plain HTTP, every page, quickly.
		const roles = ['Geschäftsstelle', 'Moderation', 'Stimmberechtigtes Mitglied', 'Beratendes Mitglied', 'Selbstvertreterin', 'Newsletter-Redaktion', 'Gast'];
		const refused: string[] = [];
		let opened = 0;
		for (const role of roles) {
			const signIn = await fetch(`${server.origin}/l/${server.demo(role).link.split('/l/')[1]}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: server.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				body: ''
			});
			const cookie = signIn.headers
				.getSetCookie()
				.find((c) => c.startsWith('ratschlag_session='))!
				.split(';')[0];
			const seen = new Set<string>();
			const queue: [path: string, from: string][] = [[signIn.headers.get('location')!, 'the sign-in']];
			while (queue.length > 0) {
				const [path, from] = queue.shift()!;
				if (seen.has(path)) continue;
				seen.add(path);
				const response = await fetch(server.origin + path, { redirect: 'manual', headers: { cookie, accept: 'text/html' } });
				const body = await response.text();
				opened += 1;
				if (response.status >= 400) refused.push(`${role}: ${response.status} ${path} (linked from ${from})`);
				for (const [, href] of body.matchAll(/href="(\/[^"#]*)/g)) {
					const next = href.replaceAll('&amp;', '&');
					// Signing out, switching language and personal links change the session being crawled.
					if (!seen.has(next) && !/^\/(sign-out|language|l\/)/.test(next)) queue.push([next, path]);
				}
			}
		}
		expect(opened).toBeGreaterThan(300);
		expect(refused).toEqual([]);
	}, 120_000);
});
