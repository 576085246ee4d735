import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IN_ALPHABET } from '../../src/lib/domain/checkIn';
import { openReceipt } from '../../src/lib/server/allowances/receipts/open';
import { draftClaimsJobKey } from '../../src/lib/server/allowances/scheduleDrafting';
import { checkIn } from '../../src/lib/server/commands/checkIn';
import { createGroupMeeting } from '../../src/lib/server/commands/createGroupMeeting';
import { draftClaimsForMeeting } from '../../src/lib/server/commands/draftClaimsForMeeting';
import { markMeetingPresent } from '../../src/lib/server/commands/markMeetingPresent';
import { markPresent } from '../../src/lib/server/commands/markPresent';
import { removeAttendance } from '../../src/lib/server/commands/removeAttendance';
import { removeMeetingAttendance } from '../../src/lib/server/commands/removeMeetingAttendance';
import { GET as getReceipt } from '../../src/routes/(app)/receipts/[receiptId]/+server';
import { actions as editActions, load as loadEditor } from '../../src/routes/(app)/conferences/[conferenceId]/allowances/[claimId]/edit/+page.server';
import { closeDb } from '../../src/lib/server/db';
import { allowancesDraftClaims } from '../../src/lib/server/jobs/kinds/allowancesDraftClaims';
import { addClaimLine } from '../../src/lib/server/commands/addClaimLine';
import { submitClaim } from '../../src/lib/server/commands/submitClaim';
import { withdrawClaimLine } from '../../src/lib/server/commands/withdrawClaimLine';
import { draftClaimOn } from '../../src/lib/server/allowances/draftClaim';
import {
	allowancePayees,
	allowanceRules,
	attendance,
	auditLog,
	claimLines,
	claims,
	jobs,
	meetingAttendance,
	plenarySessions,
	receiptFiles,
	receipts
} from '../../src/lib/server/db/schema';
import { transactOn } from '../../src/lib/server/effects';
import { loadActorOn } from '../../src/lib/server/policies';
import { NotAllowed } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { codeOf } from './support/errors';
import { buildFixture, type ActorName } from './support/fixture';
import { refusalOf } from './support/errors';
import { sqliteData } from '../../src/lib/server/db/client';

/**
 * The lines of a claim for an allowance: added by the person or by the office for them, amounts
 * computed from the year's rules, withdrawn while a draft, and the claim submitted only with the
 * self-declaration.
 */
const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const previousDatabaseUrl = process.env.DATABASE_URL;
beforeAll(async () => {
	fixture = await buildFixture(db);
	// The pages and the receipt route open the app's database through getDb(), which follows DATABASE_URL.
	process.env.DATABASE_URL = storage.file;
});
afterAll(() => {
	closeDb();
	if (previousDatabaseUrl === undefined) delete process.env.DATABASE_URL;
	else process.env.DATABASE_URL = previousDatabaseUrl;
	storage.cleanup();
});

const ORIGIN = 'http://localhost:5173';
const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(sqliteData(db.$client), fixture.ids[name]);
const conferenceId = () => fixture.conferenceA.id;

let sittingCount = 0;
/** A sitting of conference A on a day in 2026, and a drafted claim of `who` for it. */
async function draftFor(who: Exclude<ActorName, 'anonymous'> = 'votingMember', startsAt = new Date('2026-03-10T16:00:00Z')) {
	const session = db
		.insert(plenarySessions)
		.values({ conferenceId: conferenceId(), title: `Sitzung ${++sittingCount}`, startsAt, place: 'Rathaus', checkInCode: `code${sittingCount}` })
		.returning()
		.get();
	const drafted = await transactOn(sqliteData(db.$client), async (tx) =>
		draftClaimOn(sqliteData(db.$client), tx, { personId: fixture.ids[who], meeting: { sessionId: session.id }, now: new Date(), actorPersonId: null })
	);
	return drafted!.claimId;
}

const linesOf = (claimId: string) => db.select().from(claimLines).where(eq(claimLines.claimId, claimId)).all();
const lineById = (lineId: string) => db.select().from(claimLines).where(eq(claimLines.id, lineId)).get()!;
const claimById = (claimId: string) => db.select().from(claims).where(eq(claims.id, claimId)).get()!;

async function codeOfAsync(fn: () => Promise<unknown>): Promise<string | undefined> {
	try {
		await fn();
	} catch (e) {
		return codeOf(() => {
			throw e;
		});
	}
	return undefined;
}

