// ESLint 9 flat config. Formatting is Prettier's (eslint-config-prettier turns off the rules
// that would fight it); ESLint looks for mistakes. Type-aware rules are not on: they would
// type-check every file a second time (svelte-check already does) and slow the CI run.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'drizzle/*/meta/', 'test-results/', 'playwright-report/', 'data/', 'project.inlang/cache/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		// A disable comment that no longer silences anything is stale; it fails like a finding.
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			// TypeScript reports undefined names itself, with the real types and globals; the core
			// rule does not know type-only names and flags them falsely.
			'no-undef': 'off',
			// The app is served at the root (no kit.paths.base), so a link's href needs no resolve();
			// wrapping every <a href> would add noise and no safety. goto() and history calls stay checked.
			'svelte/no-navigation-without-resolve': ['error', { ignoreLinks: true }],
			// A leading underscore marks a parameter or binding kept on purpose (a callback's shape, a
			// destructured field left out of a copy).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }
			]
		}
	}
);
