import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { digestDoc } from '../../src/lib/collab/kinds/digest';
import { bodyHtml } from '../../src/lib/minutes/render';
import { createDigest } from '../../src/lib/server/commands/createDigest';
import { insertSuggestion } from '../../src/lib/server/commands/insertSuggestion';
import { sendTestDigest } from '../../src/lib/server/commands/sendTestDigest';
import { updateDigest } from '../../src/lib/server/commands/updateDigest';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { readDocumentOn } from '../../src/lib/server/collab/readDocument';
import { first, type Data } from '../../src/lib/server/db/client';
import { newsletterTestMail } from '../../src/lib/server/jobs/kinds/newsletterTestMail';
import { listSuggestions } from '../../src/lib/server/newsletter/suggestions';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { load as draftLoad } from '../../src/routes/(app)/conferences/[conferenceId]/newsletter/[digestId]/+page.server';
import { load as previewLoad } from '../../src/routes/(app)/conferences/[conferenceId]/newsletter/[digestId]/preview/+page.server';
import { connect, sessionCookieOn, startTestServerOn, until } from './support/collab';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, pagesData, type Fixture } from './support/fixtureOn';
import { useJobsSecret } from './support/jobsSecret';
import { smtpCaptureForSuite } from './support/smtpCapture';

// The pages read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

/**
 * The newsletter's drafts on a real database (SQLite and PostgreSQL): creating and updating them,
 * the suggestions since the last issue inserted into the live document, the editor's test mail
 * through its job, and the draft's pages.
 */
const smtp = smtpCaptureForSuite();
const ORIGIN = 'https://ratschlag.example';
const DAY = 86_400_000;

/** The mail as text: quoted-printable undone, folded lines joined. */
const decoded = (raw: string) =>
	Buffer.from(
		raw
			.replace(/=\r?\n/g, '')
			.replace(/\r?\n[ \t]+/g, ' ')
			.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
		'latin1'
	).toString('utf8');

const refusedWith = (fn: () => Promise<unknown>, type: typeof NotAllowed | typeof CommandError) => expect(fn()).rejects.toThrow(type);