describe('lines of a claim', () => {
	it('a trip by car pays the km rate of the claim’s year, rounded once and capped per trip', async () => {
		const claimId = await draftFor();
		const person = await actor('votingMember');
		const { lineId } = await addClaimLine(sqliteData(db.$client), person, {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 125,
			description: 'Hin und zurück'
		});
		// 12.5 km × 0.20 € = 2.50 €
		expect(lineById(lineId)).toMatchObject({ kind: 'travel_km', amountCents: 250, travelMode: 'car', officialInterest: false, status: 'open' });
		const far = await addClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm: 9_999 });
		// 999.9 km × 0.20 € = 199.98 €, capped at 130 €
		expect(lineById(far.lineId).amountCents).toBe(13_000);
	});

	it('uses the rules the office set for that year', async () => {
		db.insert(allowanceRules)
			.values({
				conferenceId: conferenceId(),
				year: 2025,
				flatPlenaryCents: 3000,
				flatWorkingGroupCents: 2000,
				flatSteeringGroupCents: 2500,
				flatOtherCents: 1500,
				kmRateCents: 35,
				kmRateOfficialCents: 40,
				kmRateBicycleCents: 10,
				tripCapCents: 5000,
				yearlyLimitCents: 84_000,
				benefitsLimitCents: 300_000,
				updatedAt: new Date()
			})
			.run();
		const claimId = await draftFor('votingMember', new Date('2025-11-04T17:00:00Z'));
		const { lineId } = await addClaimLine(sqliteData(db.$client), await actor('votingMember'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 33
		});
		// 3.3 km × 0.35 € = 1.155 € → 1.16 € (half up)
		expect(lineById(lineId).amountCents).toBe(116);
		const bike = await addClaimLine(sqliteData(db.$client), await actor('votingMember'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			travelMode: 'bicycle'
		});
		expect(lineById(bike.lineId).amountCents).toBe(100);
	});

	it('a bicycle has its own rate; official interest is the office’s to mark, and only for cars', async () => {
		const claimId = await draftFor();
		const bike = await addClaimLine(sqliteData(db.$client), await actor('votingMember'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			travelMode: 'bicycle'
		});
		expect(lineById(bike.lineId)).toMatchObject({ amountCents: 250, travelMode: 'bicycle' });
		// The person asking for the higher rate is refused, not quietly paid less.
		expect(
			await codeOfAsync(async () =>
				addClaimLine(sqliteData(db.$client), await actor('votingMember'), {
					conferenceId: conferenceId(),
					claimId,
					kind: 'travel_km',
					distanceTenthKm: 100,
					officialInterest: true
				})
			)
		).toBe('official_interest_office_only');
		const official = await addClaimLine(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			officialInterest: true
		});
		expect(lineById(official.lineId)).toMatchObject({ amountCents: 300, officialInterest: true, createdByPersonId: fixture.ids.office });
		const officialBike = await addClaimLine(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			claimId,
			kind: 'travel_km',
			distanceTenthKm: 100,
			travelMode: 'bicycle',
			officialInterest: true
		});
		expect(lineById(officialBike.lineId)).toMatchObject({ amountCents: 250, officialInterest: false });
		const audit = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.addLine')))
			.all();
		expect(audit.at(-2)?.after).toMatchObject({ officialInterest: true, onBehalf: true });
	});

	it('tickets, companions and receipts are typed in cents: more than 0, at most the largest amount', async () => {
		const claimId = await draftFor();
		const person = await actor('votingMember');
		const ticket = await addClaimLine(sqliteData(db.$client), person, {
			conferenceId: conferenceId(),
			claimId,
			kind: 'ticket',
			amountCents: 450,
			description: 'Deutschlandticket-Zuschlag'
		});
		expect(lineById(ticket.lineId)).toMatchObject({ kind: 'ticket', amountCents: 450, description: 'Deutschlandticket-Zuschlag' });
		const companion = await addClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, kind: 'companion', amountCents: 2_000 });
		expect(lineById(companion.lineId).kind).toBe('companion');
		for (const amountCents of [0, -5, 1.5, 10_000_001, undefined])
			expect(
				await codeOfAsync(() => addClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, kind: 'receipt', amountCents }))
			).toBe('claim_line_amount_invalid');
		for (const distanceTenthKm of [0, -1, 100_001, 2.5, undefined])
			expect(
				await codeOfAsync(() => addClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm }))
			).toBe('claim_line_distance_invalid');
		expect(
			await codeOfAsync(() =>
				addClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 100, description: 'x'.repeat(301) })
			)
		).toBe('claim_line_description_too_long');
		expect(
			await codeOfAsync(() =>
				addClaimLine(sqliteData(db.$client), person, {
					conferenceId: conferenceId(),
					claimId,
					kind: 'companion',
					amountCents: 100,
					receipt: { bytes: new Uint8Array(10), name: 'a.jpg' }
				})
			)
		).toBe('receipt_not_for_kind');
	});

	it('only the claimant and the office add lines; nobody adds to another conference’s claim', async () => {
		const claimId = await draftFor();
		const line = { conferenceId: conferenceId(), claimId, kind: 'ticket' as const, amountCents: 100 };
		await expect(addClaimLine(sqliteData(db.$client), await actor('advisoryMember'), line)).rejects.toBeInstanceOf(NotAllowed);
		await expect(addClaimLine(sqliteData(db.$client), await actor('admin'), line)).rejects.toBeInstanceOf(NotAllowed);
		await expect(addClaimLine(sqliteData(db.$client), await actor('otherOffice'), line)).rejects.toBeInstanceOf(NotAllowed);
		await expect(addClaimLine(sqliteData(db.$client), await actor('otherOffice'), { ...line, conferenceId: fixture.conferenceB.id })).rejects.toBeInstanceOf(
			NotAllowed
		);
	});

	it('a line is withdrawn, never deleted; the flat line stays', async () => {
		const claimId = await draftFor();
		const person = await actor('votingMember');
		const { lineId } = await addClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 380 });
		await withdrawClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, lineId });
		expect(lineById(lineId)).toMatchObject({ status: 'withdrawn', amountCents: 380 });
		expect(await refusalOf(withdrawClaimLine(sqliteData(db.$client), person, { conferenceId: conferenceId(), claimId, lineId }))).toBe(
			'claim_line_not_withdrawable'
		);
		const flat = linesOf(claimId).find((l) => l.kind === 'flat')!;
		expect(await refusalOf(withdrawClaimLine(sqliteData(db.$client), await actor('office'), { conferenceId: conferenceId(), claimId, lineId: flat.id }))).toBe(
			'claim_line_not_withdrawable'
		);
		await expect(withdrawClaimLine(sqliteData(db.$client), await actor('advisoryMember'), { conferenceId: conferenceId(), claimId, lineId })).rejects.toThrow(
			NotAllowed
		);
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.withdrawLine')))
				.get()?.after
		).toMatchObject({
			lineId,
			status: 'withdrawn'
		});
	});
});

