/**
 * An issue is written in German (its easy edition in Leichte Sprache) and frozen as `lang="de"`:
 * what the product writes into it (a suggestion's title, its link sentence, a date) is German too,
 * whatever language the editor's interface is in.
 */
export const ISSUE_LANGUAGE = { locale: 'de' } as const;
