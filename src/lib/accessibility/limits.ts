/**
 * The cap on a feedback message: generous for a real report, and a limit on what a robot can
 * store. Shared by the form's field (server) and its `maxlength` (page).
 */
export const FEEDBACK_MESSAGE_MAX = 5000;