describe('submitting a claim', () => {
	it('is refused without the self-declaration', async () => {
		const claimId = await draftFor();
		expect(
			await refusalOf(
				submitClaim(sqliteData(db.$client), await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: false, origin: ORIGIN })
			)
		).toBe('claim_declaration_required');
		expect(claimById(claimId).status).toBe('draft');
	});

	it('by the person: declared by them, and then closed to changes', async () => {
		const claimId = await draftFor();
		const now = new Date('2026-03-11T09:00:00Z');
		await submitClaim(sqliteData(db.$client), await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN, now });
		expect(claimById(claimId)).toMatchObject({ status: 'submitted', declaredAt: now, submittedAt: now, declaredByPersonId: fixture.ids.votingMember });
		expect(
			await codeOfAsync(async () =>
				addClaimLine(sqliteData(db.$client), await actor('votingMember'), { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 100 })
			)
		).toBe('claim_not_draft');
		expect(
			await refusalOf(
				submitClaim(sqliteData(db.$client), await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })
			)
		).toBe('claim_not_draft');
		const flat = linesOf(claimId)[0];
		expect(
			await refusalOf(withdrawClaimLine(sqliteData(db.$client), await actor('votingMember'), { conferenceId: conferenceId(), claimId, lineId: flat.id }))
		).toBe('claim_not_draft');
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.submit')))
				.get()?.after
		).toMatchObject({
			status: 'submitted',
			claimedCents: 2500,
			onBehalf: false
		});
	});

	it('by the office on the person’s behalf, audited as such; nobody else', async () => {
		const claimId = await draftFor();
		await expect(
			submitClaim(sqliteData(db.$client), await actor('advisoryMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })
		).rejects.toThrow(NotAllowed);
		await expect(
			submitClaim(sqliteData(db.$client), await actor('admin'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })
		).rejects.toThrow(NotAllowed);
		await submitClaim(sqliteData(db.$client), await actor('office'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
		expect(claimById(claimId)).toMatchObject({ status: 'submitted', declaredByPersonId: fixture.ids.office });
		const entry = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectId, claimId), eq(auditLog.action, 'claim.submit')))
			.get()!;
		expect(entry.actorPersonId).toBe(fixture.ids.office);
		expect(entry.after).toMatchObject({ onBehalf: true });
	});
});

