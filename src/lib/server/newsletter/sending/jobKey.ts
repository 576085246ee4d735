/** One open `newsletter.send` job per send: a second start or a resume while it runs is a no-op. */
export const sendJobKey = (sendId: string) => `newsletter.send:${sendId}`;
