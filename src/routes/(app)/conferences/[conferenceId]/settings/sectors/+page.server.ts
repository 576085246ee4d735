import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { DEFAULT_SECTORS } from '$lib/domain/members';
import { authorize } from '$lib/server/policies';
import { saveSectors, type SectorInput } from '$lib/server/commands/saveSectors';
import { saveGroupSectorTargets } from '$lib/server/commands/saveGroupSectorTargets';
import { handleForm } from '$lib/server/forms/action';
import { groupTargetsForm, sectorsForm } from '$lib/server/forms/members';
import { listGroups } from '$lib/server/queries/groups';
import { groupSectorTargets, listSectors } from '$lib/server/queries/members';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'member.configureSectors', { conferenceId: params.conferenceId });
	const data = getData();
	const targets = await groupSectorTargets(data, params.conferenceId);
	return {
		sectors: await listSectors(data, params.conferenceId),
		groups: (await listGroups(data, params.conferenceId)).map((g) => ({ id: g.id, name: g.name, targets: Object.fromEntries(targets.get(g.id) ?? []) })),
		defaults: DEFAULT_SECTORS
	};
};

/** The list as the form sends it, in the page's order, with removals left out and a move applied. */
function sectorsFrom(data: Record<string, unknown>, ids: readonly string[]): SectorInput[] {
	const rows: SectorInput[] = ids
		.filter((id) => !data[`remove_${id}`])
		.map((id) => ({ id, name: data[`name_${id}`] as string, targetSeats: data[`target_${id}`] as number, field: `name_${id}` }));
	const move = typeof data.move === 'string' ? /^(up|down):([a-z0-9]+)$/.exec(data.move) : null;
	if (move) {
		const from = rows.findIndex((r) => r.id === move[2]);
		const to = from + (move[1] === 'up' ? -1 : 1);
		if (from >= 0 && to >= 0 && to < rows.length) [rows[from], rows[to]] = [rows[to], rows[from]];
	}
	if (data.name_new) rows.push({ id: null, name: data.name_new as string, targetSeats: (data.target_new as number | null) ?? 0, field: 'name_new' });
	return rows;
}

const conferenceOf = (event: RequestEvent) => event.params.conferenceId;

export const actions: Actions = {
	sectors: async (event) => {
		const ids = (await listSectors(getData(), conferenceOf(event))).map((s) => s.id);
		return handleForm(event.request, 'sectors', sectorsForm(ids), async (data) => {
			await saveSectors(getData(), event.locals.actor, { conferenceId: conferenceOf(event), sectors: sectorsFrom(data, ids) });
		});
	},

	/** An empty list (a conference from before sectors existed) takes the usual ones in one step. */
	defaults: (event) =>
		handleForm(event.request, 'defaults', {}, async () => {
			const current = await listSectors(getData(), conferenceOf(event));
			const missing = DEFAULT_SECTORS.filter((name) => !current.some((s) => s.name === name));
			await saveSectors(getData(), event.locals.actor, {
				conferenceId: conferenceOf(event),
				sectors: [
					...current.map((s) => ({ id: s.id, name: s.name, targetSeats: s.targetSeats, field: 'form' })),
					...missing.map((name) => ({ id: null, name, targetSeats: 0, field: 'form' }))
				]
			});
		}),

	groupTargets: async (event) => {
		const sectorIds = (await listSectors(getData(), conferenceOf(event))).map((s) => s.id);
		return handleForm(event.request, 'groupTargets', groupTargetsForm(sectorIds), async (data) => {
			await saveGroupSectorTargets(getData(), event.locals.actor, {
				conferenceId: conferenceOf(event),
				groupId: data.groupId as string,
				targets: Object.fromEntries(sectorIds.map((id) => [id, data[`target_${id}`] as number | null]))
			});
			// Which group's form the answer belongs to (a refusal echoes it with the values).
			return { groupId: data.groupId as string };
		});
	}
};
