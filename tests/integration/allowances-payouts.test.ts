import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { draftClaimOn } from '../../src/lib/server/allowances/draftClaim';
import { transactOn } from '../../src/lib/server/effects';
import { draftClaimsOn } from '../../src/lib/server/allowances/draftClaims';
import { bookkeepingCsv, csvCell } from '../../src/lib/server/allowances/bookkeepingCsv';
import { PayoutRefusal } from '../../src/lib/server/allowances/payoutRefusal';
import { buildCreditTransfer, decimalToCents, proveAmounts, SepaFileMismatch } from '../../src/lib/server/allowances/sepa/creditTransfer';
import { remittanceFor } from '../../src/lib/server/allowances/sepa/remittance';
import { sepaName, toSepaLatin } from '../../src/lib/server/allowances/sepa/sepaText';
import { validateAgainstXsd } from '../../src/lib/server/allowances/sepa/validateXsd';
import { createPayoutBatch } from '../../src/lib/server/commands/createPayoutBatch';
import { eraseIbans } from '../../src/lib/server/commands/eraseIbans';
import { loadActorOn } from '../../src/lib/server/policies';
import { payoutBatch, payoutOverview } from '../../src/lib/server/queries/payouts';
import { GET as csvDownload } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/payouts/[batchId]/buchhaltung.csv/+server';
import { GET as xmlDownload } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/payouts/[batchId]/sepa.xml/+server';
import { load as loadBatchPage } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/payouts/[batchId]/+page.server';
import { actions as payoutActions, load as loadPayoutsPage } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/payouts/+page.server';
import { DIALECTS } from './support/data';
import { refusalOf } from './support/errors';
import { fixtureOn, pagesData, type Fixture } from './support/fixtureOn';
import { first, type Data } from '../../src/lib/server/db/client';

// The route handlers read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

const NOW = new Date('2026-12-01T09:00:00Z');
const ORIGIN = 'https://ratschlag.example';
const IBANS = ['DE02120300000000202051', 'DE89370400440532013000', 'DE02500105170137075030', 'DE02100500000054540402'];

/** The first primes from 2: odd amounts that no pair of float roundings cancels by luck. */
function primes(count: number): number[] {
	const found: number[] = [];
	for (let n = 2; found.length < count; n++) if (found.every((p) => p * p > n || n % p !== 0)) found.push(n);
	return found;
}

