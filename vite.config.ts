import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { collabPlugin } from './server/collab/vitePlugin.ts';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The locale cookie remembers an explicit choice; signed-in people also carry it on
			// their profile (see hooks.server.ts). The browser's language decides only the first visit.
			strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
			cookieName: 'ratschlag_locale'
		}),
		sveltekit(),
		collabPlugin()
	],
	server: { port: 3000 },
	preview: { port: 3000 },
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/integration/support/refusals.ts'],
		// Integration tests share nothing but each opens its own SQLite file; two cores here.
		pool: 'forks',
		testTimeout: 20_000,
		// paraglide's compiler keeps a timer alive after the run (see design.md); nothing is left to wait for.
		teardownTimeout: 2_000
	}
});
