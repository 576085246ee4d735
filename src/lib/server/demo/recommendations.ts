import { fillRecommendationTexts, recommendationDoc } from '../../collab/recommendationDoc';
import type { RecommendationTexts } from '../../recommendations/status';
import { agreeOnRecommendation } from '../commands/agreeOnRecommendation';
import { submitRecommendation } from '../commands/submitRecommendation';
import { createRecommendation } from '../commands/createRecommendation';
import { decideRecommendation } from '../commands/decideRecommendation';
import { forwardRecommendation } from '../commands/forwardRecommendation';
import { reportImplementation } from '../commands/reportImplementation';
import { scheduleRecommendation } from '../commands/scheduleRecommendation';
import { changeDocumentOn } from '../collab/changeDocument';
import type { Data } from '../db/client';
import { loadActorOn, type Actor } from '../policies';

interface Context {
	conferenceId: string;
	office: Actor;
	people: Map<string, string>;
	groups: Map<string, string>;
	plenary: { lastSessionId: string; mobileItemId: string; mobileResolutionId: string; todaySessionId: string; todayItemId: string };
	/** Berlin wall-clock time on a day counted from the day of seeding. */
	day: (offsetDays: number, hour: number, minute?: number) => Date;
}

/** A group member starts the draft; the group writes its texts together (here: all at once). */
async function draft(data: Data, ctx: Context, group: string, by: string, texts: Partial<RecommendationTexts> & { title: string }, now: Date) {
	const actor = await loadActorOn(data, ctx.people.get(by)!);
	const row = await createRecommendation(data, actor, { conferenceId: ctx.conferenceId, groupId: ctx.groups.get(group)!, title: texts.title, now });
	await changeDocumentOn(data, recommendationDoc(row.id), (doc) => fillRecommendationTexts(doc, texts));
	return { id: row.id, ref: (at: Date) => ({ conferenceId: ctx.conferenceId, recommendationId: row.id, now: at }) };
}

/**
 * The demo's recommendations, one at each stage worth showing, taken through the same commands
 * as in life: adopted at the last sitting (resolution 1), forwarded to the Kreistag and reported
 * on twice; referred back; on today's agenda; agreed in its group; and a draft being written.
 */
