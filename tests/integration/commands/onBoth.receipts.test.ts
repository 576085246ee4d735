import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReceipt } from '../../../src/lib/server/allowances/receipts/open';
import { importReceiptFolder, legacyReceiptsFolder } from '../../../src/lib/server/allowances/receipts/store';
import { addClaimLine } from '../../../src/lib/server/commands/addClaimLine';
import { draftClaimsForMeeting } from '../../../src/lib/server/commands/draftClaimsForMeeting';
import { submitClaim } from '../../../src/lib/server/commands/submitClaim';
import { first, type Data } from '../../../src/lib/server/db/client';
import { NotAllowed, type Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * `addClaimLine` and the receipts on the data layer, on both databases: a receipt's bytes are in
 * the database (`receipt_files`), written in the transaction of its row, read back by
 * `openReceipt`; a refused line leaves neither; the folder of an installation from before is
 * imported at start-up. On PostgreSQL, a line added while another instance submits the claim,
 * and two instances importing the same folder at once.
 */
const ORIGIN = 'https://ratschlag.example';
const at = new Date('2026-06-10T10:00:00Z');

const person = (personId: string, role: 'office' | 'member'): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences: new Map([['north', { roles: new Set([role]), memberStatus: role === 'member' ? 'voting' : null }]]),
	groups: new Map()
});
const office = person('o1', 'office');
const v0 = person('v0', 'member');
const v1 = person('v1', 'member');

/** Conference north: an office member and two voting members present at sitting s1, both eligible. */
async function seed(data: Data): Promise<void> {
	const { q, t } = data;
	await q.insert(t.people).values(['v0', 'v1', 'o1'].map((id) => ({ id, displayName: id })));
	await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
	await q.insert(t.conferenceMemberships).values([
		{ conferenceId: 'north', personId: 'v0', role: 'member' as const, memberStatus: 'voting' as const },
		{ conferenceId: 'north', personId: 'v1', role: 'member' as const, memberStatus: 'voting' as const },
		{ conferenceId: 'north', personId: 'o1', role: 'office' as const }
	]);
	await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' });
	await q.insert(t.attendance).values(['v0', 'v1'].map((personId) => ({ sessionId: 's1', personId, checkedInAt: at, method: 'code' as const })));
	await q.insert(t.allowancePayees).values(['v0', 'v1'].map((personId) => ({ conferenceId: 'north', personId, eligible: true, updatedAt: at })));
	await draftClaimsForMeeting(data, office, { conferenceId: 'north', meeting: { sessionId: 's1' }, origin: ORIGIN, now: at });
}