// The SEPA file and the CSV are built from values alone: no database, so they run once.
describe('the SEPA file (pain.001.001.09)', () => {
	it('validates against the official XSD with xmllint and carries the control sum exactly over 1,000 odd amounts', async () => {
		const amounts = primes(1000).map((p) => (p * 7919) % 99_999 || 1); // 1 … 99,998 cents, scattered
		const transfers = amounts.map((amountCents, i) => ({
			endToEndId: `2026-${String(i + 1).padStart(4, '0')}`,
			amountCents,
			creditorName: `Zoë Müller-Lüdenscheidt ${i}`,
			creditorIban: IBANS[i % IBANS.length],
			remittance: remittanceFor(`2026-${String(i + 1).padStart(4, '0')}`, 'AG Pflege: 4. Sitzung', new Date('2026-11-10T15:00:00Z'))
		}));
		const { xml, totalCents } = buildCreditTransfer({
			messageId: 'AE-1-abcdefghijklmnop',
			createdAt: NOW,
			executionDate: '2026-12-03',
			debtor: { name: 'Stadt Würzburg – Gesundheitsamt', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
			transfers
		});
		const exact = amounts.reduce((a, b) => a + b, 0);
		expect(totalCents).toBe(exact);
		// Read back as integers, not floats.
		const written = [...xml.matchAll(/<InstdAmt Ccy="EUR">([^<]+)<\/InstdAmt>/g)].map((m) => decimalToCents(m[1]));
		expect(written).toEqual(amounts);
		const controlSums = [...xml.matchAll(/<CtrlSum>([^<]+)<\/CtrlSum>/g)].map((m) => m[1]);
		expect(controlSums).toEqual([`${Math.floor(exact / 100)}.${String(exact % 100).padStart(2, '0')}`, controlSums[0]]);
		expect(xml).not.toContain('PstlAdr');
		expect(xml).not.toContain('AdrLine');
		for (const m of xml.matchAll(/<EndToEndId>([^<]*)<\/EndToEndId>/g)) expect(m[1].length).toBeLessThanOrEqual(35);
		for (const m of xml.matchAll(/<InstrId>([^<]*)<\/InstrId>/g)) expect(m[1].length).toBeLessThanOrEqual(35);
		for (const m of xml.matchAll(/<Ustrd>([^<]*)<\/Ustrd>/g)) expect(m[1].length).toBeLessThanOrEqual(140);
		for (const m of xml.matchAll(/<Nm>([^<]*)<\/Nm>/g)) expect(m[1]).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]{1,70}$/);
		const result = validateAgainstXsd(xml);
		expect(result.errors).toMatch(/validates/);
		expect(result.valid).toBe(true);
	});

	it('refuses a file whose amounts differ from those meant, and one with a postal address', async () => {
		const { xml } = buildCreditTransfer({
			messageId: 'AE-2-x',
			createdAt: NOW,
			executionDate: '2026-12-03',
			debtor: { name: 'Amt', iban: IBANS[1], bic: null },
			transfers: [{ endToEndId: '2026-0001', amountCents: 1999, creditorName: 'A', creditorIban: IBANS[0], remittance: 'x' }]
		});
		expect(() => proveAmounts(xml, [2000])).toThrow(SepaFileMismatch);
		expect(() => proveAmounts(xml.replace('<CtrlSum>19.99</CtrlSum>', '<CtrlSum>20.00</CtrlSum>'), [1999])).toThrow(SepaFileMismatch);
		expect(() => proveAmounts(xml.replace('<Cdtr><Nm>A</Nm>', '<Cdtr><Nm>A</Nm><PstlAdr></PstlAdr>'), [1999])).toThrow(SepaFileMismatch);
		// An XSD failure is reported, not hidden.
		expect(validateAgainstXsd(xml.replace('<NbOfTxs>1</NbOfTxs>', '<NbOfTxs>eins</NbOfTxs>')).valid).toBe(false);
	});

	it('writes names and remittance in the SEPA Latin set, cut safely', async () => {
		expect(toSepaLatin('Jürgen Groß & Söhne – „Café“')).toBe('Juergen Gross + Soehne - Cafe');
		expect(sepaName('A'.repeat(30) + ' ' + 'B'.repeat(50)).length).toBeLessThanOrEqual(70);
		const long = remittanceFor('2026-0042', 'Arbeitsgruppe Psychiatrie '.repeat(10), new Date('2026-03-03T10:00:00Z'));
		expect(long.length).toBeLessThanOrEqual(140);
		expect(long.startsWith('2026-0042 Aufwandsentschaedigung 03.03.2026 Arbeitsgruppe')).toBe(true);
	});
});

describe('the bookkeeping CSV', () => {
	it('is UTF-8 with a BOM, ;-separated, German amounts, and never a formula', async () => {
		const csv = bookkeepingCsv(
			['Antrag', 'Person', 'Sitzung', 'Datum', 'Betrag', 'Datei', 'Bezahlt'],
			[
				{
					reference: '2026-0001',
					person: '=HYPERLINK("x")',
					meeting: 'AG; Pflege',
					meetingDate: '2026-11-10',
					amountCents: 1250,
					batch: '1',
					paidOn: '2026-12-01'
				}
			]
		);
		expect(csv.startsWith('\uFEFFAntrag;Person;')).toBe(true);
		expect(csv.split('\r\n')[1]).toBe(`2026-0001;"'=HYPERLINK(""x"")";"AG; Pflege";2026-11-10;12,50;1;2026-12-01`);
		for (const evil of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvCell(evil)).toBe(`'${evil}`);
		expect(csvCell('Anna')).toBe('Anna');
	});
});

