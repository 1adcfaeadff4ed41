import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { say } from './console';
import { tokenCommand } from './dev-token-command';
import { isPortFree } from './processes';
import { isClusterProfile, profiles, repoRoot, resolveSettings, type Profile, type StackSettings } from './settings';
import { buildApps, preparePorts, Stack, startApps, startServers, writeStackFile } from './stack';
import { runBenchmark } from './benchmarks';
import { runDeployValidate } from './deploy-validate';
import { loadDemoData } from './demo';
import { loadDemoPeople } from './demo-people';
import { codecKeysFor } from './secrets';
import { temporalAddress } from './servers/temporal';
import { runTestTiers } from './test-tiers';
import { ensureTools, type Tools } from './tools';
import { clusterListeners } from './cluster/ports';
import { clusterReadyLines, startCluster, type ClusterTools } from './cluster/stack';

function usage(): never {
  process.stderr.write(
    [
      'usage: node infra/bootstrap.cjs <command> [--profile dev|test|e2e|bench|cluster|chaos]',
      '  start     install what is missing, start the whole stack, stay in the foreground',
      '  servers   start Temporal, Kafka, PostgreSQL and Mailpit only (what the integration tier uses)',
      '  install   install the servers (Temporal CLI, Kafka jars, Mailpit) without starting anything',
      '  reset     delete the profile data (Temporal history, Kafka log, database, keys, mail)',
      '  test      run the test tiers unit, integration, e2e (or name the tiers; chaos only when named)',
      '  bench     run a benchmark (commands, reminders, scale, rebuild) on its own stack',
      '  demo      load the demo cycles into the running stack (npm start does it on the dev profile)',
      '  read-model-rebuild [--keep-previous] [--force]   rebuild the read model from the event log, no query downtime',
      '  token <user> <role> [countries]   print a development bearer token (never in production)',
      '  deploy-validate   helm lint, helm template and kubeconform over infra/deploy, offline (builds the tools once)',
      '',
    ].join('\n'),
  );
  process.exit(2);
}

/**
 * The launcher's arguments, parsed once (node:util parseArgs): the command, its positional
 * arguments, `--profile` (or SUIVI_PROFILE) and the rebuild's flags. An unknown option stops
 * with the usage.
 */
function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        profile: { type: 'string' },
        'keep-previous': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return usage();
  }
  const [command, ...positionals] = parsed.positionals;
  const value = parsed.values.profile ?? process.env['SUIVI_PROFILE'] ?? 'dev';
  if (!profiles.includes(value as Profile)) {
    process.stderr.write(`Unknown profile "${value}"; expected one of ${profiles.join(', ')}\n`);
    process.exit(2);
  }
  const rebuildFlags = [
    ...(parsed.values['keep-previous'] ? ['--keep-previous'] : []),
    ...(parsed.values.force ? ['--force'] : []),
  ];
  return { command, positionals, profile: value as Profile, rebuildFlags };
}

/** Keeps the launcher in the foreground until Ctrl-C or SIGTERM, then stops what it started. */
function stopOnSignal(stack: Stack): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stack.shuttingDown) return;
      say(`${signal} received: stopping everything this launcher started`);
      resolveSignal(signal);
      // At once, so that the supervisors take the exits that follow as expected (no restart).
      void stack.shutdown();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  });
}

async function assertNothingListening(settings: StackSettings): Promise<void> {
  const ports = isClusterProfile(settings.profile)
    ? clusterListeners(settings).map(({ what, port }) => [what, port] as const)
    : Object.entries(settings.ports).filter(([k]) => k !== 'postgres' || !settings.externalDatabaseUrl);
  const busy = [];
  for (const [name, port] of ports) if (!(await isPortFree(port))) busy.push(`${name} ${port}`);
  if (busy.length) say(`warning: still listening after stop: ${busy.join(', ')}`);
}

/** Loads the demo cycles into the profile's running stack; those that exist are left alone. */
async function loadDemo(settings: StackSettings): Promise<void> {
  // People first: the demo's first escalation falls due minutes after the cycles start.
  const assigned = await loadDemoPeople(settings);
  say(`demo people signed in, ${assigned} country assignments made`);
  const created = await loadDemoData({
    address: temporalAddress(settings),
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    codecKeys: codecKeysFor(settings),
  });
  say(created.length ? `demo cycles loaded: ${created.join(', ')}` : 'demo cycles already present');
}