export async function seedRecommendations(data: Data, ctx: Context): Promise<void> {
	const { day, office } = ctx;
	const actor = (key: string) => loadActorOn(data, ctx.people.get(key)!);

	// AG Pflege: adopted by the last plenary, forwarded, being implemented.
	const mobile = await draft(
		data,
		ctx,
		'AG Pflege und Versorgung im Alter',
		'drk',
		{
			title: 'Mobile Gesundheitsberatung in den Ortsteilen',
			problem:
				'In 9 von 14 Ortsteilen gibt es keine Hausarztpraxis und keine Beratungsstelle mehr. Ältere Menschen ohne Auto erreichen die Beratung in der Kreisstadt nur mit zwei Busfahrten. Viele holen sich deshalb erst Hilfe, wenn die Pflege zu Hause nicht mehr gelingt.',
			proposal:
				'Der Landkreis richtet ab 2027 eine mobile Gesundheitsberatung ein. Ein Beratungsbus besucht jeden Ortsteil mindestens einmal im Monat zu festen Zeiten. Pflegestützpunkt, Gesundheitsamt und Wohlfahrtsverbände beraten dort gemeinsam zu Pflege, Vorsorge und Hilfen im Alltag. Die Termine stehen im Amtsblatt, im Internet und in Leichter Sprache an den Haltestellen.',
			responsibleBodies: 'Kreistag (Finanzierung), Pflegestützpunkt Landkreis Musterstadt, Gesundheitsamt, Kreisseniorenrat',
			easySummary:
				'Auf dem Land gibt es wenig Beratung.\nViele alte Menschen haben kein Auto.\nDarum soll ein Beratungs·bus in jedes Dorf kommen.\nDer Bus kommt 1 Mal im Monat.\nIm Bus bekommen Sie Rat zu Pflege und Gesundheit.\nDie Beratung kostet nichts.'
		},
		day(-150, 15)
	);
	await agreeOnRecommendation(data, await actor('pflege'), mobile.ref(day(-120, 16)));
	await submitRecommendation(data, await actor('pflege'), mobile.ref(day(-118, 9)));
	await scheduleRecommendation(data, office, { ...mobile.ref(day(-100, 10)), sessionId: ctx.plenary.lastSessionId, agendaItemId: ctx.plenary.mobileItemId });
	await decideRecommendation(data, office, { ...mobile.ref(day(-91, 19)), outcome: 'adopted', resolutionId: ctx.plenary.mobileResolutionId, note: null });
	await forwardRecommendation(data, office, {
		...mobile.ref(day(-84, 11)),
		body: 'Kreistag des Landkreises Musterstadt, Ausschuss für Soziales und Gesundheit',
		forwardedOn: day(-85, 0),
		note: 'Mit der Bitte, die Kosten im Haushalt 2027 einzuplanen.'
	});
	await reportImplementation(data, await actor('pflege'), {
		...mobile.ref(day(-40, 10)),
		state: 'planned',
		note: 'Der Sozialausschuss hat zugestimmt. Im Haushaltsentwurf 2027 stehen 180.000 € für Bus und zwei Stellen.',
		reportedOn: day(-42, 0)
	});
	await reportImplementation(data, await actor('drk'), {
		...mobile.ref(day(-7, 10)),
		state: 'in_progress',
		note: 'Das DRK stellt den Bus. Die Touren für die ersten 6 Ortsteile sind geplant; die Stellen sind ausgeschrieben.',
		reportedOn: day(-8, 0)
	});

	// AG Psychische Gesundheit: referred back by the last plenary (the costs were not clear yet).
	const crisis = await draft(
		data,
		ctx,
		'AG Psychische Gesundheit',
		'caritas',
		{
			title: 'Krisendienst rund um die Uhr',
			problem:
				'Nachts und am Wochenende gibt es im Landkreis keine Anlaufstelle bei psychischen Krisen. Menschen in Not landen in der Notaufnahme oder bei der Polizei.',
			proposal:
				'Der Landkreis baut mit den Nachbarkreisen einen gemeinsamen Krisendienst auf: ein Telefon rund um die Uhr und ein mobiles Team, das in der Nacht ausrücken kann.',
			responsibleBodies: 'Kreistag, Sozialpsychiatrischer Dienst, Nachbarlandkreise, Krankenkassen',
			easySummary:
				'Manchmal geht es einem Menschen sehr schlecht.\nDann braucht er schnell Hilfe.\nAuch in der Nacht.\nDarum soll es ein Krisen·telefon geben.\nDas Telefon ist immer besetzt.'
		},
		day(-140, 15)
	);
	await agreeOnRecommendation(data, await actor('psychiatrie'), crisis.ref(day(-115, 16)));
	await submitRecommendation(data, await actor('psychiatrie'), crisis.ref(day(-114, 9)));
	await decideRecommendation(data, office, {
		...crisis.ref(day(-91, 19)),
		outcome: 'referred_back',
		resolutionId: null,
		note: 'Das Plenum bittet die AG, die Kosten und die Beteiligung der Nachbarkreise zu klären.'
	});

	// AG Psychische Gesundheit: submitted and on the agenda of today's sitting.
	const school = await draft(
		data,
		ctx,
		'AG Psychische Gesundheit',
		'kiss',
		{
			title: 'Schulsozialarbeit und Beratungsstellen vernetzen',
			problem:
				'Jugendliche in Krisen warten im Landkreis bis zu 6 Monate auf einen Therapieplatz. Schulsozialarbeit und Beratungsstellen kennen einander oft nicht.',
			proposal:
				'Die Beratungsstellen bieten an jeder weiterführenden Schule eine feste Sprechstunde im Monat an. Ein gemeinsamer Wegweiser zeigt Jugendlichen, Eltern und Lehrkräften, wo es Hilfe gibt – auch in Leichter Sprache.',
			responsibleBodies: 'Staatliches Schulamt, Jugendamt, Psychologische Beratungsstellen, Schulträger',
			easySummary:
				'Manche Jugendliche haben große Sorgen.\nSie brauchen Hilfe.\nDie Beratungs·stellen sollen in die Schulen kommen.\nEin Heft zeigt: Hier gibt es Hilfe.'
		},
		day(-60, 15)
	);
	await agreeOnRecommendation(data, await actor('psychiatrie'), school.ref(day(-21, 16)));
	await submitRecommendation(data, await actor('psychiatrie'), school.ref(day(-20, 9)));
	await scheduleRecommendation(data, office, { ...school.ref(day(-10, 10)), sessionId: ctx.plenary.todaySessionId, agendaItemId: ctx.plenary.todayItemId });

	// AG Zugang für alle: agreed in the group, ready to go to the plenary.
	const easy = await draft(
		data,
		ctx,
		'AG Zugang für alle',
		'selfAdvocate',
		{
			title: 'Praxisinformationen in Leichter Sprache',
			problem: 'Wer schwer lesen kann, versteht Aufklärungsbögen und Hinweise in Arztpraxen oft nicht. Es gibt kaum geprüfte Texte in Leichter Sprache.',
			proposal:
				'Die Kreisärzteschaft und die Lebenshilfe erstellen gemeinsam die 10 wichtigsten Praxisinformationen in Leichter Sprache. Eine Prüfgruppe aus Selbstvertreter:innen prüft jeden Text. Die Praxen im Landkreis erhalten die Texte kostenlos.',
			responsibleBodies: 'Kreisärzteschaft, Lebenshilfe Musterstadt, Gesundheitsamt',
			easySummary:
				'In der Arzt·praxis gibt es viele Texte.\nViele Texte sind schwer.\nWir wollen Texte in Leichter Sprache.\nMenschen mit Lern·schwierigkeiten prüfen die Texte.'
		},
		day(-45, 15)
	);
	await agreeOnRecommendation(data, await actor('advisory'), easy.ref(day(-14, 16)));

	// AG Zugang für alle: a draft the group is still writing.
	await draft(
		data,
		ctx,
		'AG Zugang für alle',
		'sozialamt',
		{
			title: 'Sprachmittlung in Arztpraxen',
			problem: 'Viele Patientinnen und Patienten ohne ausreichende Deutschkenntnisse bringen Kinder oder Bekannte zum Übersetzen mit.',
			proposal: 'Ein Dolmetschpool des Landkreises vermittelt Sprachmittlung per Video innerhalb von 30 Minuten.'
		},
		day(-5, 15)
	);
}
