#!/usr/bin/env node
// Entry point of `npm start` and `npm test`. Plain Node with no dependency, because it
// runs before anything is installed: it installs the npm packages when the lockfile
// changed since the last install, then hands over to the TypeScript launcher.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stampFile = join(root, 'node_modules', '.suivi-install-stamp');

/** The parts of package.json that `npm install` reads: a new script or a changed description installs nothing. */
const INSTALL_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bundleDependencies',
  'overrides',
  'workspaces',
  'allowScripts',
  'engines',
  'os',
  'cpu',
];

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];

function installFingerprint() {
  const hash = createHash('sha256');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  hash.update(JSON.stringify(INSTALL_FIELDS.map((field) => [field, manifest[field] ?? null])));
  // The root package's own install-time scripts run during `npm install` too.
  hash.update(JSON.stringify(INSTALL_SCRIPTS.map((name) => [name, manifest.scripts?.[name] ?? null])));
  const lockfile = join(root, 'package-lock.json');
  if (existsSync(lockfile)) hash.update(readFileSync(lockfile));
  hash.update(process.version);
  return hash.digest('hex');
}

function ensureNodeModules() {
  const fingerprint = installFingerprint();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint) return;
  // `token` prints only the token on stdout, so that a shell can capture it.
  const quietStdout = process.argv[2] === 'token';
  (quietStdout ? process.stderr : process.stdout).write('[suivi] Installing npm packages (npm install)...\n');
  // `npm install`, not `npm ci`: the registry here lacks other platforms' optional
  // packages, so the lockfile cannot list them and `npm ci` refuses it. `--no-save`: npm
  // would otherwise add the platform packages it resolved to the tracked lockfile, and a
  // fresh clone must stay clean after `npm start` / `npm test` (the lockfile is the input).
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: ['inherit', quietStdout ? process.stderr : 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write(`[suivi] npm install failed (exit ${result.status})\n`);
    process.exit(result.status || 1);
  }
  writeFileSync(stampFile, fingerprint);
}

const major = Number(process.versions.node.split('.')[0]);
const minor = Number(process.versions.node.split('.')[1]);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`[suivi] Node.js 20.19 or newer is required (found ${process.version})\n`);
  process.exit(1);
}

// A closed output pipe (the caller died) must not stop this wrapper before the launcher has stopped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

ensureNodeModules();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'infra', 'src', 'cli.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') } },
);
// The launcher handles the signals itself; this wrapper only waits for it to finish.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signal !== 'SIGINT') child.kill(signal); // Ctrl-C already reaches the whole process group.
  });
}
// If whoever started us dies without a signal reaching us (npm killed, terminal closed),
// stop the stack rather than leave it running orphaned.
const parent = process.ppid;
const watchdog = setInterval(() => {
  if (process.ppid !== parent) {
    clearInterval(watchdog);
    child.kill('SIGTERM');
  }
}, 1000);
watchdog.unref();
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