describe.each(DIALECTS)('payouts on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	const office = () => loadActorOn(data, fixture.ids.office);
	const conferenceId = () => fixture.conferenceA.id;

	let meetingSeq = 0;
	/** A person with a claim in the given state: drafted from a group meeting, lines approved, an extra ticket of `extraCents`. */
	async function claimFor(personId: string, status: 'submitted' | 'approved' | 'released', extraCents = 0): Promise<string> {
		const { q, t } = data;
		const meeting = first(
			await q
				.insert(t.groupMeetings)
				.values({
					groupId: fixture.group.id,
					title: `Sitzung ${++meetingSeq}`,
					startsAt: new Date('2026-11-10T15:00:00Z'),
					durationMinutes: 90,
					agenda: [],
					place: 'Gesundheitsamt'
				})
				.returning()
		)!;
		const { claimId } = (await transactOn(data, async (tx) =>
			draftClaimOn(data, tx, { personId, meeting: { groupMeetingId: meeting.id }, now: NOW, actorPersonId: fixture.ids.office })
		))!;
		if (extraCents > 0) await q.insert(t.claimLines).values({ claimId, kind: 'ticket', amountCents: extraCents, createdAt: NOW });
		if (status !== 'submitted') {
			await q.update(t.claimLines).set({ status: 'approved', decidedAt: NOW, decidedByPersonId: fixture.ids.admin }).where(eq(t.claimLines.claimId, claimId));
		}
		await q
			.update(t.claims)
			.set({
				status,
				submittedAt: NOW,
				approvedAt: status === 'submitted' ? null : NOW,
				approvedByPersonId: status === 'submitted' ? null : fixture.ids.admin,
				releasedAt: status === 'released' ? NOW : null,
				releasedByPersonId: status === 'released' ? fixture.ids.office : null
			})
			.where(eq(t.claims.id, claimId));
		return claimId;
	}

	async function payee(name: string, iban: string | null, accountHolder: string | null = name): Promise<string> {
		const { q, t } = data;
		const person = first(await q.insert(t.people).values({ displayName: name }).returning())!;
		await q.insert(t.allowancePayees).values({ conferenceId: conferenceId(), personId: person.id, eligible: true, accountHolder, iban, updatedAt: NOW });
		return person.id;
	}

	const input = (claimIds: string[]) => ({ conferenceId: conferenceId(), claimIds, executionDate: '2026-12-03', origin: ORIGIN, now: NOW });
	const claimOf = async (claimId: string) => first(await data.q.select().from(data.t.claims).where(eq(data.t.claims.id, claimId)))!;
	const batchOf = async (batchId: string) => first(await data.q.select().from(data.t.payoutBatches).where(eq(data.t.payoutBatches.id, batchId)))!;

	describe('createPayoutBatch', () => {
		it('needs the conference’s payout account', async () => {
			const claimId = await claimFor(await payee('Ohne Konto', IBANS[0]), 'released');
			expect(await refusalOf(createPayoutBatch(data, await office(), input([claimId])))).toBe('payout_account_missing');
			await data.q
				.insert(data.t.payoutAccounts)
				.values({ conferenceId: conferenceId(), debtorName: 'Landkreis Beispiel, Gesundheitsamt', debtorIban: IBANS[1], debtorBic: null, updatedAt: NOW });
		});

		it('pays released claims in one file, marks them paid, mails and audits', async () => {
			const { auditLog, jobs } = data.t;
			const anna = await payee('Anna Älter', IBANS[0], 'Betreuerin Käthe Groß für Anna Älter');
			const ben = await payee('Ben Beispiel', IBANS[2]);
			const ids = [await claimFor(anna, 'released', 437), await claimFor(ben, 'released', 1)];
			const before = await payoutOverview(data, await office(), conferenceId());
			const expected = before.ready.filter((c) => ids.includes(c.id)).reduce((s, c) => s + c.amountCents, 0);

			const result = await createPayoutBatch(data, await office(), input(ids));
			expect(result.transferCount).toBe(2);
			expect(result.totalCents).toBe(expected);
			const batch = await batchOf(result.batchId);
			expect(batch.totalCents).toBe(expected);
			expect(batch.messageId).toBe(`AE-${batch.number}-${batch.id}`);
			expect(batch.xml).not.toContain('PstlAdr');
			expect(batch.xml).toContain('<Nm>Betreuerin Kaethe Gross fuer Anna Aelter</Nm>');
			expect(validateAgainstXsd(batch.xml).valid).toBe(true);

			for (const id of ids) {
				const claim = await claimOf(id);
				expect(claim.status).toBe('paid');
				expect(claim.batchId).toBe(result.batchId);
				expect(claim.paidAt).toEqual(NOW);
				expect(
					first(
						await data.q
							.select()
							.from(jobs)
							.where(eq(jobs.key, `mail.claimStep:${id}:paid`))
					)
				).toBeTruthy();
				expect(
					first(
						await data.q
							.select()
							.from(auditLog)
							.where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'claim.pay')))
					)
				).toBeTruthy();
			}
			expect(first(await data.q.select().from(auditLog).where(eq(auditLog.subjectId, result.batchId)))?.action).toBe('payout.create');
			const read = (await payoutBatch(data, await office(), conferenceId(), result.batchId))!;
			expect(read.claims.map((c) => c.id).sort()).toEqual([...ids].sort());

			// Paid claims cannot be paid again.
			const again = await (async () => {
				try {
					await createPayoutBatch(data, await office(), input(ids));
				} catch (e) {
					return e;
				}
			})();
			expect(again).toBeInstanceOf(PayoutRefusal);
			expect((again as PayoutRefusal).code).toBe('payout_claim_not_released');
		});

		it('refuses claims that are not released, naming them, and writes nothing', async () => {
			const carla = await payee('Carla Noch-Nicht', IBANS[3]);
			const released = await claimFor(carla, 'released');
			const approved = await claimFor(carla, 'approved');
			const submitted = await claimFor(carla, 'submitted');
			const batches = (await data.q.select().from(data.t.payoutBatches)).length;
			try {
				await createPayoutBatch(data, await office(), input([released, approved, submitted]));
				expect.unreachable();
			} catch (e) {
				expect(e).toBeInstanceOf(PayoutRefusal);
				expect((e as PayoutRefusal).code).toBe('payout_claim_not_released');
				expect((e as PayoutRefusal).claims).toHaveLength(2);
				expect((e as PayoutRefusal).claims.every((c) => c.includes('Carla Noch-Nicht'))).toBe(true);
			}
			expect(await data.q.select().from(data.t.payoutBatches)).toHaveLength(batches);
			expect((await claimOf(released)).status).toBe('released');
		});

		it('refuses payees without IBAN or account holder, and claims with nothing to pay', async () => {
			const noIban = await claimFor(await payee('Dora Ohne-IBAN', null), 'released');
			const noHolder = await claimFor(await payee('Emil Ohne-Inhaber', IBANS[0], null), 'released');
			expect(await refusalOf(createPayoutBatch(data, await office(), input([noIban, noHolder])))).toBe('payout_payee_incomplete');

			const fritz = await payee('Fritz Storniert', IBANS[0]);
			const zero = await claimFor(fritz, 'released');
			const flat = first(await data.q.select().from(data.t.claimLines).where(eq(data.t.claimLines.claimId, zero)))!;
			await data.q
				.insert(data.t.claimLines)
				.values({ claimId: zero, kind: 'reversal', amountCents: -flat.amountCents, reversesLineId: flat.id, reason: 'doppelt', createdAt: NOW });
			expect(await refusalOf(createPayoutBatch(data, await office(), input([zero])))).toBe('payout_amount_not_positive');
		});

		it('refuses a past or malformed execution date, an empty selection, and another conference’s claim', async () => {
			const id = await claimFor(await payee('Gerda Datum', IBANS[0]), 'released');
			for (const executionDate of ['2026-11-30', '2026-02-30', '3.12.2026', '2028-01-01'])
				expect(await refusalOf(createPayoutBatch(data, await office(), { ...input([id]), executionDate }))).toBe('payout_execution_date_invalid');
			expect(await refusalOf(createPayoutBatch(data, await office(), input([])))).toBe('payout_no_claims');
			// The office of conference B names a claim of A under B: it does not exist there.
			const otherOffice = await loadActorOn(data, fixture.ids.otherOffice);
			expect(await refusalOf(createPayoutBatch(data, otherOffice, { ...input([id]), conferenceId: fixture.conferenceB.id }))).toBe('payout_account_missing');
		});

		it('is the office’s: not a member, not the office of another conference, not a platform admin', async () => {
			const id = await claimFor(await payee('Hans Recht', IBANS[0]), 'released');
			for (const name of ['votingMember', 'otherOffice', 'admin'] as const) {
				await expect(createPayoutBatch(data, await loadActorOn(data, fixture.ids[name]), input([id]))).rejects.toThrow();
				await expect(payoutOverview(data, await loadActorOn(data, fixture.ids[name]), conferenceId())).rejects.toThrow();
			}
			await expect(eraseIbans(data, await loadActorOn(data, fixture.ids.votingMember), { conferenceId: conferenceId() })).rejects.toThrow();
		});
	});

	describe('eraseIbans', () => {
		it('erases the IBANs of payees with nothing waiting for payout, keeps the others', async () => {
			const paidOnly = await payee('Ida Fertig', IBANS[0]);
			const claimId = await claimFor(paidOnly, 'released');
			await createPayoutBatch(data, await office(), input([claimId]));
			const waiting = await payee('Jan Wartet', IBANS[1]);
			await claimFor(waiting, 'approved');
			const submitted = await payee('Kim Eingereicht', IBANS[2]);
			await claimFor(submitted, 'submitted');

			const { erased } = await eraseIbans(data, await office(), { conferenceId: conferenceId(), now: NOW });
			expect(erased).toBeGreaterThan(0);
			const { allowancePayees, auditLog } = data.t;
			const row = async (personId: string) =>
				first(
					await data.q
						.select()
						.from(allowancePayees)
						.where(and(eq(allowancePayees.conferenceId, conferenceId()), eq(allowancePayees.personId, personId)))
				)!;
			expect((await row(paidOnly)).iban).toBeNull();
			expect((await row(paidOnly)).ibanErasedAt).toEqual(NOW);
			expect((await row(paidOnly)).accountHolder).toBe('Ida Fertig');
			expect((await row(waiting)).iban).toBe(IBANS[1]);
			expect((await row(submitted)).iban).toBe(IBANS[2]);
			expect(first(await data.q.select().from(auditLog).where(eq(auditLog.action, 'payee.eraseIbans')))?.after).toEqual({ erased });
		});
	});

	describe('draftClaimsOn (a meeting’s claims at once)', () => {
		it('writes what draftClaimOn writes, person by person, and leaves existing claims alone', async () => {
			const { claims, claimLines, groupMeetings } = data.t;
			const meeting = async (title: string) =>
				(
					await data.q
						.insert(groupMeetings)
						.values({ groupId: fixture.group.id, title, startsAt: new Date('2026-10-01T15:00:00Z'), durationMinutes: 60, agenda: [], place: 'Rathaus' })
						.returning()
				)[0].id;
			const [one, many] = [await meeting('Einzeln'), await meeting('Alle')];
			const persons: string[] = [];
			for (const n of ['Lea', 'Max', 'Nora']) persons.push(await payee(n, IBANS[0]));
			const single = await data.transaction(async (tx) => {
				const ids: string[] = [];
				for (const personId of persons)
					ids.push((await draftClaimOn(data, tx, { personId, meeting: { groupMeetingId: one }, now: NOW, actorPersonId: fixture.ids.office }))!.claimId);
				return ids;
			});
			const first = (await data.transaction(async (tx) =>
				draftClaimOn(data, tx, { personId: persons[0], meeting: { groupMeetingId: many }, now: NOW, actorPersonId: fixture.ids.office })
			))!.claimId;
			const batch = (await data.transaction((tx) =>
				draftClaimsOn(data, tx, { personIds: persons, meeting: { groupMeetingId: many }, now: NOW, actorPersonId: fixture.ids.office })
			))!;
			expect(batch.existing).toEqual([first]);
			expect(batch.created).toHaveLength(2);
			const shape = async (claimId: string) => {
				const { id: _id, number: _n, groupMeetingId: _g, meetingTitle: _t, ...claim } = await claimOf(claimId);
				// In a stated order: PostgreSQL promises none without one.
				const lines = (await data.q.select().from(claimLines).where(eq(claimLines.claimId, claimId)).orderBy(claimLines.kind, claimLines.amountCents)).map(
					({ id: _l, claimId: _c, ...line }) => line
				);
				return { claim, lines };
			};
			const shapes = async (claimIds: string[]) => {
				const all = [];
				for (const claimId of claimIds) all.push(await shape(claimId));
				return all;
			};
			expect(await shapes(batch.created)).toEqual(await shapes(single.slice(1)));
			const numbers: number[] = [];
			for (const id of [first, ...batch.created]) numbers.push((await data.q.select().from(claims).where(eq(claims.id, id)))[0].number);
			expect(numbers[1]).toBe(numbers[0] + 1);
			expect(numbers[2]).toBe(numbers[1] + 1);
		});
	});

	describe('the payout pages and downloads', () => {
		const event = async (who: string, conferenceId: string, batchId: string) =>
			({
				locals: { actor: await loadActorOn(data, who) },
				params: { conferenceId, batchId },
				url: new URL(`${ORIGIN}/conferences/${conferenceId}/allowances/payouts/${batchId}`)
			}) as never;
		async function statusOf(run: () => unknown): Promise<number | undefined> {
			try {
				await run();
			} catch (e) {
				return (e as { status?: number }).status;
			}
			return undefined;
		}

		it('give the office the file as stored and the bookkeeping list; refuse everyone else', async () => {
			const claimId = await claimFor(await payee('Olga Download', IBANS[3], 'Olga =Download'), 'released', 5);
			const { batchId } = await createPayoutBatch(data, await office(), input([claimId]));
			const stored = await batchOf(batchId);

			const xml = (await xmlDownload(await event(fixture.ids.office, conferenceId(), batchId))) as Response;
			expect(xml.headers.get('content-disposition')).toBe(`attachment; filename="${stored.messageId}.xml"`);
			expect(await xml.text()).toBe(stored.xml);

			const csv = (await csvDownload(await event(fixture.ids.office, conferenceId(), batchId))) as Response;
			expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="buchhaltung-AE-/);
			const bytes = new Uint8Array(await csv.arrayBuffer());
			expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
			const [, line] = text.slice(1).split('\r\n');
			const amount = (await batchOf(batchId)).totalCents;
			expect(line.split(';')).toEqual([
				expect.stringMatching(/^\d{4}-\d{4}$/),
				'Olga Download',
				expect.any(String),
				'2026-11-10',
				`${Math.floor(amount / 100)},${String(amount % 100).padStart(2, '0')}`,
				stored.messageId,
				'2026-12-01'
			]);

			const page = (await loadBatchPage(await event(fixture.ids.office, conferenceId(), batchId))) as { batch: Record<string, unknown> };
			expect(page.batch).not.toHaveProperty('xml');
			expect(await loadPayoutsPage(await event(fixture.ids.office, conferenceId(), batchId))).toHaveProperty('ready');

			for (const download of [xmlDownload, csvDownload, loadBatchPage, loadPayoutsPage]) {
				expect(await statusOf(async () => download(await event(fixture.ids.votingMember, conferenceId(), batchId)))).toBe(403);
				expect(await statusOf(async () => download(await event(fixture.ids.admin, conferenceId(), batchId)))).toBe(403);
				expect(await statusOf(async () => download(await event(fixture.ids.otherOffice, conferenceId(), batchId)))).toBe(403);
			}
			// The office of B asking under B for A's batch: it does not exist there.
			for (const download of [xmlDownload, csvDownload, loadBatchPage])
				expect(await statusOf(async () => download(await event(fixture.ids.otherOffice, fixture.conferenceB.id, batchId)))).toBe(404);
		});

		it('create a file from the form, or answer with the claims that cannot be paid, named', async () => {
			const ready = await claimFor(await payee('Paula Formular', IBANS[0]), 'released');
			const notYet = await claimFor(await payee('Quentin Wartend', IBANS[1]), 'approved');
			const post = async (claimIds: string[], executionDate: string) => {
				const body = new FormData();
				for (const id of claimIds) body.append('claimIds', id);
				body.set('executionDate', executionDate);
				return {
					request: new Request(`${ORIGIN}/conferences/${conferenceId()}/allowances/payouts?/create`, { method: 'POST', body }),
					locals: { actor: await office() },
					params: { conferenceId: conferenceId() },
					url: new URL(`${ORIGIN}/conferences/${conferenceId()}/allowances/payouts`)
				} as never;
			};
			const refusedAnswer = (await payoutActions.create(await post([ready, notYet], '2020-01-01'))) as {
				status: number;
				data: { refusedClaims: string[]; refusal: string };
			};
			// A day in the past is refused before the claims are looked at.
			expect(refusedAnswer.data.refusal).toBe('payout_execution_date_invalid');
			const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
			const named = (await payoutActions.create(await post([ready, notYet], today))) as { status: number; data: { refusedClaims: string[]; refusal: string } };
			expect(named.status).toBe(400);
			expect(named.data.refusal).toBe('payout_claim_not_released');
			expect(named.data.refusedClaims).toEqual([expect.stringContaining('Quentin Wartend')]);
			let location: string | undefined;
			try {
				await payoutActions.create(await post([ready], today));
			} catch (e) {
				location = (e as { location?: string }).location;
			}
			const paid = await claimOf(ready);
			expect(paid.status).toBe('paid');
			expect(location).toBe(`/conferences/${conferenceId()}/allowances/payouts/${paid.batchId}?created=1`);
		});
	});

	describe('a paid batch after a counter-entry', () => {
		it('shows each claim as it was paid: the page and the CSV keep the file’s total', async () => {
			const { reverseClaimLine } = await import('../../src/lib/server/commands/reverseClaimLine');
			const { payoutAccounts, claimLines } = data.t;
			if (!first(await data.q.select().from(payoutAccounts).where(eq(payoutAccounts.conferenceId, conferenceId()))))
				await data.q
					.insert(payoutAccounts)
					.values({ conferenceId: conferenceId(), debtorName: 'Landkreis Beispiel', debtorIban: IBANS[1], debtorBic: null, updatedAt: NOW });
			const claimId = await claimFor(await payee('Rita Rückbuchung', IBANS[3]), 'released', 1234);
			const result = await createPayoutBatch(data, await office(), input([claimId]));
			const line = first(
				await data.q
					.select()
					.from(claimLines)
					.where(and(eq(claimLines.claimId, claimId), eq(claimLines.kind, 'ticket')))
			)!;
			await reverseClaimLine(data, await office(), {
				conferenceId: conferenceId(),
				claimId,
				lineId: line.id,
				reason: 'Ticket doppelt',
				origin: ORIGIN,
				now: new Date(NOW.getTime() + 60_000)
			});
			const read = (await payoutBatch(data, await office(), conferenceId(), result.batchId))!;
			expect(read.claims.reduce((s, c) => s + c.amountCents, 0)).toBe(result.totalCents);
		});
	});
});
