import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ManagedProcess, pidFileFor, waitUntil } from '../processes';
import type { StackSettings } from '../settings';
import type { Tools } from '../tools';

/** The sender the apps use unless MAIL_FROM says otherwise (libs/config smtpSchema has the same default). */
export const DEFAULT_MAIL_FROM = 'Suivi <suivi@example.org>';

export function mailpitApiUrl(settings: StackSettings): string {
  return `http://127.0.0.1:${settings.ports.mailpitUi}`;
}

/**
 * What the apps that send mail are given: the stack's Mailpit, plain SMTP on loopback (no TLS,
 * no credentials needed: it accepts any). SMTP_USER / SMTP_PASSWORD, when set in the
 * launcher's environment, reach the apps unchanged. MAILPIT_API_URL is where tests read the
 * messages; production has no such variable.
 */
export function mailEnvironment(settings: StackSettings, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(settings.ports.smtp),
    SMTP_SECURE: 'false',
    MAIL_FROM: env['MAIL_FROM'] || DEFAULT_MAIL_FROM,
    MAILPIT_API_URL: mailpitApiUrl(settings),
  };
}

/** Mailpit's command line: loopback only, messages in SQLite under the profile's data folder. */
export function mailpitArgs(settings: StackSettings): string[] {
  return [
    '--smtp',
    `127.0.0.1:${settings.ports.smtp}`,
    '--listen',
    `127.0.0.1:${settings.ports.mailpitUi}`,
    // Messages survive a restart of the stack; `reset` deletes them with the rest of the data.
    '--database',
    join(settings.dataDir, 'mailpit', 'mailpit.db'),
    // No call to GitHub for the latest release (the machine may have no internet).
    '--disable-version-check',
    // No reverse DNS lookup of each SMTP client (always 127.0.0.1 here).
    '--smtp-disable-rdns',
    // An app configured with SMTP_USER / SMTP_PASSWORD (as for the production relay) is accepted too.
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    // A message the notifier sends again after a crash between send and mark (same Message-ID)
    // is stored once, as a recipient's mail client would show it once (issue 17, ADR 0024).
    '--ignore-duplicate-ids',
    // Only loopback Host headers reach the UI and API (DNS rebinding cannot read the mail).
    '--allowed-hosts',
    '127.0.0.1,localhost',
  ];
}

/** Mailpit (from its Go module, see tools.ts), a supervised process like the other servers. */
export function startMailpit(settings: StackSettings, tools: Tools): ManagedProcess {
  if (!tools.mailpit) throw new Error('Mailpit is not installed: run `npm run stack:install`');
  const dataDir = join(settings.dataDir, 'mailpit');
  mkdirSync(dataDir, { recursive: true });
  return ManagedProcess.start({
    name: 'mailpit',
    command: tools.mailpit,
    args: mailpitArgs(settings),
    cwd: dataDir,
    env: process.env,
    logFile: join(settings.logsDir, 'mailpit.log'),
    pidFile: pidFileFor(settings.runDir, 'mailpit'),
  });
}

/** Resolves with the SMTP server's greeting line (220 ...), or rejects. */
export function smtpGreeting(port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolveGreeting, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no SMTP greeting on port ${port}`)));
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      const line = chunk.toString().split('\r\n')[0] ?? '';
      socket.end('QUIT\r\n');
      if (line.startsWith('220')) resolveGreeting(line);
      else reject(new Error(`unexpected SMTP greeting on port ${port}: ${line}`));
    });
  });
}

/** Healthy = its HTTP API answers GET /api/v1/info and its SMTP listener greets. */
export async function waitForMailpit(settings: StackSettings, server?: ManagedProcess): Promise<void> {
  await waitUntil(
    async () => {
      const response = await fetch(`${mailpitApiUrl(settings)}/api/v1/info`, { signal: AbortSignal.timeout(2000) });
      if (response.status !== 200) throw new Error(`GET /api/v1/info answered ${response.status}`);
      await response.json();
      await smtpGreeting(settings.ports.smtp);
    },
    {
      description: `Mailpit on ports ${settings.ports.smtp} (SMTP) and ${settings.ports.mailpitUi} (web UI)`,
      timeoutMs: 30000,
      intervalMs: 200,
      abortIf: () => (server && !server.running ? server.describeExit() : undefined),
    },
  );
}
