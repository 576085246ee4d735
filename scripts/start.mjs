// `npm start`: from a fresh clone to a running demo. Installs what is missing, builds when
// sources changed, then runs the server (which migrates the database and seeds the demo).
import { spawn } from 'node:child_process';
import { checkNode, ensureBuild, ensureNpmDependencies, log, root, SERVER_NODE_FLAGS } from './lib/setup.mjs';

checkNode();
ensureNpmDependencies();
ensureBuild();

log(`Starting on port ${process.env.PORT || 3000} …`);
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'build/server.js'], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
