/**
 * The minutes' lifecycle, without Yjs (the database schema imports it):
 * draft → circulated (for corrections) → approved by the coordination, which locks them.
 */
export const MINUTES_STATUSES = ['draft', 'circulated', 'approved'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

/** Why a version of the minutes was taken (stored in minutes_versions.reason). */
export const VERSION_REASONS = ['saved', 'circulated', 'approved', 'returned', 'before_restore', 'restored'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];