// Receipts -------------------------------------------------------------------------------------

const image = (format: 'jpeg' | 'png', width = 320, height = 240) =>
	sharp({ create: { width, height, channels: 3, background: '#2a6' } })
		[format]()
		.toBuffer();

async function addReceipt(claimId: string, bytes: Uint8Array, name = 'beleg.jpg', who: Exclude<ActorName, 'anonymous'> = 'votingMember') {
	return addClaimLine(sqliteData(db.$client), await actor(who), {
		conferenceId: conferenceId(),
		claimId,
		kind: 'receipt',
		amountCents: 1_290,
		description: 'Taxi',
		receipt: { bytes, name }
	});
}

describe('receipts', () => {
	it('a photo loses its metadata (the camera’s location) and keeps its orientation', async () => {
		const claimId = await draftFor();
		const withGps = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c33' } })
			.jpeg()
			.withExif({
				IFD0: { Make: 'PhoneCo' },
				IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' }
			})
			.toBuffer();
		expect((await sharp(withGps).metadata()).exif).toBeDefined();
		const { lineId, receiptId } = await addReceipt(claimId, withGps, 'IMG_0001.JPG');
		expect(lineById(lineId).receiptId).toBe(receiptId);
		const row = db.select().from(receipts).where(eq(receipts.id, receiptId!)).get()!;
		expect(row).toMatchObject({ contentType: 'image/jpeg', originalName: 'IMG_0001.JPG', personId: fixture.ids.votingMember, claimId });
		const stored = (await openReceipt(sqliteData(db.$client), await actor('votingMember'), receiptId!)).bytes;
		const meta = await sharp(stored).metadata();
		expect(meta.exif).toBeUndefined();
		expect(stored.includes('PhoneCo')).toBe(false);
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 300, 200]);
		expect(row.byteSize).toBe(stored.byteLength);
		// Stored in the database with its row, never where the web server serves files from.
		expect(db.select().from(receiptFiles).where(eq(receiptFiles.receiptId, receiptId!)).get()!.bytes.equals(stored)).toBe(true);
	});

	it('takes PNG and PDF (stored as sent) and HEIF', async () => {
		const claimId = await draftFor();
		const png = await addReceipt(claimId, await image('png'), 'scan.png');
		expect((await openReceipt(sqliteData(db.$client), await actor('office'), png.receiptId!)).contentType).toBe('image/png');
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
		const stored = await addReceipt(claimId, pdf, 'ticket.pdf');
		const opened = await openReceipt(sqliteData(db.$client), await actor('votingMember'), stored.receiptId!);
		expect(opened.contentType).toBe('application/pdf');
		expect(new Uint8Array(opened.bytes)).toEqual(pdf);
		// A HEIF file as a phone writes it, but coded in AV1: sharp here cannot write HEVC (the
		// iPhone's coding). The brand says HEIF ("mif1"), so it is taken as one, and comes out a JPEG.
		const heif = Buffer.from(
			await sharp({ create: { width: 64, height: 48, channels: 3, background: '#33c' } })
				.heif({ compression: 'av1' })
				.toBuffer()
		);
		heif.write('mif1', 8, 'latin1');
		const fromHeif = await addReceipt(claimId, heif, 'IMG_0002.HEIC');
		expect((await openReceipt(sqliteData(db.$client), await actor('votingMember'), fromHeif.receiptId!)).contentType).toBe('image/jpeg');
		// An iPhone HEIC (brand "heic") is recognised by its content: one that cannot be decoded is unreadable, not of a wrong type.
		const craftedHeic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
		expect(await codeOfAsync(() => addReceipt(claimId, craftedHeic, 'IMG_0003.HEIC'))).toBe('receipt_unreadable');
	});

	it('decides the type by the content, never by the name; refuses more than 10 MB; leaves no file behind', async () => {
		const claimId = await draftFor();
		const before = db.select().from(receiptFiles).all().length;
		const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(60), Buffer.from('PE\0\0', 'latin1'), Buffer.alloc(200)]);
		exe.writeUInt32LE(68, 0x3c);
		expect(await codeOfAsync(() => addReceipt(claimId, exe, 'x.jpg'))).toBe('receipt_type_not_allowed');
		const html = new TextEncoder().encode('<!doctype html><script>alert(document.cookie)</script>');
		expect(await codeOfAsync(() => addReceipt(claimId, html, 'x.jpg'))).toBe('receipt_type_not_allowed');
		const big = Buffer.alloc(11 * 1024 * 1024);
		(await image('jpeg')).copy(big);
		expect(await codeOfAsync(() => addReceipt(claimId, big, 'big.jpg'))).toBe('receipt_too_large');
		const truncated = (await image('jpeg', 800, 600)).subarray(0, 400);
		expect(await codeOfAsync(() => addReceipt(claimId, truncated, 'cut.jpg'))).toBe('receipt_unreadable');
		// A claim submitted while the photo was being cleaned: the row is refused, and its file with it.
		await submitClaim(sqliteData(db.$client), await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
		expect(await codeOfAsync(() => addReceipt(claimId, Buffer.from('x'), 'x.jpg'))).toBe('claim_not_draft');
		expect(db.select().from(receiptFiles).all().length).toBe(before);
		expect(db.select().from(claimLines).where(eq(claimLines.claimId, claimId)).all()).toHaveLength(1);
	});

	it('bounds the pixels an image may decode to (a decompression bomb)', async () => {
		const claimId = await draftFor();
		// 9000 × 9000 of one colour: a small PNG that would decode to 81 million pixels.
		const bomb = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#fff' } })
			.png({ compressionLevel: 9 })
			.toBuffer();
		expect(bomb.byteLength).toBeLessThan(10 * 1024 * 1024);
		expect(await codeOfAsync(() => addReceipt(claimId, bomb, 'bomb.png'))).toBe('receipt_unreadable');
	});

	it('is shown to the person and the office only', async () => {
		const claimId = await draftFor();
		const { receiptId } = await addReceipt(claimId, await image('jpeg'));
		expect((await openReceipt(sqliteData(db.$client), await actor('office'), receiptId!)).contentType).toBe('image/jpeg');
		for (const other of ['advisoryMember', 'moderator', 'admin', 'otherOffice', 'groupMember'] as const)
			await expect(openReceipt(sqliteData(db.$client), await actor(other), receiptId!)).rejects.toBeInstanceOf(NotAllowed);
		await expect(openReceipt(sqliteData(db.$client), await actor('office'), 'nosuchreceipt00')).rejects.toBeInstanceOf(NotAllowed);
	});
});

