// `npm run cluster -- --instances 3 --port 8080`: several production servers behind nginx on this
// machine, to try what a hosted installation runs. They share a PostgreSQL database: DATABASE_URL
// when it names one (kept), else a private server in a temporary folder with a fresh demo (gone
// when the cluster stops); `--sqlite` shares one SQLite file instead (data/cluster/ratschlag.sqlite,
// WAL, one machine only). A private Redis connects them. Ctrl-C stops everything.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from './lib/cluster.mjs';
import { startPostgres } from './lib/services.mjs';
import { checkNode, ensureBuild, ensureNpmDependencies, log, root } from './lib/setup.mjs';

const { values } = parseArgs({
	options: {
		instances: { type: 'string', default: '2' },
		port: { type: 'string', default: '8080' },
		sqlite: { type: 'boolean', default: false },
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

// Where the demo's sign-in links are written: beside the SQLite file, in a folder of their own for
// your PostgreSQL database, or in the private server's temporary folder (a fresh demo each time).
let dataDir = join(root, 'data', 'cluster');
let postgres = null;
let databaseUrl;
if (values.sqlite) {
	databaseUrl = join(dataDir, 'ratschlag.sqlite');
	log(`Starting ${instances} instances on ${databaseUrl} (one SQLite file shared on this machine) behind nginx …`);
} else if (/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? '')) {
	// A database you keep: the links already mailed and the jobs queued stay valid only under the same key.
	if (!process.env.JOBS_SECRET?.trim())
		throw new Error('With your own DATABASE_URL, set JOBS_SECRET too, the same on every start (see README, "Configuration").');
	databaseUrl = process.env.DATABASE_URL;
	dataDir = join(dataDir, 'postgres');
	log(`Starting ${instances} instances on DATABASE_URL's PostgreSQL behind nginx …`);
} else {
	log('Starting a private PostgreSQL (a fresh demo; removed when the cluster stops) …');
	postgres = await startPostgres({ quiet: !values.verbose });
	databaseUrl = postgres.url;
	dataDir = postgres.dir;
	log(`Starting ${instances} instances on ${postgres.url} behind nginx …`);
}
mkdirSync(dataDir, { recursive: true });
let cluster;
try {
	cluster = await startCluster({ instances, port, databaseUrl, dataDir, quiet: !values.verbose });
} catch (error) {
	await postgres?.stop();
	throw error;
}

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	log(`Stopping the instances, nginx${postgres ? ', PostgreSQL' : ''} and Redis …`);
	await cluster.stop();
	await postgres?.stop();
	process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

log(`Ratschlag runs on ${cluster.origin}`);
for (const m of cluster.instances) log(`  instance ${m.index + 1}: ${m.origin} (pid ${m.pid}; /healthz, /readyz)`);
const accessFile = join(dataDir, 'demo-access.json');
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
