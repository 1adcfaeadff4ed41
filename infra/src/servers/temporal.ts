import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { ManagedProcess, pidFileFor, waitUntil } from '../processes';
import type { StackSettings } from '../settings';
import type { Tools } from '../tools';

/** Registered at start so the Temporal Web UI can filter cycles by them. */
export const searchAttributes = {
  SuiviCountry: 'Keyword',
  SuiviCycleType: 'Keyword',
  SuiviCycleStatus: 'Keyword',
} as const;

/**
 * How long the embedded server holds an idle task-queue poll before answering "nothing" (the
 * server's default is 60 s). Live pollers are seen again at least this often, so the API's
 * readiness can tell a dead worker from an idle one quickly: the launcher sets the API's
 * READINESS_WORKER_MAX_POLL_AGE_MS to twice this (ADR 0015).
 */
export const DEV_SERVER_LONG_POLL_SECONDS = 10;

export function temporalAddress(settings: StackSettings): string {
  return `127.0.0.1:${settings.ports.temporal}`;
}

/** Temporal CLI dev server, state in SQLite on disk so cycles survive a restart. */
export function startTemporal(
  settings: StackSettings,
  tools: Tools,
  codecEndpoint: string | undefined,
): ManagedProcess {
  const dataDir = join(settings.dataDir, 'temporal');
  mkdirSync(dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    join(dataDir, 'temporal.sqlite'),
    // Write-ahead log: one fsync per commit instead of the rollback journal's several, and
    // readers no longer block the writer. synchronous stays FULL, so a commit survives a
    // power cut as before (ADR 0007).
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=FULL',
    '--ip',
    '127.0.0.1',
    '--port',
    String(settings.ports.temporal),
    '--ui-port',
    String(settings.ports.temporalUi),
    '--namespace',
    settings.namespace,
    '--log-format',
    'json',
    '--log-level',
    'warn',
    '--dynamic-config-value',
    `matching.longPollExpirationInterval="${DEV_SERVER_LONG_POLL_SECONDS}s"`,
    ...Object.entries(searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
  ];
  return ManagedProcess.start({
    name: 'temporal',
    command: tools.temporalCli,
    args,
    cwd: dataDir,
    env: { ...process.env, TEMPORAL_CLI_SHOW_STACKS: '0' },
    logFile: join(settings.logsDir, 'temporal.log'),
    pidFile: pidFileFor(settings.runDir, 'temporal'),
  });
}

/** Healthy = the frontend answers and Suivi's namespace is registered. */
export async function waitForTemporal(settings: StackSettings, server?: ManagedProcess): Promise<void> {
  await waitUntil(
    async () => {
      const connection = await Connection.connect({ address: temporalAddress(settings), connectTimeout: '2s' });
      try {
        await connection.workflowService.describeNamespace({ namespace: settings.namespace });
      } finally {
        await connection.close();
      }
    },
    {
      description: `Temporal on port ${settings.ports.temporal}`,
      timeoutMs: 60000,
      intervalMs: 300,
      abortIf: () => (server && !server.running ? server.describeExit() : undefined),
    },
  );
}