// Drafting after attendance -------------------------------------------------------------------

const eligible = (who: Exclude<ActorName, 'anonymous'>, isEligible = true) =>
	db
		.insert(allowancePayees)
		.values({ conferenceId: conferenceId(), personId: fixture.ids[who], eligible: isEligible, updatedAt: new Date() })
		.onConflictDoUpdate({ target: [allowancePayees.conferenceId, allowancePayees.personId], set: { eligible: isEligible } })
		.run();

/** A check-in code of the real alphabet, one per sitting. */
const checkInCodeFor = (n: number) => 'QZ' + [0, 1, 2, 3].map((i) => CHECK_IN_ALPHABET[Math.floor(n / 31 ** i) % 31]).join('');

function sitting(startsAt: Date) {
	return db
		.insert(plenarySessions)
		.values({ conferenceId: conferenceId(), title: 'Sitzung mit Anwesenheit', startsAt, place: 'Rathaus', checkInCode: checkInCodeFor(++sittingCount) })
		.returning()
		.get();
}

async function runDraftJob(key: string) {
	const job = db.select().from(jobs).where(eq(jobs.key, key)).get()!;
	const payload = allowancesDraftClaims.parse(job.payload === null ? null : JSON.parse(job.payload));
	await allowancesDraftClaims.run(payload, { data: sqliteData(db.$client), jobId: job.id, attempt: 1, signal: new AbortController().signal });
	return job;
}