async function serve(settings: StackSettings, withApps: boolean): Promise<number> {
  const startedAt = Date.now();
  const stack = new Stack();
  const signal = stopOnSignal(stack);
  let tools: Tools | undefined;
  let cluster: (Tools & ClusterTools) | undefined;
  const startUp = (async () => {
    if (isClusterProfile(settings.profile)) {
      tools = cluster = await startCluster(settings, stack, withApps, ensureTools, buildApps);
      if (withApps && settings.demoData && !stack.shuttingDown) {
        await loadDemo(settings).catch((error: unknown) =>
          say(`warning: demo cycles not loaded: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
      return;
    }
    await preparePorts(settings, withApps);
    tools = await ensureTools(settings.toolsDir);
    const codecEndpoint = withApps ? `http://127.0.0.1:${settings.ports.api}/codec` : undefined;
    // The build needs no server, so it overlaps with the servers' start.
    await Promise.all([
      startServers(settings, tools, stack, codecEndpoint),
      withApps ? buildApps(settings) : undefined,
    ]);
    if (stack.shuttingDown) return;
    if (withApps) await startApps(settings, stack);
    // Demo data is a convenience: a failure to load it is reported, never fatal to the start.
    if (withApps && settings.demoData) {
      await loadDemo(settings).catch((error: unknown) =>
        say(`warning: demo cycles not loaded: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  })();
  const outcome = await Promise.race([
    startUp.then(
      () => 'ready' as const,
      (error: unknown) => error,
    ),
    signal,
  ]);
  if (outcome === 'ready') {
    const stackFile = writeStackFile(settings, stack, tools as Tools);
    const { api, temporalUi, kafka, postgres, smtp, mailpitUi } = settings.ports;
    const lines = [
      `Suivi (${settings.profile}) is ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s:`,
      ...(cluster ? clusterReadyLines(settings, withApps, cluster) : []),
      ...(!cluster && withApps
        ? [
            `  Web app        http://127.0.0.1:${api}/  (sign in as a demo user)`,
            `  API            http://127.0.0.1:${api}/v1`,
            `  API docs       http://127.0.0.1:${api}/docs`,
            `  Readiness      http://127.0.0.1:${api}/health/ready`,
          ]
        : []),
      ...(cluster
        ? []
        : [
            `  Temporal UI    http://127.0.0.1:${temporalUi}/namespaces/${settings.namespace}/workflows`,
            `  Kafka          127.0.0.1:${kafka}`,
            `  PostgreSQL     ${settings.externalDatabaseUrl ? 'DATABASE_URL' : `127.0.0.1:${postgres}`}`,
            `  Mail (Mailpit) http://127.0.0.1:${mailpitUi}/  (SMTP 127.0.0.1:${smtp})`,
          ]),
      `  Logs           ${settings.logsDir}`,
      `  Connection env ${stackFile}`,
      'Press Ctrl-C to stop.',
    ];
    process.stdout.write(lines.join('\n') + '\n');
    // From now on a process that exits unexpectedly is restarted; a crash loop stops everything.
    stack.supervise(say);
    const stopped = await Promise.race([signal, stack.failed.then((reason) => ({ reason }))]);
    if (typeof stopped === 'object') {
      say(stopped.reason);
      await stack.shutdown();
      await assertNothingListening(settings);
      say('stopped after a crash loop');
      return 1;
    }
  } else if (outcome instanceof Error || typeof outcome !== 'string') {
    say(`start failed: ${outcome instanceof Error ? outcome.message : String(outcome)}`);
    await stack.shutdown();
    await assertNothingListening(settings);
    return 1;
  }
  await stack.shutdown();
  await startUp.catch(() => undefined);
  await stack.shutdown();
  await assertNothingListening(settings);
  say('stopped');
  return 0;
}

// Whoever watches our output may die first (a crashed test runner): a write to the closed
// pipe must not kill the launcher half-way through stopping the servers it started.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

/** Runs the projector's rebuild against the profile's running stack (its stack file gives the addresses). */
async function rebuildReadModelOf(settings: StackSettings, flags: string[]): Promise<number> {
  const stackFile = join(settings.runDir, 'stack.json');
  if (!existsSync(stackFile)) {
    say(`no running ${settings.profile} stack (${stackFile} missing): start it with npm start first`);
    return 1;
  }
  const { env } = JSON.parse(readFileSync(stackFile, 'utf8')) as { env: Record<string, string> };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'apps', 'projector', 'src', 'rebuild.ts'), ...flags],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...env,
        MIGRATIONS_DIR: join(repoRoot, 'apps', 'projector', 'migrations'),
        TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json'),
      },
    },
  );
  return new Promise((resolveCode) => child.once('exit', (code) => resolveCode(code ?? 1)));
}

async function main(): Promise<number> {
  const envFile = resolve(repoRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const { command, positionals, profile, rebuildFlags } = parseCommandLine(process.argv.slice(2));
  const settings = resolveSettings(profile);
  switch (command) {
    case 'start':
      return serve(settings, true);
    case 'servers':
      return serve(settings, false);
    case 'install':
      await ensureTools(settings.toolsDir);
      say(`tools installed in ${settings.toolsDir}`);
      return 0;
    case 'reset': {
      for (const [name, port] of Object.entries(settings.ports)) {
        if (!(await isPortFree(port))) {
          say(`${name} port ${port} is in use: stop the ${profile} stack before resetting its data`);
          return 1;
        }
      }
      rmSync(settings.dataDir, { recursive: true, force: true });
      say(`deleted ${settings.dataDir}`);
      return 0;
    }
    case 'test':
      return runTestTiers(positionals);
    case 'bench':
      return runBenchmark(positionals[0]);
    case 'demo':
      await loadDemo(settings);
      return 0;
    case 'token': {
      const outcome = await tokenCommand(positionals, settings, process.env);
      if (outcome.stderr) process.stderr.write(outcome.stderr);
      if (outcome.stdout) await new Promise((done) => process.stdout.write(outcome.stdout as string, done));
      return outcome.code;
    }
    case 'read-model-rebuild':
      return rebuildReadModelOf(settings, rebuildFlags);
    case 'deploy-validate':
      return runDeployValidate();
    default:
      return usage();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[suivi] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
