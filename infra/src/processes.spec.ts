import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPortFree, PortInUseError, stopStaleProcess, waitUntil } from './processes';

describe('assertPortFree', () => {
  it('names the port, the server and the variable when the port is taken', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const attempt = assertPortFree(port, 'Kafka', 'KAFKA_PORT');
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(assertPortFree(port, 'Kafka', 'KAFKA_PORT')).rejects.toThrow(
        `Port ${port} (Kafka) is already in use on 127.0.0.1. Stop the process using it, or choose another port with KAFKA_PORT.`,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
    await expect(assertPortFree(port, 'Kafka', 'KAFKA_PORT')).resolves.toBeUndefined();
  });
});

describe('stopStaleProcess', () => {
  const dir = mkdtempSync(join(tmpdir(), 'suivi-pid-'));
  const startSleeper = () => {
    // The folder is an argument, so it shows in /proc/<pid>/cmdline like SUIVI_HOME does for our servers.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 30000)', dir], { stdio: 'ignore' });
    const pidFile = join(dir, `${child.pid}.pid`);
    writeFileSync(pidFile, `${child.pid}\n`);
    return { child, pidFile };
  };
  // A killed child stays a zombie until reaped: count that as stopped.
  const alive = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
    } catch {
      return false;
    }
  };

  it('stops a recorded process whose command line carries our marker', async () => {
    const { child, pidFile } = startSleeper();
    await waitUntil(
      async () =>
        readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(dir) ? true : Promise.reject(new Error('not yet')),
      {
        description: 'sleeper running',
        timeoutMs: 5000,
      },
    );
    expect(alive(child.pid as number)).toBe(true);
    await expect(stopStaleProcess(pidFile, dir)).resolves.toBe(true);
    await waitUntil(async () => (alive(child.pid as number) ? Promise.reject(new Error('alive')) : true), {
      description: 'sleeper stopped',
      timeoutMs: 5000,
    });
    expect(existsSync(pidFile)).toBe(false);
  });

  it('never touches a process whose command line is not ours (a reused pid)', async () => {
    const { child, pidFile } = startSleeper();
    try {
      await waitUntil(
        async () =>
          readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(dir)
            ? true
            : Promise.reject(new Error('not yet')),
        {
          description: 'sleeper running',
          timeoutMs: 5000,
        },
      );
      await expect(stopStaleProcess(pidFile, '/some/other/suivi/home')).resolves.toBe(false);
      expect(alive(child.pid as number)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('ignores a pid file whose process is gone', async () => {
    const pidFile = join(dir, 'gone.pid');
    writeFileSync(pidFile, '999999999\n');
    await expect(stopStaleProcess(pidFile, dir)).resolves.toBe(false);
  });
});