const claimOf = (who: Exclude<ActorName, 'anonymous'>, meeting: { sessionId: string } | { groupMeetingId: string }) =>
	db
		.select()
		.from(claims)
		.where(
			and(
				eq(claims.personId, fixture.ids[who]),
				'sessionId' in meeting ? eq(claims.sessionId, meeting.sessionId) : eq(claims.groupMeetingId, meeting.groupMeetingId)
			)
		)
		.get();

describe('claims drafted after a meeting', () => {
	it('a check-in queues drafting for after the sitting; the job drafts for eligible attendees only, once', async () => {
		eligible('advisoryMember');
		eligible('deputy');
		eligible('moderator', false);
		const startsAt = new Date('2026-05-05T15:00:00Z');
		const s = sitting(startsAt);
		const now = new Date('2026-05-05T15:05:00Z');
		await checkIn(sqliteData(db.$client), await actor('advisoryMember'), { code: s.checkInCode, method: 'code', now, origin: ORIGIN });
		await markPresent(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			sessionId: s.id,
			personId: fixture.ids.moderator,
			now,
			origin: ORIGIN
		});
		await markPresent(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			sessionId: s.id,
			personId: fixture.ids.votingMember,
			now,
			origin: ORIGIN
		});
		const key = draftClaimsJobKey({ sessionId: s.id });
		const queued = db.select().from(jobs).where(eq(jobs.key, key)).all();
		// One job for the sitting, however many were marked present; four hours after its start.
		expect(queued).toHaveLength(1);
		expect(queued[0].runAt.getTime()).toBe(startsAt.getTime() + 4 * 60 * 60 * 1000);
		expect(claimOf('advisoryMember', { sessionId: s.id })).toBeUndefined();
		await runDraftJob(key);
		const claim = claimOf('advisoryMember', { sessionId: s.id })!;
		expect(claim).toMatchObject({ status: 'draft', meetingType: 'plenary', year: 2026 });
		expect(linesOf(claim.id)).toMatchObject([{ kind: 'flat', amountCents: 2500, createdByPersonId: null }]);
		// Not eligible (moderator), or not in the payees at all (votingMember), or absent (deputy): no claim.
		expect(claimOf('moderator', { sessionId: s.id })).toBeUndefined();
		expect(claimOf('votingMember', { sessionId: s.id })).toBeUndefined();
		expect(claimOf('deputy', { sessionId: s.id })).toBeUndefined();
		const mail = db
			.select()
			.from(jobs)
			.where(eq(jobs.key, `mail.claimStep:${claim.id}:drafted`))
			.get();
		expect(JSON.parse(mail!.payload!)).toEqual({ claimId: claim.id, step: 'drafted', origin: ORIGIN });
		const audit = db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectId, claim.id), eq(auditLog.action, 'claim.draft')))
			.get()!;
		expect(audit.actorPersonId).toBeNull();
		// Idempotent: running again drafts nothing new and mails nobody twice.
		await runDraftJob(key);
		expect(db.select().from(claims).where(eq(claims.sessionId, s.id)).all()).toHaveLength(1);
		expect(
			db
				.select()
				.from(jobs)
				.where(eq(jobs.key, `mail.claimStep:${claim.id}:drafted`))
				.all()
		).toHaveLength(1);
	});

	it('a group meeting drafts after its end; the office may draft at once', async () => {
		eligible('groupMember');
		const meeting = await createGroupMeeting(sqliteData(db.$client), await actor('groupCoordinator'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			title: 'Treffen',
			startsAt: new Date('2026-06-10T12:00:00Z'),
			durationMinutes: 90,
			place: 'Raum 1',
			videoUrl: null,
			agenda: [],
			moderatorPersonId: null,
			minuteTakerPersonId: fixture.ids.minuteTaker
		});
		await markMeetingPresent(sqliteData(db.$client), await actor('minuteTaker'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			meetingId: meeting.id,
			personId: fixture.ids.groupMember,
			now: new Date('2026-06-10T12:10:00Z'),
			origin: ORIGIN
		});
		const job = db
			.select()
			.from(jobs)
			.where(eq(jobs.key, draftClaimsJobKey({ groupMeetingId: meeting.id })))
			.get()!;
		expect(job.runAt).toEqual(new Date('2026-06-10T13:30:00Z'));
		await expect(
			draftClaimsForMeeting(sqliteData(db.$client), await actor('groupCoordinator'), {
				conferenceId: conferenceId(),
				meeting: { groupMeetingId: meeting.id },
				origin: ORIGIN
			})
		).rejects.toThrow(NotAllowed);
		await expect(
			draftClaimsForMeeting(sqliteData(db.$client), await actor('admin'), {
				conferenceId: conferenceId(),
				meeting: { groupMeetingId: meeting.id },
				origin: ORIGIN
			})
		).rejects.toThrow(NotAllowed);
		const first = await draftClaimsForMeeting(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			meeting: { groupMeetingId: meeting.id },
			origin: ORIGIN
		});
		expect(first.drafted).toHaveLength(1);
		expect(claimOf('groupMember', { groupMeetingId: meeting.id })).toMatchObject({ meetingType: 'working_group', status: 'draft' });
		const again = await draftClaimsForMeeting(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			meeting: { groupMeetingId: meeting.id },
			origin: ORIGIN
		});
		expect(again).toEqual({ drafted: [], existing: 1 });
		expect(
			await refusalOf(
				draftClaimsForMeeting(sqliteData(db.$client), await actor('office'), {
					conferenceId: conferenceId(),
					meeting: { sessionId: 'nosuchsession00' },
					origin: ORIGIN
				})
			)
		).toBe('not_found');
	});
});

