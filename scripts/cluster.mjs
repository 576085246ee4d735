// `npm run cluster -- --instances 3 --port 8080`: several production servers behind nginx on this
// machine, to try what a hosted installation runs. For now they share one SQLite file
// (data/cluster/ratschlag.sqlite, WAL, one machine only); PostgreSQL for several machines comes
// with the asynchronous data layer. A private Redis connects them. Ctrl-C stops everything.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from './lib/cluster.mjs';
import { checkNode, ensureBuild, ensureNpmDependencies, log, root } from './lib/setup.mjs';

const { values } = parseArgs({
	options: {
		instances: { type: 'string', default: '2' },
		port: { type: 'string', default: '8080' },
		verbose: { type: 'boolean', default: false }
	}
});
const instances = Number(values.instances);
const port = Number(values.port);
if (!Number.isInteger(instances) || instances < 1 || instances > 16) throw new Error(`--instances must be 1 to 16, not ${values.instances}`);
if (!Number.isInteger(port) || port < 1 || port + instances > 65535)
	throw new Error(`--port must be a port with ${instances} free ones after it, not ${values.port}`);

checkNode();
ensureNpmDependencies();
ensureBuild();

const databaseFile = join(root, 'data', 'cluster', 'ratschlag.sqlite');
log(`Starting ${instances} instances on ${databaseFile} (one SQLite file shared on this machine) behind nginx …`);
const cluster = await startCluster({ instances, port, databaseUrl: databaseFile, quiet: !values.verbose });

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	log('Stopping the instances, nginx and Redis …');
	await cluster.stop();
	process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

log(`Ratschlag runs on ${cluster.origin}`);
for (const m of cluster.instances) log(`  instance ${m.index + 1}: ${m.origin} (pid ${m.pid}; /healthz, /readyz)`);
const accessFile = join(root, 'data', 'cluster', 'demo-access.json');
if (existsSync(accessFile)) {
	// The links name the origin the demo was first seeded under; the balancer is where they work now.
	const { access } = JSON.parse(readFileSync(accessFile, 'utf8'));
	log('Demo sign-in:');
	for (const entry of access) {
		const link = new URL(entry.link);
		console.log(`  ${entry.role}: ${entry.name}\n    ${cluster.origin}${link.pathname}${link.search}${link.hash}`);
		if (entry.password) console.log(`    or ${cluster.origin}/sign-in with ${entry.email} / ${entry.password}`);
	}
}
log('Ctrl-C stops everything.');
