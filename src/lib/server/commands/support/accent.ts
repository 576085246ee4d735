import { accentMeetsAA, parseHexColour } from '../../../domain/contrast';
import { CommandError } from './errors';

/** An accent colour is stored only as #rrggbb and only where it keeps WCAG AA (the form says why first). */
export function assertAccentReadable(colour: string | null | undefined): void {
	if (colour === null || colour === undefined) return;
	if (parseHexColour(colour) !== colour || !accentMeetsAA(colour)) throw new CommandError('look_accent_contrast', 'accentColor');
}
