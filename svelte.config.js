import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				// A conference's sign-language video may be a file on its own (https) host.
				'media-src': ['self', 'https:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// Form posts are accepted from our own origin only (adapter-node learns it from ORIGIN).
		// SvelteKit's check answers in English plain text before any hook runs; the same rule runs
		// in hooks.server.ts instead (src/lib/server/http/crossSite.ts) and answers in our words.
		// '*' is how SvelteKit is told to leave the check to us, not a list of trusted sites.
		csrf: { trustedOrigins: ['*'] },
		adapter: adapter({ out: 'build' })
	}
};

export default config;
