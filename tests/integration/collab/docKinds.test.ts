import { createDigest } from '../../../src/lib/server/commands/createDigest';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_KIND_SHAPES, DOC_KINDS, parseDocName, type DocKind } from '../../../src/lib/collab/kinds';
import { nameOf } from '../../../src/lib/collab/kinds/types';
import { groupNotesDoc, minutesDoc, plenaryDoc, sittingMinutesDoc } from '../../../src/lib/collab/docNames';
import { recommendationDoc } from '../../../src/lib/collab/recommendationDoc';
import { ROOT_TYPES } from '../../../src/lib/collab/rootTypes';
import { docAccess } from '../../../src/lib/server/collab/access';
import { initialContentFor } from '../../../src/lib/server/collab/initialContent';
import { DOC_KIND_DEFINITIONS } from '../../../src/lib/server/collab/kinds';
import { serverOwnedParts } from '../../../src/lib/server/collab/serverOwned';
import { createRecommendation } from '../../../src/lib/server/commands/createRecommendation';
import { newId } from '../../../src/lib/server/ids';
import { ACTIONS } from '../../../src/lib/server/policies';
import { DOC_SIZE_LIMITS, docSizeLimits } from '../../../server/collab/docLimits';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { ACTORS } from '../support/fixture';
import { planGroupMeeting, planSitting } from '../support/meetings';

describe.each(DIALECTS)('document kinds on %s', (dialect) => {
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	/** A document of each kind whose subject exists. */
	const existing = {} as Record<DocKind, string>;

	beforeAll(async () => {
		const conferenceId = bed.fixture.conferenceA.id;
		const { session } = await planSitting(bed.data, bed.fixture);
		const meeting = await planGroupMeeting(bed.data, bed.fixture, { conferenceId, agenda: ['Begrüßung', 'Kurzzeitpflege'] });
		const recommendation = await createRecommendation(bed.data, await bed.actor('groupMember'), {
			conferenceId,
			groupId: bed.fixture.group.id,
			title: 'Entwurf'
		});
		Object.assign(existing, {
			notes: bed.fixture.group.id,
			plenary: session.id,
			minutes: meeting.id,
			recommendation: recommendation.id,
			digest: (await createDigest(bed.data, await bed.actor('newsletterEditor'), { conferenceId, title: 'Ausgabe' })).id,
			sittingminutes: session.id
		});
	});

	it.each(DOC_KINDS)('%s: gives read and write by actions the policies know, about a subject it finds', async (kind) => {
		const access = DOC_KIND_DEFINITIONS[kind].access;
		const office = await bed.actor('office');
		// Every kind has landed: each is opened by somebody, by the policies.
		expect(access, kind).not.toBeNull();
		if (access === null) return;
		expect(ACTIONS).toContain(access.read);
		expect(ACTIONS).toContain(access.write);
		expect(access.read).not.toBe(access.write);
		expect(await access.subject(bed.data, existing[kind])).toBeTruthy();
		expect(await access.subject(bed.data, 'nosuchthing')).toBeFalsy();
		// Someone of the fixture writes it.
		const name = nameOf(DOC_KIND_SHAPES[kind], existing[kind]);
		const granted = await Promise.all(ACTORS.map(async (who) => docAccess(bed.data, await bed.actor(who), name)));
		expect(granted).toContain('write');
		expect(await docAccess(bed.data, office, nameOf(DOC_KIND_SHAPES[kind], 'nosuchthing'))).toBe('none');
		// Another conference's office is nobody here.
		expect(await docAccess(bed.data, await bed.actor('otherOffice'), nameOf(DOC_KIND_SHAPES[kind], existing[kind]))).toBe('none');
	});

	it.each(DOC_KINDS)('%s: starts with content that uses only its own root types', async (kind) => {
		const initial = initialContentFor(nameOf(DOC_KIND_SHAPES[kind], existing[kind]));
		if (!initial) return expect(DOC_KIND_DEFINITIONS[kind].initialContent).toBeUndefined();
		const write = await initial.read(bed.data, initial.id);
		expect(write).not.toBeNull();
		const doc = new Y.Doc();
		Y.transact(doc, () => write!(doc), 'server');
		expect(doc.share.size).toBeGreaterThan(0);
		for (const root of doc.share.keys()) expect(DOC_KIND_SHAPES[kind].rootTypes, root).toContain(root);
		doc.destroy();
	});

	it.each(DOC_KINDS)('%s: owns (server side) only parts among its root types', (kind) => {
		const owned = serverOwnedParts(nameOf(DOC_KIND_SHAPES[kind], existing[kind]));
		for (const map of owned?.maps ?? []) expect(DOC_KIND_SHAPES[kind].rootTypes).toContain(map);
		if (owned) expect(owned.id).toBe(existing[kind]);
	});
});

