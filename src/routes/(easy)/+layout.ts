/**
 * The easy pages render on the server only: they work the same with and without JavaScript,
 * and a phone loads no framework (the page budget is 30 KB of script; SvelteKit's client alone
 * is close to that). The little read-aloud script in static/easy/ is all the script there is.
 */
export const csr = false;
