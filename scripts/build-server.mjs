// Bundles the production entry (server/index.ts and what it imports from src/lib/server)
// into build/server.js, the operator commands (server/cli.ts) into build/cli.js, and the
// document server for `vite preview` into build/collab.js.
// npm packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
	entryPoints: { server: 'server/index.ts', cli: 'server/cli.ts', collab: 'server/collab/viteEntry.ts' },
	outdir: 'build',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});
console.log('built build/server.js, build/cli.js and build/collab.js');