describe('the registry of document kinds', () => {
	it.each(DOC_KINDS)('%s: is keyed by its own kind, and its server half spreads its shape', (kind) => {
		const shape = DOC_KIND_SHAPES[kind];
		const definition = DOC_KIND_DEFINITIONS[kind];
		expect(shape.kind).toBe(kind);
		expect(definition).toMatchObject({ kind, id: shape.id, rootTypes: shape.rootTypes, maxBytes: shape.maxBytes });
	});

	it('has a server half for every kind, and no other', () => {
		expect(Object.keys(DOC_KIND_DEFINITIONS).sort()).toEqual([...DOC_KINDS].sort());
	});

	it.each(DOC_KINDS)('%s: parses its own names and refuses what is not one', (kind) => {
		const shape = DOC_KIND_SHAPES[kind];
		const id = newId();
		expect(parseDocName(nameOf(shape, id))).toEqual({ kind, id });
		for (const bad of ['', 'ABC', 'a/b', 'a:b', 'a b', 'a'.repeat(65), '../x']) expect(parseDocName(`${kind}:${bad}`), bad).toBeNull();
		// Another kind's name never reads as this kind.
		for (const other of DOC_KINDS.filter((k) => k !== kind)) expect(parseDocName(nameOf(DOC_KIND_SHAPES[other], id))?.kind).toBe(other);
	});

	it('builds names that parse as their kind', () => {
		expect(parseDocName(groupNotesDoc('g1'))).toEqual({ kind: 'notes', id: 'g1' });
		expect(parseDocName(plenaryDoc('s1'))).toEqual({ kind: 'plenary', id: 's1' });
		expect(parseDocName(minutesDoc('m1'))).toEqual({ kind: 'minutes', id: 'm1' });
		expect(parseDocName(recommendationDoc('r1'))).toEqual({ kind: 'recommendation', id: 'r1' });
		expect(parseDocName(sittingMinutesDoc('s1'))).toEqual({ kind: 'sittingminutes', id: 's1' });
	});

	it('refuses kinds that are only names on every object', () => {
		for (const name of ['constructor:abc', 'tostring:abc', 'valueof:abc', 'hasownproperty:abc', 'proto:abc']) expect(parseDocName(name), name).toBeNull();
	});

	it.each(DOC_KINDS)('%s: has a size limit a reconnecting screen can send in one frame', (kind) => {
		const limit = DOC_KIND_SHAPES[kind].maxBytes;
		expect(Number.isInteger(limit) && limit > 0).toBe(true);
		expect(limit).toBeLessThanOrEqual(1024 * 1024);
	});

	it('is what the root types and the size limits of the document server read', () => {
		for (const kind of DOC_KINDS) {
			expect(ROOT_TYPES[kind]).toEqual(DOC_KIND_SHAPES[kind].rootTypes);
			expect(DOC_SIZE_LIMITS[kind]).toBe(DOC_KIND_SHAPES[kind].maxBytes);
		}
		expect(docSizeLimits({ COLLAB_MAX_DOC_BYTES_DIGEST: '4096' }).digest).toBe(4096);
	});
});