describe.each(DIALECTS)('newsletter drafts on %s', (dialect) => {
	const on = fixtureOn(dialect);
	// On SQLite the links are signed with the key file next to the database, as in production.
	if (dialect === 'postgres') useJobsSecret();
	let data: Data;
	let fixture: Fixture;
	const actor = (who: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[who]);
	const conferenceId = () => fixture.conferenceA.id;

	beforeAll(async () => {
		({ data, fixture } = on);
		await data.q.update(data.t.people).set({ email: 'redaktion@test.example' }).where(eq(data.t.people.id, fixture.ids.newsletterEditor));
	});

	/** An adopted recommendation of the conference, with its adoption on `adoptedAt`. */
	async function adopted(title: string, adoptedAt: Date) {
		const { q, t } = data;
		const rec = first(
			await q
				.insert(t.recommendations)
				.values({
					conferenceId: conferenceId(),
					groupId: fixture.group.id,
					status: 'adopted',
					title,
					problem: 'Es fehlt an Pflegeplätzen.',
					proposal: `Vorschlag zu ${title}: mehr Kurzzeitpflege im Kreis.`,
					frozenAt: adoptedAt,
					statusChangedAt: adoptedAt
				})
				.returning()
		)!;
		const event = first(await q.insert(t.recommendationEvents).values({ recommendationId: rec.id, event: 'adopted', at: adoptedAt }).returning())!;
		return { recommendationId: rec.id, eventId: event.id };
	}

	describe('drafts', () => {
		it('an editor creates and updates a draft, audited; the audience is the conference or one of its groups', async () => {
			const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Ausgabe Frühjahr' });
			expect(draft).toMatchObject({ state: 'draft', audienceGroupId: null, createdByPersonId: fixture.ids.newsletterEditor });
			await updateDigest(data, await actor('office'), { digestId: draft.id, title: 'Frühjahr 2026', audienceGroupId: fixture.group.id });
			const { q, t } = data;
			expect(first(await q.select().from(t.digests).where(eq(t.digests.id, draft.id)))).toMatchObject({
				title: 'Frühjahr 2026',
				audienceGroupId: fixture.group.id
			});
			const audit = await q.select().from(t.auditLog).where(eq(t.auditLog.subjectId, draft.id)).orderBy(t.auditLog.seq);
			expect(audit.map((a) => a.action)).toEqual(['digest.create', 'digest.write']);
		});

		it('members and other conferences’ office may neither create nor update', async () => {
			const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Entwurf' });
			for (const who of ['votingMember', 'moderator', 'easyChecker', 'otherOffice'] as const) {
				await refusedWith(async () => createDigest(data, await actor(who), { conferenceId: conferenceId(), title: 'x' }), NotAllowed);
				await refusedWith(async () => updateDigest(data, await actor(who), { digestId: draft.id, title: 'x', audienceGroupId: null }), NotAllowed);
			}
			// The office of conference B makes B's newsletter, and its audience cannot be a group of A.
			const other = await createDigest(data, await actor('otherOffice'), { conferenceId: fixture.conferenceB.id, title: 'B' });
			await expect(updateDigest(data, await actor('otherOffice'), { digestId: other.id, title: 'B', audienceGroupId: fixture.group.id })).rejects.toThrow(
				expect.objectContaining({ code: 'digest_audience_unknown', field: 'audienceGroupId' })
			);
		});
	});

	describe('suggestions since the last issue', () => {
		it('offers what was adopted after the last published issue, not what came before; a used one disappears', async () => {
			const now = Date.now();
			const before = await adopted('Vor der letzten Ausgabe', new Date(now - 20 * DAY));
			await data.q.insert(data.t.digests).values({
				conferenceId: conferenceId(),
				title: 'Ausgabe 1',
				state: 'published',
				number: 1,
				publishedAt: new Date(now - 10 * DAY),
				htmlStandard: '<p>1</p>',
				textStandard: '1'
			});
			const after = await adopted('Nach der letzten Ausgabe', new Date(now - 2 * DAY));
			const offered = (await listSuggestions(data, conferenceId())).filter((s) => s.sourceKind === 'recommendation');
			expect(offered.map((s) => s.sourceId)).toEqual([after.eventId]);
			expect(offered[0]).toMatchObject({
				title: 'Beschlossen: Nach der letzten Ausgabe',
				href: `/oeffentlich/${conferenceId()}/empfehlungen/${after.recommendationId}`
			});
			expect(offered[0].summary).toContain('mehr Kurzzeitpflege');
			expect(offered.some((s) => s.sourceId === before.eventId)).toBe(false);

			const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Ausgabe 2' });
			await insertSuggestion(data, await actor('newsletterEditor'), {
				digestId: draft.id,
				sourceKind: 'recommendation',
				sourceId: after.eventId,
				origin: ORIGIN
			});
			expect((await listSuggestions(data, conferenceId())).some((s) => s.sourceId === after.eventId)).toBe(false);
			// Offered no more, so a second insert (another editor's stale page) is refused and writes nothing.
			await expect(
				insertSuggestion(data, await actor('office'), {
					digestId: draft.id,
					sourceKind: 'recommendation',
					sourceId: after.eventId,
					origin: ORIGIN
				})
			).rejects.toMatchObject({ code: 'digest_suggestion_gone' });
			const html = await readDocumentOn(data, digestDoc(draft.id), bodyHtml);
			expect(html.match(/<h3>Beschlossen: Nach der letzten Ausgabe<\/h3>/g)).toHaveLength(1);
			const href = `${ORIGIN}/oeffentlich/${conferenceId()}/empfehlungen/${after.recommendationId}`;
			expect(html).toMatch(new RegExp(`<p>Mehr dazu auf der <a href="${href}"[^>]*>öffentlichen Seite der Konferenz</a>\\.</p>`));
			const { digestSuggestionsUsed } = data.t;
			const used = await data.q.select().from(digestSuggestionsUsed).where(eq(digestSuggestionsUsed.sourceId, after.eventId));
			expect(used).toHaveLength(1);
			expect(used[0]).toMatchObject({ digestId: draft.id, usedByPersonId: fixture.ids.newsletterEditor });
		});

		it('offers implementation reports since, and meetings of the next 60 days, not later ones', async () => {
			const { q, t } = data;
			const rec = await adopted('Mit Bericht', new Date(Date.now() - 3 * DAY));
			const report = first(
				await q
					.insert(t.recommendationUpdates)
					.values({ recommendationId: rec.recommendationId, state: 'in_progress', note: 'Der Bus fährt ab März.', reportedOn: new Date() })
					.returning()
			)!;
			const meeting = async (title: string, inDays: number) =>
				first(
					await q
						.insert(t.groupMeetings)
						.values({ groupId: fixture.group.id, title, startsAt: new Date(Date.now() + inDays * DAY), durationMinutes: 90, place: 'Rathaus', agenda: [] })
						.returning()
				)!.id;
			const soon = await meeting('Bald', 10);
			const late = await meeting('Zu spät', 75);
			const offered = await listSuggestions(data, conferenceId());
			expect(offered.find((s) => s.sourceId === report.id)).toMatchObject({
				sourceKind: 'implementation_report',
				title: 'Mit Bericht',
				summary: 'In Umsetzung: Der Bus fährt ab März.'
			});
			expect(offered.find((s) => s.sourceId === soon)).toMatchObject({ sourceKind: 'meeting', title: 'Bald (AG Pflege)' });
			expect(offered.some((s) => s.sourceId === late)).toBe(false);
		});

		it('a member may not insert, and a suggestion of another conference is not found', async () => {
			const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Ausgabe 3' });
			const mine = await adopted('Für Mitglieder gesperrt', new Date(Date.now() - DAY));
			await expect(
				insertSuggestion(data, await actor('votingMember'), { digestId: draft.id, sourceKind: 'recommendation', sourceId: mine.eventId })
			).rejects.toBeInstanceOf(NotAllowed);
			const other = await createDigest(data, await actor('otherOffice'), { conferenceId: fixture.conferenceB.id, title: 'B' });
			await expect(
				insertSuggestion(data, await actor('otherOffice'), { digestId: other.id, sourceKind: 'recommendation', sourceId: mine.eventId })
			).rejects.toMatchObject({ code: 'digest_suggestion_gone' });
		});
	});

	describe('inserting into the live document', () => {
		it('arrives in an editor connected with a stock y-websocket client, and is stored', async () => {
			const server = await startTestServerOn(data);
			try {
				const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Live' });
				const rec = await adopted('Live eingefügt', new Date(Date.now() - DAY));
				const cookie = await sessionCookieOn(data, fixture.ids.newsletterEditor);
				const editor = connect(server.url, digestDoc(draft.id), cookie, { origin: server.origin });
				await editor.synced();
				// The editor typed something first: the block goes after it, nothing is lost.
				const body = editor.doc.getXmlFragment('body');
				const typed = new Y.XmlElement('paragraph');
				typed.insert(0, [new Y.XmlText('Liebe Leserinnen und Leser,')]);
				body.insert(0, [typed]);
				await until(async () => (await readDocumentOn(data, digestDoc(draft.id), bodyHtml)).includes('Liebe Leserinnen'), 5000, 'the typed text on the server');

				await insertSuggestion(data, await actor('newsletterEditor'), {
					digestId: draft.id,
					sourceKind: 'recommendation',
					sourceId: rec.eventId,
					origin: ORIGIN
				});
				await until(() => body.toString().includes('Live eingefügt'), 5000, 'the block in the connected editor');
				const names = body.toArray().map((n) => (n as Y.XmlElement).nodeName);
				expect(names).toEqual(['paragraph', 'heading', 'paragraph', 'paragraph']);
				editor.close();
				// Stored, not only relayed: once the server let the document go, the store has it.
				await new Promise((resolve) => setTimeout(resolve, 300));
				expect(await readDocumentOn(data, digestDoc(draft.id), bodyHtml)).toMatch(/Liebe Leserinnen.*<h3>Beschlossen: Live eingefügt<\/h3>/s);
			} finally {
				await server.stop();
			}
		});
	});

	describe('test mail', () => {
		it('goes to the editor’s own address through the job, marked as a test', async () => {
			const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Testausgabe' });
			const { to } = await sendTestDigest(data, await actor('newsletterEditor'), { digestId: draft.id, origin: ORIGIN });
			expect(to).toBe('redaktion@test.example');
			const { jobs } = data.t;
			const job = first(
				await data.q
					.select()
					.from(jobs)
					.where(and(eq(jobs.kind, 'newsletter.testMail'), eq(jobs.key, `newsletter.testMail:${draft.id}:${fixture.ids.newsletterEditor}`)))
			)!;
			await newsletterTestMail.run(newsletterTestMail.parse(JSON.parse(job.payload)), {
				data,
				jobId: job.id,
				attempt: 1,
				signal: new AbortController().signal
			});
			const mail = smtp.received.find((m) => m.raw.includes(`digest-test.${job.id}.standard`));
			expect(mail?.to).toEqual(['redaktion@test.example']);
			// Marked as a test, and without a subscriber's unsubscribe headers.
			const text = decoded(mail!.raw);
			expect(text).toContain('Testausgabe');
			expect(text).toContain('Diese Mail ging nur an Sie');
			expect(mail!.raw).not.toMatch(/^List-Unsubscribe:/m);
		});

		it('is refused in words without an address, and to members', async () => {
			const draft = await createDigest(data, await actor('office'), { conferenceId: conferenceId(), title: 'Ohne Adresse' });
			await expect(sendTestDigest(data, await actor('office'), { digestId: draft.id })).rejects.toThrow(
				expect.objectContaining({ code: 'digest_test_no_address' })
			);
			await refusedWith(async () => sendTestDigest(data, await actor('votingMember'), { digestId: draft.id }), NotAllowed);
		});
	});

	describe('pages', () => {
		const event = async (who: Exclude<ActorName, 'anonymous'>, digestId: string) =>
			({ locals: { actor: await actor(who), person: null }, params: { conferenceId: conferenceId(), digestId }, url: new URL(`${ORIGIN}/x`) }) as never;

		it('the draft and its preview are the editors’ only; the preview shows both editions as page and mail', async () => {
			const draft = await createDigest(data, await actor('newsletterEditor'), { conferenceId: conferenceId(), title: 'Vorschau-Ausgabe' });
			const { easyTexts } = data.t;
			await data.q.insert(easyTexts).values({
				conferenceId: conferenceId(),
				kind: 'digest',
				subjectId: draft.id,
				body: 'Das ist neu.\nDie Konferenz hat beschlossen.',
				status: 'draft',
				sourceFingerprint: 'x',
				writtenByPersonId: fixture.ids.newsletterEditor,
				writtenAt: new Date()
			});
			for (const who of ['votingMember', 'easyChecker', 'otherOffice'] as const) {
				await expect(draftLoad(await event(who, draft.id))).rejects.toThrow(NotAllowed);
				await expect(previewLoad(await event(who, draft.id))).rejects.toThrow(NotAllowed);
			}
			const page = (await draftLoad(await event('newsletterEditor', draft.id))) as { easy: { status: string }; suggestions: unknown[] };
			expect(page.easy).toEqual(expect.objectContaining({ status: 'draft' }));
			const preview = (await previewLoad(await event('newsletterEditor', draft.id))) as {
				editions: { edition: string; mail: { subject: string; html: string; text: string } }[];
				ownAddress: string | null;
			};
			expect(preview.editions.map((e) => e.edition)).toEqual(['standard', 'easy']);
			expect(preview.editions[1].mail.text).toContain('Die Konferenz hat beschlossen.');
			expect(preview.editions[0].mail.html).toContain('lang="de"');
			expect(preview.ownAddress).toBe('redaktion@test.example');

			// Checked: the office learns by whom; an editor reads that the Prüfgruppe checked it.
			await data.q
				.update(easyTexts)
				.set({ status: 'checked', checkedAt: new Date(), checkedByPersonId: fixture.ids.easyChecker })
				.where(eq(easyTexts.subjectId, draft.id));
			const byOffice = (await draftLoad(await event('office', draft.id))) as { easy: { status: string; checkedByName: string | null } };
			const byEditor = (await draftLoad(await event('newsletterEditor', draft.id))) as { easy: { status: string; checkedByName: string | null } };
			expect(byOffice.easy).toMatchObject({ status: 'checked', checkedByName: 'easyChecker' });
			expect(byEditor.easy).toMatchObject({ status: 'checked', checkedByName: null });
		});
	});
});
