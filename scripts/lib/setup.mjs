// Fresh-machine set-up shared by `npm start` and `npm test`. Plain Node, no dependencies:
// it runs before node_modules exists. Each step checks first and does only what is missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/**
 * V8 flags for the production server. The young generation otherwise grows to 2 × 16 MiB under
 * the allocation burst of many WebSocket upgrades and never gives it back, which is most of the
 * resident memory a connection seems to cost; 4 MiB semi-spaces keep scavenges short.
 */
export const SERVER_NODE_FLAGS = (process.env.SERVER_NODE_FLAGS ?? '--max-semi-space-size=4').split(' ').filter(Boolean);

export function log(message) {
	console.log(`\x1b[1m[ratschlag]\x1b[0m ${message}`);
}

export function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

function must(command, args, options) {
	const status = run(command, args, options);
	if (status !== 0) {
		console.error(`\n${command} ${args.join(' ')} failed with exit code ${status}`);
		process.exit(status);
	}
}

export function checkNode() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 19)) {
		console.error(`Ratschlag needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
		process.exit(1);
	}
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Installs Debian packages that are missing; needs root or password-less sudo. */
export function ensureDebianPackages(packages, why) {
	const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
	if (missing.length === 0) return;
	if (!has('apt-get')) {
		console.error(`Please install ${missing.join(', ')} (${why}); apt-get is not available here.`);
		process.exit(1);
	}
	const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	log(`Installing Debian packages ${missing.join(', ')} (${why}) …`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const [cmd, ...pre] = sudo.length ? sudo : ['apt-get'];
	const apt = (args) => (sudo.length ? must(cmd, [...pre, 'apt-get', ...args], { env }) : must('apt-get', args, { env }));
	// PostgreSQL, Redis and nginx are started privately by the scripts that need them: their packages
	// must not start (and enable) system services on 5432, 6379 and 80 as they install. Debian's
	// policy-rc.d answering 101 ("not allowed") is the documented way; as root only, and only ours.
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = process.getuid?.() === 0 && !existsSync(policy);
	const removePolicy = () => rmSync(policy, { force: true });
	if (ownPolicy) {
		writeFileSync(policy, '#!/bin/sh\n# written by Ratschlag scripts/lib/setup.mjs during apt-get install\nexit 101\n', { mode: 0o755 });
		// A failed apt-get ends the process (must): the file goes then too.
		process.once('exit', removePolicy);
	}
	apt(['update', '-q']);
	apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
	if (ownPolicy) {
		removePolicy();
		process.removeListener('exit', removePolicy);
	}
}

// Generated during the build; hashing them would make every build look stale.
const GENERATED = ['/src/lib/paraglide'];

function hashFiles(paths) {
	const hash = createHash('sha256');
	const visit = (path) => {
		if (!existsSync(path) || GENERATED.some((g) => path === root + g)) return;
		const stat = statSync(path);
		if (stat.isDirectory()) {
			for (const entry of readdirSync(path).sort()) visit(join(path, entry));
		} else {
			hash.update(path.slice(root.length));
			hash.update(readFileSync(path));
		}
	};
	for (const p of paths) visit(join(root, p));
	return hash.digest('hex');
}

/**
 * npm dependencies, installed when node_modules is missing or the lockfile changed. Only the
 * lockfile: it holds package.json's dependencies too, and a new script line is no reason to reinstall.
 */
export function ensureNpmDependencies() {
	const marker = join(root, 'node_modules', '.ratschlag-installed');
	const wanted = hashFiles(['package-lock.json']);
	if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
	// better-sqlite3 compiles from source when no prebuilt binary can be fetched.
	if (!has('make') || !has('g++') || !has('python3')) ensureDebianPackages(['python3', 'make', 'g++'], 'to compile better-sqlite3');
	if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) process.env.npm_config_nodedir = '/usr';
	log('Installing npm dependencies …');
	// `npm ci` is exact, but may reject a lockfile written on another platform: fall back.
	if (!existsSync(join(root, 'package-lock.json')) || run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
		log('npm ci was not possible; running npm install instead …');
		must('npm', ['install', '--no-audit', '--no-fund']);
	}
	writeFileSync(marker, wanted);
}

/** The production build, redone only when a source file changed since the last one. */
export function ensureBuild() {
	const marker = join(root, 'build', '.ratschlag-built');
	const wanted = hashFiles([
		'src',
		'server',
		'static',
		'messages',
		'drizzle',
		'project.inlang/settings.json',
		'svelte.config.js',
		'vite.config.ts',
		'package-lock.json',
		'scripts/build-server.mjs'
	]);
	if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return;
	log('Building …');
	must('npm', ['run', 'build']);
	mkdirSync(join(root, 'build'), { recursive: true });
	writeFileSync(marker, wanted);
}