describe('attendance a claim rests on', () => {
	it('is removed with its unpaid claim cancelled, in the same step', async () => {
		eligible('advisoryMember');
		const s = sitting(new Date('2026-07-07T15:00:00Z'));
		await markPresent(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			sessionId: s.id,
			personId: fixture.ids.advisoryMember,
			origin: ORIGIN
		});
		await draftClaimsForMeeting(sqliteData(db.$client), await actor('office'), { conferenceId: conferenceId(), meeting: { sessionId: s.id }, origin: ORIGIN });
		const claim = claimOf('advisoryMember', { sessionId: s.id })!;
		await submitClaim(sqliteData(db.$client), await actor('advisoryMember'), {
			conferenceId: conferenceId(),
			claimId: claim.id,
			declaration: true,
			origin: ORIGIN
		});
		await removeAttendance(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			sessionId: s.id,
			personId: fixture.ids.advisoryMember,
			origin: ORIGIN
		});
		const cancelled = claimById(claim.id);
		expect(cancelled.status).toBe('cancelled');
		expect(cancelled.reason).toMatch(/Anwesenheit/);
		expect(db.select().from(attendance).where(eq(attendance.sessionId, s.id)).all()).toHaveLength(0);
		expect(
			db
				.select()
				.from(jobs)
				.where(eq(jobs.key, `mail.claimStep:${claim.id}:cancelled`))
				.get()
		).toBeDefined();
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.subjectId, claim.id), eq(auditLog.action, 'claim.cancel')))
				.get()?.after
		).toMatchObject({
			status: 'cancelled'
		});
	});

	it('cannot be removed once a paid claim rests on it (sitting and group meeting)', async () => {
		eligible('groupMember');
		const s = sitting(new Date('2026-08-04T15:00:00Z'));
		await markPresent(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			sessionId: s.id,
			personId: fixture.ids.advisoryMember,
			origin: ORIGIN
		});
		await draftClaimsForMeeting(sqliteData(db.$client), await actor('office'), { conferenceId: conferenceId(), meeting: { sessionId: s.id }, origin: ORIGIN });
		const claim = claimOf('advisoryMember', { sessionId: s.id })!;
		// The payout is another part's: set the end state directly, as a batch would.
		db.update(claims).set({ status: 'paid', paidAt: new Date() }).where(eq(claims.id, claim.id)).run();
		expect(
			await refusalOf(
				removeAttendance(sqliteData(db.$client), await actor('office'), { conferenceId: conferenceId(), sessionId: s.id, personId: fixture.ids.advisoryMember })
			)
		).toBe('attendance_has_paid_claim');
		expect(db.select().from(attendance).where(eq(attendance.sessionId, s.id)).all()).toHaveLength(1);
		expect(claimById(claim.id).status).toBe('paid');

		const meeting = await createGroupMeeting(sqliteData(db.$client), await actor('groupCoordinator'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			title: 'Treffen bezahlt',
			startsAt: new Date('2026-08-12T12:00:00Z'),
			durationMinutes: 60,
			place: 'Raum 1',
			videoUrl: null,
			agenda: [],
			moderatorPersonId: null,
			minuteTakerPersonId: fixture.ids.minuteTaker
		});
		const ids = { conferenceId: conferenceId(), groupId: fixture.group.id, meetingId: meeting.id, personId: fixture.ids.groupMember };
		await markMeetingPresent(sqliteData(db.$client), await actor('minuteTaker'), { ...ids, origin: ORIGIN });
		await draftClaimsForMeeting(sqliteData(db.$client), await actor('office'), {
			conferenceId: conferenceId(),
			meeting: { groupMeetingId: meeting.id },
			origin: ORIGIN
		});
		const groupClaim = claimOf('groupMember', { groupMeetingId: meeting.id })!;
		db.update(claims).set({ status: 'paid', paidAt: new Date() }).where(eq(claims.id, groupClaim.id)).run();
		expect(await refusalOf(removeMeetingAttendance(sqliteData(db.$client), await actor('minuteTaker'), ids))).toBe('attendance_has_paid_claim');
		expect(db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id)).all()).toHaveLength(1);
	});
});