const photo = (background: string) =>
	sharp({ create: { width: 40, height: 30, channels: 3, background } })
		.jpeg()
		.toBuffer();
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(DIALECTS)('receipts on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		await seed(data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	async function claimOf(personId: string) {
		const { claims } = data.t;
		return first(
			await data.q
				.select()
				.from(claims)
				.where(and(eq(claims.personId, personId), eq(claims.sessionId, 's1')))
		)!;
	}
	async function counts() {
		const { receipts, receiptFiles } = data.t;
		return { receipts: (await data.q.select().from(receipts)).length, files: (await data.q.select().from(receiptFiles)).length };
	}
	const ticket = (actor: Actor, claimId: string, bytes: Uint8Array, handle = data) =>
		addClaimLine(handle, actor, {
			conferenceId: 'north',
			claimId,
			kind: 'ticket',
			amountCents: 380,
			description: 'Bus',
			receipt: { bytes, name: 'IMG_1.JPG' },
			now: at
		});

	it('adds a line with a receipt and reads the receipt back from the database, to the person and the office only', async () => {
		const claim = await claimOf('v0');
		const { lineId, receiptId } = await ticket(v0, claim.id, PDF);
		const { claimLines, receipts, auditLog } = data.t;
		expect(first(await data.q.select().from(claimLines).where(eq(claimLines.id, lineId)))).toMatchObject({ receiptId, amountCents: 380, kind: 'ticket' });
		expect(first(await data.q.select().from(receipts).where(eq(receipts.id, receiptId!)))).toMatchObject({
			claimId: claim.id,
			personId: 'v0',
			contentType: 'application/pdf',
			byteSize: PDF.byteLength,
			sha256: sha256(PDF),
			originalName: 'IMG_1.JPG'
		});
		const opened = await openReceipt(data, v0, receiptId!);
		expect(opened.contentType).toBe('application/pdf');
		expect(new Uint8Array(opened.bytes)).toEqual(PDF);
		const photoBytes = await photo('#2a6');
		const byOffice = await ticket(office, claim.id, photoBytes);
		const stored = await openReceipt(data, office, byOffice.receiptId!);
		expect(stored.contentType).toBe('image/jpeg');
		expect((await sharp(stored.bytes).metadata()).width).toBe(40);
		await expect(openReceipt(data, v1, receiptId!)).rejects.toBeInstanceOf(NotAllowed);
		await expect(openReceipt(data, office, 'nosuchreceipt00')).rejects.toBeInstanceOf(NotAllowed);
		expect(await counts()).toEqual({ receipts: 2, files: 2 });
		const audit = first(
			await data.q
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'claim.addLine'), eq(auditLog.subjectId, claim.id)))
		);
		expect(audit?.after).toMatchObject({ lineId, receiptId, onBehalf: false });
		// A trip by km: computed from the rules of the claim's year (defaults: 0.20 €/km).
		const trip = await addClaimLine(data, v0, { conferenceId: 'north', claimId: claim.id, kind: 'travel_km', distanceTenthKm: 125 });
		expect(first(await data.q.select().from(claimLines).where(eq(claimLines.id, trip.lineId)))).toMatchObject({ amountCents: 250, receiptId: null });
	});

	it('a refused line leaves neither a receipt nor its bytes', async () => {
		const claim = await claimOf('v0');
		const bytes = await photo('#c33');
		expect(
			await refusalOf(
				addClaimLine(data, v0, { conferenceId: 'north', claimId: claim.id, kind: 'companion', amountCents: 100, receipt: { bytes, name: 'x.jpg' } })
			)
		).toBe('receipt_not_for_kind');
		expect(await refusalOf(ticket(v0, claim.id, new TextEncoder().encode('<html>no</html>')))).toBe('receipt_type_not_allowed');
		await expect(ticket(v1, claim.id, bytes)).rejects.toBeInstanceOf(NotAllowed);
		await submitClaim(data, v0, { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN, now: at });
		expect(await refusalOf(ticket(v0, claim.id, bytes))).toBe('claim_not_draft');
		expect(await counts()).toEqual({ receipts: 0, files: 0 });
	});

	it.runIf(dialect === 'postgres')(
		'a line with a receipt added while another instance submits the claim: in the claim with its bytes, or refused with none',
		async () => {
			const other = await db.another();
			const bytes = await photo('#33c');
			for (const personId of ['v0', 'v1']) {
				const claim = await claimOf(personId);
				const actor = personId === 'v0' ? v0 : v1;
				const [added, submitted] = await Promise.allSettled([
					ticket(actor, claim.id, bytes),
					submitClaim(other, actor, { conferenceId: 'north', claimId: claim.id, declaration: true, origin: ORIGIN, now: at })
				]);
				expect(submitted.status).toBe('fulfilled');
				const { claimLines, receipts, receiptFiles } = data.t;
				const lines = await data.q.select().from(claimLines).where(eq(claimLines.claimId, claim.id));
				const ownReceipts = await data.q.select().from(receipts).where(eq(receipts.claimId, claim.id));
				if (added.status === 'fulfilled') {
					expect(lines.map((l) => l.kind).sort()).toEqual(['flat', 'ticket']);
					expect(ownReceipts.map((r) => r.id)).toEqual([added.value.receiptId]);
					expect(await data.q.select().from(receiptFiles).where(eq(receiptFiles.receiptId, added.value.receiptId!))).toHaveLength(1);
				} else {
					expect(await refusalOf(Promise.reject(added.reason))).toBe('claim_not_draft');
					expect(lines.map((l) => l.kind)).toEqual(['flat']);
					expect(ownReceipts).toEqual([]);
				}
			}
			const { receipts, receiptFiles } = data.t;
			expect((await data.q.select().from(receiptFiles)).length).toBe((await data.q.select().from(receipts)).length);
		}
	);

	// --- the folder of an installation from before ------------------------------------------------------

	let folder: string;
	beforeEach(() => {
		folder = join(mkdtempSync(join(tmpdir(), 'ratschlag-receipts-')), 'receipts');
		mkdirSync(folder);
	});
	afterEach(() => {
		rmSync(join(folder, '..'), { recursive: true, force: true });
	});

	/** A receipt's row as the old store wrote it (its file in the folder, not in the database). */
	async function legacyReceipt(id: string, bytes: Uint8Array, file = true) {
		const claim = await claimOf('v0');
		const { receipts } = data.t;
		await data.q.insert(receipts).values({
			id,
			conferenceId: 'north',
			personId: 'v0',
			claimId: claim.id,
			contentType: 'application/pdf',
			byteSize: bytes.byteLength,
			sha256: sha256(bytes),
			createdAt: at
		});
		if (file) writeFileSync(join(folder, id), bytes);
	}

	it('imports the files whose receipt exists, removes them from the folder, leaves the rest in place', async () => {
		expect(legacyReceiptsFolder('/srv/ratschlag/data/ratschlag.sqlite')).toBe('/srv/ratschlag/data/receipts');
		expect(legacyReceiptsFolder(':memory:')).toBeNull();
		const a = new TextEncoder().encode('%PDF-1.4 a');
		const b = new TextEncoder().encode('%PDF-1.4 b');
		await legacyReceipt('receipta0001', a);
		await legacyReceipt('receiptb0001', b);
		// A file without a row (an upload cut short), a half-written one, a file whose bytes are not the row's.
		writeFileSync(join(folder, 'orphan000001'), 'x');
		writeFileSync(join(folder, 'receiptc0001.partial'), 'x');
		await legacyReceipt('receiptd0001', new TextEncoder().encode('%PDF-1.4 d'), false);
		writeFileSync(join(folder, 'receiptd0001'), 'changed on disk');

		expect(await importReceiptFolder(data, folder)).toEqual({
			imported: 2,
			alreadyStored: 0,
			partialsRemoved: 1,
			kept: [
				{ name: 'orphan000001', reason: 'no_receipt' },
				{ name: 'receiptd0001', reason: 'checksum_differs' }
			]
		});
		expect(new Uint8Array((await openReceipt(data, v0, 'receipta0001')).bytes)).toEqual(a);
		expect(new Uint8Array((await openReceipt(data, office, 'receiptb0001')).bytes)).toEqual(b);
		expect(readdirSync(folder).sort()).toEqual(['orphan000001', 'receiptd0001']);
		// Started again: nothing more to do, and the same two left.
		expect(await importReceiptFolder(data, folder)).toMatchObject({
			imported: 0,
			alreadyStored: 0,
			kept: [{ name: 'orphan000001' }, { name: 'receiptd0001' }]
		});
		// A file the database already has (a start cut short after the commit) is only removed; the emptied folder goes.
		rmSync(join(folder, 'orphan000001'));
		rmSync(join(folder, 'receiptd0001'));
		writeFileSync(join(folder, 'receipta0001'), a);
		expect(await importReceiptFolder(data, folder)).toMatchObject({ imported: 0, alreadyStored: 1, kept: [] });
		expect(existsSync(folder)).toBe(false);
		expect(await importReceiptFolder(data, folder)).toEqual({ imported: 0, alreadyStored: 0, partialsRemoved: 0, kept: [] });
		expect(await importReceiptFolder(data, null)).toEqual({ imported: 0, alreadyStored: 0, partialsRemoved: 0, kept: [] });
	});

	it.runIf(dialect === 'postgres')('two instances starting together import each file once', async () => {
		const other = await db.another();
		const files = await Promise.all(
			Array.from({ length: 12 }, async (_, i) => {
				const bytes = new TextEncoder().encode(`%PDF-1.4 ${i}`);
				const id = `receipt${String(i).padStart(5, '0')}`;
				await legacyReceipt(id, bytes);
				return { id, bytes };
			})
		);
		const [one, two] = await Promise.all([importReceiptFolder(data, folder), importReceiptFolder(other, folder)]);
		expect(one.kept).toEqual([]);
		expect(two.kept).toEqual([]);
		expect(one.imported + two.imported).toBe(12);
		expect(existsSync(folder)).toBe(false);
		for (const { id, bytes } of files) expect(new Uint8Array((await openReceipt(data, v0, id)).bytes)).toEqual(bytes);
		expect(await counts()).toEqual({ receipts: 12, files: 12 });
	});
});
