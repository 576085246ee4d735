import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
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
import { allowancesDraftClaims } from '../../src/lib/server/jobs/kinds/allowancesDraftClaims';
import { addClaimLine } from '../../src/lib/server/commands/addClaimLine';
import { submitClaim } from '../../src/lib/server/commands/submitClaim';
import { withdrawClaimLine } from '../../src/lib/server/commands/withdrawClaimLine';
import { first, type Data } from '../../src/lib/server/db/client';
import { loadActorOn } from '../../src/lib/server/policies';
import { NotAllowed } from '../../src/lib/server/policies';
import { sittingWithClaim } from './support/claims';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, pagesData, type Fixture } from './support/fixtureOn';
import { refusalOf } from './support/errors';

// The editor and the receipt route read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

/**
 * The lines of a claim for an allowance: added by the person or by the office for them, amounts
 * computed from the year's rules, withdrawn while a draft, and the claim submitted only with the
 * self-declaration. On SQLite and PostgreSQL.
 */
const ORIGIN = 'http://localhost:5173';

const image = (format: 'jpeg' | 'png', width = 320, height = 240) =>
	sharp({ create: { width, height, channels: 3, background: '#2a6' } })
		[format]()
		.toBuffer();

describe.each(DIALECTS)('claim lines on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const conferenceId = () => fixture.conferenceA.id;

	let sittingCount = 0;
	/** A sitting of conference A on a day in 2026, and a drafted claim of `who` for it. */
	async function draftFor(who: Exclude<ActorName, 'anonymous'> = 'votingMember', startsAt = new Date('2026-03-10T16:00:00Z')) {
		const { claimId } = await sittingWithClaim(data, {
			conferenceId: conferenceId(),
			personId: fixture.ids[who],
			startsAt,
			title: `Sitzung ${++sittingCount}`,
			checkInCode: `code${sittingCount}`
		});
		return claimId;
	}

	const linesOf = async (claimId: string) => await data.q.select().from(data.t.claimLines).where(eq(data.t.claimLines.claimId, claimId));
	const lineById = async (lineId: string) => first(await data.q.select().from(data.t.claimLines).where(eq(data.t.claimLines.id, lineId)))!;
	const claimById = async (claimId: string) => first(await data.q.select().from(data.t.claims).where(eq(data.t.claims.id, claimId)))!;

	describe('lines of a claim', () => {
		it('a trip by car pays the km rate of the claim’s year, rounded once and capped per trip', async () => {
			const claimId = await draftFor();
			const person = await actor('votingMember');
			const { lineId } = await addClaimLine(data, person, {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 125,
				description: 'Hin und zurück'
			});
			// 12.5 km × 0.20 € = 2.50 €
			expect(await lineById(lineId)).toMatchObject({ kind: 'travel_km', amountCents: 250, travelMode: 'car', officialInterest: false, status: 'open' });
			const far = await addClaimLine(data, person, { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm: 9_999 });
			// 999.9 km × 0.20 € = 199.98 €, capped at 130 €
			expect((await lineById(far.lineId)).amountCents).toBe(13_000);
		});

		it('uses the rules the office set for that year', async () => {
			await data.q.insert(data.t.allowanceRules).values({
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
			});
			const claimId = await draftFor('votingMember', new Date('2025-11-04T17:00:00Z'));
			const { lineId } = await addClaimLine(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 33
			});
			// 3.3 km × 0.35 € = 1.155 € → 1.16 € (half up)
			expect((await lineById(lineId)).amountCents).toBe(116);
			const bike = await addClaimLine(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 100,
				travelMode: 'bicycle'
			});
			expect((await lineById(bike.lineId)).amountCents).toBe(100);
		});

		it('a bicycle has its own rate; official interest is the office’s to mark, and only for cars', async () => {
			const claimId = await draftFor();
			const bike = await addClaimLine(data, await actor('votingMember'), {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 100,
				travelMode: 'bicycle'
			});
			expect(await lineById(bike.lineId)).toMatchObject({ amountCents: 250, travelMode: 'bicycle' });
			// The person asking for the higher rate is refused, not quietly paid less.
			expect(
				await refusalOf(
					addClaimLine(data, await actor('votingMember'), {
						conferenceId: conferenceId(),
						claimId,
						kind: 'travel_km',
						distanceTenthKm: 100,
						officialInterest: true
					})
				)
			).toBe('official_interest_office_only');
			const official = await addClaimLine(data, await actor('office'), {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 100,
				officialInterest: true
			});
			expect(await lineById(official.lineId)).toMatchObject({ amountCents: 300, officialInterest: true, createdByPersonId: fixture.ids.office });
			const officialBike = await addClaimLine(data, await actor('office'), {
				conferenceId: conferenceId(),
				claimId,
				kind: 'travel_km',
				distanceTenthKm: 100,
				travelMode: 'bicycle',
				officialInterest: true
			});
			expect(await lineById(officialBike.lineId)).toMatchObject({ amountCents: 250, officialInterest: false });
			const audit = await data.q
				.select()
				.from(data.t.auditLog)
				.where(and(eq(data.t.auditLog.subjectId, claimId), eq(data.t.auditLog.action, 'claim.addLine')))
				// In the order written: PostgreSQL promises no order without ORDER BY.
				.orderBy(asc(data.t.auditLog.seq));
			expect(audit.at(-2)?.after).toMatchObject({ officialInterest: true, onBehalf: true });
		});

		it('tickets, companions and receipts are typed in cents: more than 0, at most the largest amount', async () => {
			const claimId = await draftFor();
			const person = await actor('votingMember');
			const ticket = await addClaimLine(data, person, {
				conferenceId: conferenceId(),
				claimId,
				kind: 'ticket',
				amountCents: 450,
				description: 'Deutschlandticket-Zuschlag'
			});
			expect(await lineById(ticket.lineId)).toMatchObject({ kind: 'ticket', amountCents: 450, description: 'Deutschlandticket-Zuschlag' });
			const companion = await addClaimLine(data, person, { conferenceId: conferenceId(), claimId, kind: 'companion', amountCents: 2_000 });
			expect((await lineById(companion.lineId)).kind).toBe('companion');
			for (const amountCents of [0, -5, 1.5, 10_000_001, undefined])
				expect(await refusalOf(addClaimLine(data, person, { conferenceId: conferenceId(), claimId, kind: 'receipt', amountCents }))).toBe(
					'claim_line_amount_invalid'
				);
			for (const distanceTenthKm of [0, -1, 100_001, 2.5, undefined])
				expect(await refusalOf(addClaimLine(data, person, { conferenceId: conferenceId(), claimId, kind: 'travel_km', distanceTenthKm }))).toBe(
					'claim_line_distance_invalid'
				);
			expect(
				await refusalOf(addClaimLine(data, person, { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 100, description: 'x'.repeat(301) }))
			).toBe('claim_line_description_too_long');
			expect(
				await refusalOf(
					addClaimLine(data, person, {
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
			await expect(addClaimLine(data, await actor('advisoryMember'), line)).rejects.toBeInstanceOf(NotAllowed);
			await expect(addClaimLine(data, await actor('admin'), line)).rejects.toBeInstanceOf(NotAllowed);
			await expect(addClaimLine(data, await actor('otherOffice'), line)).rejects.toBeInstanceOf(NotAllowed);
			await expect(addClaimLine(data, await actor('otherOffice'), { ...line, conferenceId: fixture.conferenceB.id })).rejects.toBeInstanceOf(NotAllowed);
		});

		it('a line is withdrawn, never deleted; the flat line stays', async () => {
			const claimId = await draftFor();
			const person = await actor('votingMember');
			const { lineId } = await addClaimLine(data, person, { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 380 });
			await withdrawClaimLine(data, person, { conferenceId: conferenceId(), claimId, lineId });
			expect(await lineById(lineId)).toMatchObject({ status: 'withdrawn', amountCents: 380 });
			expect(await refusalOf(withdrawClaimLine(data, person, { conferenceId: conferenceId(), claimId, lineId }))).toBe('claim_line_not_withdrawable');
			const flat = (await linesOf(claimId)).find((l) => l.kind === 'flat')!;
			expect(await refusalOf(withdrawClaimLine(data, await actor('office'), { conferenceId: conferenceId(), claimId, lineId: flat.id }))).toBe(
				'claim_line_not_withdrawable'
			);
			await expect(withdrawClaimLine(data, await actor('advisoryMember'), { conferenceId: conferenceId(), claimId, lineId })).rejects.toThrow(NotAllowed);
			expect(
				first(
					await data.q
						.select()
						.from(data.t.auditLog)
						.where(and(eq(data.t.auditLog.subjectId, claimId), eq(data.t.auditLog.action, 'claim.withdrawLine')))
				)?.after
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
				await refusalOf(submitClaim(data, await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: false, origin: ORIGIN }))
			).toBe('claim_declaration_required');
			expect((await claimById(claimId)).status).toBe('draft');
		});

		it('by the person: declared by them, and then closed to changes', async () => {
			const claimId = await draftFor();
			const now = new Date('2026-03-11T09:00:00Z');
			await submitClaim(data, await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN, now });
			expect(await claimById(claimId)).toMatchObject({ status: 'submitted', declaredAt: now, submittedAt: now, declaredByPersonId: fixture.ids.votingMember });
			expect(
				await refusalOf(addClaimLine(data, await actor('votingMember'), { conferenceId: conferenceId(), claimId, kind: 'ticket', amountCents: 100 }))
			).toBe('claim_not_draft');
			expect(
				await refusalOf(submitClaim(data, await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN }))
			).toBe('claim_not_draft');
			const flat = (await linesOf(claimId))[0];
			expect(await refusalOf(withdrawClaimLine(data, await actor('votingMember'), { conferenceId: conferenceId(), claimId, lineId: flat.id }))).toBe(
				'claim_not_draft'
			);
			expect(
				first(
					await data.q
						.select()
						.from(data.t.auditLog)
						.where(and(eq(data.t.auditLog.subjectId, claimId), eq(data.t.auditLog.action, 'claim.submit')))
				)?.after
			).toMatchObject({
				status: 'submitted',
				claimedCents: 2500,
				onBehalf: false
			});
		});

		it('by the office on the person’s behalf, audited as such; nobody else', async () => {
			const claimId = await draftFor();
			await expect(
				submitClaim(data, await actor('advisoryMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })
			).rejects.toThrow(NotAllowed);
			await expect(submitClaim(data, await actor('admin'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN })).rejects.toThrow(
				NotAllowed
			);
			await submitClaim(data, await actor('office'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
			expect(await claimById(claimId)).toMatchObject({ status: 'submitted', declaredByPersonId: fixture.ids.office });
			const entry = first(
				await data.q
					.select()
					.from(data.t.auditLog)
					.where(and(eq(data.t.auditLog.subjectId, claimId), eq(data.t.auditLog.action, 'claim.submit')))
			)!;
			expect(entry.actorPersonId).toBe(fixture.ids.office);
			expect(entry.after).toMatchObject({ onBehalf: true });
		});
	});

	// Receipts -------------------------------------------------------------------------------------

	async function addReceipt(claimId: string, bytes: Uint8Array, name = 'beleg.jpg', who: Exclude<ActorName, 'anonymous'> = 'votingMember') {
		return addClaimLine(data, await actor(who), {
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
			expect((await lineById(lineId)).receiptId).toBe(receiptId);
			const row = first(await data.q.select().from(data.t.receipts).where(eq(data.t.receipts.id, receiptId!)))!;
			expect(row).toMatchObject({ contentType: 'image/jpeg', originalName: 'IMG_0001.JPG', personId: fixture.ids.votingMember, claimId });
			const stored = (await openReceipt(data, await actor('votingMember'), receiptId!)).bytes;
			const meta = await sharp(stored).metadata();
			expect(meta.exif).toBeUndefined();
			expect(stored.includes('PhoneCo')).toBe(false);
			expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 300, 200]);
			expect(row.byteSize).toBe(stored.byteLength);
			// Stored in the database with its row, never where the web server serves files from.
			expect(first(await data.q.select().from(data.t.receiptFiles).where(eq(data.t.receiptFiles.receiptId, receiptId!)))!.bytes.equals(stored)).toBe(true);
		});

		it('takes PNG and PDF (stored as sent) and HEIF', async () => {
			const claimId = await draftFor();
			const png = await addReceipt(claimId, await image('png'), 'scan.png');
			expect((await openReceipt(data, await actor('office'), png.receiptId!)).contentType).toBe('image/png');
			const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
			const stored = await addReceipt(claimId, pdf, 'ticket.pdf');
			const opened = await openReceipt(data, await actor('votingMember'), stored.receiptId!);
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
			expect((await openReceipt(data, await actor('votingMember'), fromHeif.receiptId!)).contentType).toBe('image/jpeg');
			// An iPhone HEIC (brand "heic") is recognised by its content: one that cannot be decoded is unreadable, not of a wrong type.
			const craftedHeic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
			expect(await refusalOf(addReceipt(claimId, craftedHeic, 'IMG_0003.HEIC'))).toBe('receipt_unreadable');
		});

		it('decides the type by the content, never by the name; refuses more than 10 MB; leaves no file behind', async () => {
			const claimId = await draftFor();
			const before = (await data.q.select().from(data.t.receiptFiles)).length;
			const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(60), Buffer.from('PE\0\0', 'latin1'), Buffer.alloc(200)]);
			exe.writeUInt32LE(68, 0x3c);
			expect(await refusalOf(addReceipt(claimId, exe, 'x.jpg'))).toBe('receipt_type_not_allowed');
			const html = new TextEncoder().encode('<!doctype html><script>alert(document.cookie)</script>');
			expect(await refusalOf(addReceipt(claimId, html, 'x.jpg'))).toBe('receipt_type_not_allowed');
			const big = Buffer.alloc(11 * 1024 * 1024);
			(await image('jpeg')).copy(big);
			expect(await refusalOf(addReceipt(claimId, big, 'big.jpg'))).toBe('receipt_too_large');
			const truncated = (await image('jpeg', 800, 600)).subarray(0, 400);
			expect(await refusalOf(addReceipt(claimId, truncated, 'cut.jpg'))).toBe('receipt_unreadable');
			// A claim submitted while the photo was being cleaned: the row is refused, and its file with it.
			await submitClaim(data, await actor('votingMember'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
			expect(await refusalOf(addReceipt(claimId, Buffer.from('x'), 'x.jpg'))).toBe('claim_not_draft');
			expect((await data.q.select().from(data.t.receiptFiles)).length).toBe(before);
			expect(await data.q.select().from(data.t.claimLines).where(eq(data.t.claimLines.claimId, claimId))).toHaveLength(1);
		});

		it('bounds the pixels an image may decode to (a decompression bomb)', async () => {
			const claimId = await draftFor();
			// 9000 × 9000 of one colour: a small PNG that would decode to 81 million pixels.
			const bomb = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#fff' } })
				.png({ compressionLevel: 9 })
				.toBuffer();
			expect(bomb.byteLength).toBeLessThan(10 * 1024 * 1024);
			expect(await refusalOf(addReceipt(claimId, bomb, 'bomb.png'))).toBe('receipt_unreadable');
		});

		it('is shown to the person and the office only', async () => {
			const claimId = await draftFor();
			const { receiptId } = await addReceipt(claimId, await image('jpeg'));
			expect((await openReceipt(data, await actor('office'), receiptId!)).contentType).toBe('image/jpeg');
			for (const other of ['advisoryMember', 'moderator', 'admin', 'otherOffice', 'groupMember'] as const)
				await expect(openReceipt(data, await actor(other), receiptId!)).rejects.toBeInstanceOf(NotAllowed);
			await expect(openReceipt(data, await actor('office'), 'nosuchreceipt00')).rejects.toBeInstanceOf(NotAllowed);
		});
	});

	// Drafting after attendance -------------------------------------------------------------------

	const eligible = async (who: Exclude<ActorName, 'anonymous'>, isEligible = true) =>
		await data.q
			.insert(data.t.allowancePayees)
			.values({ conferenceId: conferenceId(), personId: fixture.ids[who], eligible: isEligible, updatedAt: new Date() })
			.onConflictDoUpdate({ target: [data.t.allowancePayees.conferenceId, data.t.allowancePayees.personId], set: { eligible: isEligible } });

	/** A check-in code of the real alphabet, one per sitting. */
	const checkInCodeFor = (n: number) => 'QZ' + [0, 1, 2, 3].map((i) => CHECK_IN_ALPHABET[Math.floor(n / 31 ** i) % 31]).join('');

	async function sitting(startsAt: Date) {
		return first(
			await data.q
				.insert(data.t.plenarySessions)
				.values({ conferenceId: conferenceId(), title: 'Sitzung mit Anwesenheit', startsAt, place: 'Rathaus', checkInCode: checkInCodeFor(++sittingCount) })
				.returning()
		)!;
	}

	async function runDraftJob(key: string) {
		const job = first(await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.key, key)))!;
		const payload = allowancesDraftClaims.parse(job.payload === null ? null : JSON.parse(job.payload));
		await allowancesDraftClaims.run(payload, { data, jobId: job.id, attempt: 1, signal: new AbortController().signal });
		return job;
	}

	const claimOf = async (who: Exclude<ActorName, 'anonymous'>, meeting: { sessionId: string } | { groupMeetingId: string }) =>
		first(
			await data.q
				.select()
				.from(data.t.claims)
				.where(
					and(
						eq(data.t.claims.personId, fixture.ids[who]),
						'sessionId' in meeting ? eq(data.t.claims.sessionId, meeting.sessionId) : eq(data.t.claims.groupMeetingId, meeting.groupMeetingId)
					)
				)
		);

	/** A sitting the office marked the advisory member present at, and the claim the office drafted for it. */
	async function claimForSitting(startsAt: Date) {
		const s = await sitting(startsAt);
		await markPresent(data, await actor('office'), {
			conferenceId: conferenceId(),
			sessionId: s.id,
			personId: fixture.ids.advisoryMember,
			origin: ORIGIN
		});
		await draftClaimsForMeeting(data, await actor('office'), { conferenceId: conferenceId(), meeting: { sessionId: s.id }, origin: ORIGIN });
		return { sitting: s, claim: (await claimOf('advisoryMember', { sessionId: s.id }))! };
	}

	describe('claims drafted after a meeting', () => {
		it('a check-in queues drafting for after the sitting; the job drafts for eligible attendees only, once', async () => {
			await eligible('advisoryMember');
			await eligible('deputy');
			await eligible('moderator', false);
			const startsAt = new Date('2026-05-05T15:00:00Z');
			const s = await sitting(startsAt);
			const now = new Date('2026-05-05T15:05:00Z');
			await checkIn(data, await actor('advisoryMember'), { code: s.checkInCode, method: 'code', now, origin: ORIGIN });
			await markPresent(data, await actor('office'), {
				conferenceId: conferenceId(),
				sessionId: s.id,
				personId: fixture.ids.moderator,
				now,
				origin: ORIGIN
			});
			await markPresent(data, await actor('office'), {
				conferenceId: conferenceId(),
				sessionId: s.id,
				personId: fixture.ids.votingMember,
				now,
				origin: ORIGIN
			});
			const key = draftClaimsJobKey({ sessionId: s.id });
			const queued = await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.key, key));
			// One job for the sitting, however many were marked present; four hours after its start.
			expect(queued).toHaveLength(1);
			expect(queued[0].runAt.getTime()).toBe(startsAt.getTime() + 4 * 60 * 60 * 1000);
			expect(await claimOf('advisoryMember', { sessionId: s.id })).toBeUndefined();
			await runDraftJob(key);
			const claim = (await claimOf('advisoryMember', { sessionId: s.id }))!;
			expect(claim).toMatchObject({ status: 'draft', meetingType: 'plenary', year: 2026 });
			expect(await linesOf(claim.id)).toMatchObject([{ kind: 'flat', amountCents: 2500, createdByPersonId: null }]);
			// Not eligible (moderator), or not in the payees at all (votingMember), or absent (deputy): no claim.
			expect(await claimOf('moderator', { sessionId: s.id })).toBeUndefined();
			expect(await claimOf('votingMember', { sessionId: s.id })).toBeUndefined();
			expect(await claimOf('deputy', { sessionId: s.id })).toBeUndefined();
			const mail = first(
				await data.q
					.select()
					.from(data.t.jobs)
					.where(eq(data.t.jobs.key, `mail.claimStep:${claim.id}:drafted`))
			);
			expect(JSON.parse(mail!.payload!)).toEqual({ claimId: claim.id, step: 'drafted', origin: ORIGIN });
			const audit = first(
				await data.q
					.select()
					.from(data.t.auditLog)
					.where(and(eq(data.t.auditLog.subjectId, claim.id), eq(data.t.auditLog.action, 'claim.draft')))
			)!;
			expect(audit.actorPersonId).toBeNull();
			// Idempotent: running again drafts nothing new and mails nobody twice.
			await runDraftJob(key);
			expect(await data.q.select().from(data.t.claims).where(eq(data.t.claims.sessionId, s.id))).toHaveLength(1);
			expect(
				await data.q
					.select()
					.from(data.t.jobs)
					.where(eq(data.t.jobs.key, `mail.claimStep:${claim.id}:drafted`))
			).toHaveLength(1);
		});

		it('a group meeting drafts after its end; the office may draft at once', async () => {
			await eligible('groupMember');
			const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), {
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
			await markMeetingPresent(data, await actor('minuteTaker'), {
				conferenceId: conferenceId(),
				groupId: fixture.group.id,
				meetingId: meeting.id,
				personId: fixture.ids.groupMember,
				now: new Date('2026-06-10T12:10:00Z'),
				origin: ORIGIN
			});
			const job = first(
				await data.q
					.select()
					.from(data.t.jobs)
					.where(eq(data.t.jobs.key, draftClaimsJobKey({ groupMeetingId: meeting.id })))
			)!;
			expect(job.runAt).toEqual(new Date('2026-06-10T13:30:00Z'));
			await expect(
				draftClaimsForMeeting(data, await actor('groupCoordinator'), {
					conferenceId: conferenceId(),
					meeting: { groupMeetingId: meeting.id },
					origin: ORIGIN
				})
			).rejects.toThrow(NotAllowed);
			await expect(
				draftClaimsForMeeting(data, await actor('admin'), {
					conferenceId: conferenceId(),
					meeting: { groupMeetingId: meeting.id },
					origin: ORIGIN
				})
			).rejects.toThrow(NotAllowed);
			const firstRun = await draftClaimsForMeeting(data, await actor('office'), {
				conferenceId: conferenceId(),
				meeting: { groupMeetingId: meeting.id },
				origin: ORIGIN
			});
			expect(firstRun.drafted).toHaveLength(1);
			expect(await claimOf('groupMember', { groupMeetingId: meeting.id })).toMatchObject({ meetingType: 'working_group', status: 'draft' });
			const again = await draftClaimsForMeeting(data, await actor('office'), {
				conferenceId: conferenceId(),
				meeting: { groupMeetingId: meeting.id },
				origin: ORIGIN
			});
			expect(again).toEqual({ drafted: [], existing: 1 });
			expect(
				await refusalOf(
					draftClaimsForMeeting(data, await actor('office'), {
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
			await eligible('advisoryMember');
			const { sitting: s, claim } = await claimForSitting(new Date('2026-07-07T15:00:00Z'));
			await submitClaim(data, await actor('advisoryMember'), {
				conferenceId: conferenceId(),
				claimId: claim.id,
				declaration: true,
				origin: ORIGIN
			});
			await removeAttendance(data, await actor('office'), {
				conferenceId: conferenceId(),
				sessionId: s.id,
				personId: fixture.ids.advisoryMember,
				origin: ORIGIN
			});
			const cancelled = await claimById(claim.id);
			expect(cancelled.status).toBe('cancelled');
			expect(cancelled.reason).toMatch(/Anwesenheit/);
			expect(await data.q.select().from(data.t.attendance).where(eq(data.t.attendance.sessionId, s.id))).toHaveLength(0);
			expect(
				first(
					await data.q
						.select()
						.from(data.t.jobs)
						.where(eq(data.t.jobs.key, `mail.claimStep:${claim.id}:cancelled`))
				)
			).toBeDefined();
			expect(
				first(
					await data.q
						.select()
						.from(data.t.auditLog)
						.where(and(eq(data.t.auditLog.subjectId, claim.id), eq(data.t.auditLog.action, 'claim.cancel')))
				)?.after
			).toMatchObject({
				status: 'cancelled'
			});
		});

		it('cannot be removed once a paid claim rests on it (sitting and group meeting)', async () => {
			await eligible('groupMember');
			const { sitting: s, claim } = await claimForSitting(new Date('2026-08-04T15:00:00Z'));
			// The payout is another part's: set the end state directly, as a batch would.
			await data.q.update(data.t.claims).set({ status: 'paid', paidAt: new Date() }).where(eq(data.t.claims.id, claim.id));
			expect(
				await refusalOf(removeAttendance(data, await actor('office'), { conferenceId: conferenceId(), sessionId: s.id, personId: fixture.ids.advisoryMember }))
			).toBe('attendance_has_paid_claim');
			expect(await data.q.select().from(data.t.attendance).where(eq(data.t.attendance.sessionId, s.id))).toHaveLength(1);
			expect((await claimById(claim.id)).status).toBe('paid');

			const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), {
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
			await markMeetingPresent(data, await actor('minuteTaker'), { ...ids, origin: ORIGIN });
			await draftClaimsForMeeting(data, await actor('office'), {
				conferenceId: conferenceId(),
				meeting: { groupMeetingId: meeting.id },
				origin: ORIGIN
			});
			const groupClaim = (await claimOf('groupMember', { groupMeetingId: meeting.id }))!;
			await data.q.update(data.t.claims).set({ status: 'paid', paidAt: new Date() }).where(eq(data.t.claims.id, groupClaim.id));
			expect(await refusalOf(removeMeetingAttendance(data, await actor('minuteTaker'), ids))).toBe('attendance_has_paid_claim');
			expect(await data.q.select().from(data.t.meetingAttendance).where(eq(data.t.meetingAttendance.meetingId, meeting.id))).toHaveLength(1);
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
			await submitClaim(data, await actor('office'), { conferenceId: conferenceId(), claimId, declaration: true, origin: ORIGIN });
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
			const line = (await linesOf(claimId)).find((l) => l.kind === 'ticket')!;
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
});