// The office's draft editor and the receipt route ------------------------------------------------

describe('the office’s draft editor and the receipt route', () => {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const event = async (who: Exclude<ActorName, 'anonymous'>, claimId: string, extra: Record<string, unknown> = {}): Promise<any> => ({
		locals: { actor: await actor(who) },
		params: { conferenceId: conferenceId(), claimId },
		url: new URL(`${ORIGIN}/conferences/${conferenceId()}/allowances/${claimId}/edit`),
		...extra
	});

	it('opens to the office only, and only while the claim is a draft', async () => {
		const claimId = await draftFor();
		expect(await loadEditor(await event('office', claimId))).toMatchObject({ claim: { id: claimId }, marksOfficialInterest: true });
		for (const who of ['votingMember', 'advisoryMember', 'admin', 'otherOffice'] as const) {
			// The claimant edits in "Mein Geld"; here the standard editor still lets them (claim.edit), others never.
			if (who === 'votingMember') expect(await loadEditor(await event(who, claimId))).toMatchObject({ marksOfficialInterest: false });
			else await expect(loadEditor(await event(who, claimId))).rejects.toBeInstanceOf(NotAllowed);
		}
		await submitClaim(sqliteData(db.$client), await actor('office'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
		await expect(loadEditor(await event('office', claimId))).rejects.toBeInstanceOf(NotAllowed);
	});

	it('adds a line with a receipt from a multipart form, and serves it with its type, inline, sandboxed, not cached', async () => {
		const claimId = await draftFor();
		const form = new FormData();
		form.set('kind', 'ticket');
		form.set('amount', '12,40');
		form.set('description', 'Regionalzug');
		form.set('receipt', new File([new Uint8Array(await image('jpeg'))], 'fahrkarte.jpg', { type: 'text/html' }));
		const request = new Request(`${ORIGIN}/x?/addLine`, { method: 'POST', body: form });
		expect(await editActions.addLine(await event('office', claimId, { request }))).toMatchObject({ saved: true });
		const line = linesOf(claimId).find((l) => l.kind === 'ticket')!;
		expect(line).toMatchObject({ amountCents: 1240, description: 'Regionalzug' });
		const response = await getReceipt(await event('votingMember', claimId, { params: { receiptId: line.receiptId } }));
		expect(response.headers.get('content-type')).toBe('image/jpeg');
		expect(response.headers.get('content-disposition')).toBe('inline');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('content-security-policy')).toBe('sandbox');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		for (const other of ['advisoryMember', 'admin', 'otherOffice'] as const)
			await expect(getReceipt(await event(other, claimId, { params: { receiptId: line.receiptId } }))).rejects.toBeInstanceOf(NotAllowed);
		// A file that is no receipt comes back as the form's message next to the field, the input kept.
		const bad = new FormData();
		bad.set('kind', 'receipt');
		bad.set('amount', '3');
		bad.set('receipt', new File(['<html><script>alert(1)</script>'], 'x.jpg', { type: 'image/jpeg' }));
		const refusedAnswer = await editActions.addLine(
			await event('office', claimId, { request: new Request(`${ORIGIN}/x?/addLine`, { method: 'POST', body: bad }) })
		);
		expect(refusedAnswer).toMatchObject({ status: 400, data: { errors: { receipt: expect.stringMatching(/JPEG/) }, values: { amount: '3' } } });
	});
});
