/**
 * How a conference's sign-language (DGS) video is offered: as a player where the address is a
 * video file the browser plays itself, otherwise as a link to the page that has it (a video
 * platform, the district's website). Addresses are https only; the settings form checks that.
 */
export type SignLanguageVideo = { kind: 'file'; url: string; type: 'video/mp4' | 'video/webm' } | { kind: 'link'; url: string };

export function signLanguageVideo(url: string | null | undefined): SignLanguageVideo | null {
	if (!url) return null;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return null;
	}
	// Stored before the check existed, or changed by hand: never offer anything but https.
	if (parsed.protocol !== 'https:') return null;
	const path = parsed.pathname.toLowerCase();
	if (path.endsWith('.mp4')) return { kind: 'file', url: parsed.toString(), type: 'video/mp4' };
	if (path.endsWith('.webm')) return { kind: 'file', url: parsed.toString(), type: 'video/webm' };
	return { kind: 'link', url: parsed.toString() };
}
