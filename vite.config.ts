import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { collabPlugin } from './server/collab/vitePlugin.ts';
import { paraglideIntlCache } from './scripts/lib/paraglideIntlCache.ts';

export default defineConfig(({ mode }) => ({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// paraglide picks the output by NODE_ENV: per-message modules for a build, per-locale
			// ones otherwise. Vitest then found the build's output "stale" and compiled again, and
			// that compile (in @lix-js/sdk) leaves 30-s timers that held Vitest's exit. Tests use the
			// build's form, so a test run after a build compiles nothing; the dev server keeps the
			// per-locale form, which its browser loads as one module instead of a thousand.
			outputStructure: mode === 'development' ? 'locale-modules' : 'message-modules',
			// The locale cookie remembers an explicit choice; signed-in people also carry it on
			// their profile (see hooks.server.ts). The browser's language decides only the first visit.
			strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
			cookieName: 'ratschlag_locale'
		}),
		paraglideIntlCache(),
		sveltekit(),
		collabPlugin()
	],
	server: { port: 3000 },
	preview: { port: 3000 },
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/integration/support/refusals.ts'],
		// One private PostgreSQL and Redis for the run (started here unless TEST_POSTGRES_URL /
		// TEST_REDIS_URL name them); the tests of several instances and of both dialects use them.
		globalSetup: ['tests/integration/support/services.ts'],
		// Integration tests share nothing but each opens its own SQLite file; two cores here.
		pool: 'forks',
		testTimeout: 20_000,
		// When messages changed since the last compile, paraglide compiles them in this process, and
		// @lix-js/sdk 0.17 (inside its compiler, not ours to fix) leaves 30-s timers behind; nothing
		// of ours is left to wait for then, so Vitest need not wait long for them.
		teardownTimeout: 2_000
	}
}));
