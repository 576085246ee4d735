/**
 * The letters a new round starts with, in the conference's language (German) and in Leichte
 * Sprache: the office edits them before creating the round. They name the date, time and place,
 * the deadline and how to ask for support, as the seed papers ask ("say clearly how one can take
 * part"). Placeholders: see `LETTER_PLACEHOLDERS` in `letter.ts`.
 */
export const DEFAULT_SUBJECT = 'Einladung: {termin} am {datum}';

export const DEFAULT_LETTER_STANDARD = `{anrede}

hiermit lade ich Sie herzlich ein zu „{termin}“ am {datum} um {uhrzeit}. Wir treffen uns hier: {ort}.

Ihre Erfahrung und Ihre Stimme sind uns wichtig. Bitte sagen Sie uns bis zum {frist}, ob Sie kommen. Mit dem Knopf „Jetzt antworten“ geht das in einem Schritt, auch am Telefon, ohne Passwort.

Brauchen Sie Unterstützung, um teilzunehmen – etwa eine Gebärdensprach- oder Schriftdolmetschung, einen Rollstuhlplatz, eine Begleitperson, eine Induktionsschleife oder Unterlagen in Leichter Sprache? Sagen Sie es uns mit Ihrer Antwort. Wir kümmern uns darum.`;

export const DEFAULT_LETTER_EASY = `{anrede}

wir laden Sie ein.
Zu diesem Treffen: {termin}.
Das Treffen ist am {datum}.
Es beginnt um {uhrzeit}.
Der Ort ist: {ort}.

Kommen Sie zum Treffen?
Bitte sagen Sie es uns bis zum {frist}.
Drücken Sie dafür auf den Knopf: Jetzt antworten.
Das geht ohne Passwort.

Brauchen Sie Hilfe beim Treffen?
Zum Beispiel eine Begleit-Person?
Oder Texte in Leichter Sprache?
Dann sagen Sie es uns bei der Antwort.
Wir helfen Ihnen gern.`;
