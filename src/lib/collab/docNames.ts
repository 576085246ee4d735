/**
 * Names of shared documents: `<kind>:<id>`. Shared by the browser, the app server and the
 * document server; a name that does not parse is refused before anything else happens. The kinds
 * and their names are defined in ./kinds/ (one file per kind); this module gathers what most
 * callers import.
 */
export { DOC_KINDS, docName, parseDocName, type DocKind, type DocName } from './kinds';
export { groupNotesDoc, NOTES_TEXT } from './kinds/notes';
export { plenaryDoc } from './kinds/plenary';
export { minutesDoc } from './kinds/minutes';
export { sittingMinutesDoc } from './kinds/sittingMinutes';
