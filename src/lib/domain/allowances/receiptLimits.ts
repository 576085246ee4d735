/** The largest receipt taken: a phone photo at full resolution, or a scanned PDF of a few pages. */
export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;

/** What a receipt may be, as a file input's `accept` (a hint to the phone; the server reads the content). */
export const RECEIPT_ACCEPT = 'image/jpeg,image/png,image/heic,image/heif,application/pdf,.heic,.heif';
