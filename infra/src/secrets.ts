import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCodecKeySpec } from '@suivi/temporal';
import type { StackSettings } from './settings';

/**
 * With the embedded default, a payload encryption key is generated at first start and
 * kept in the profile's data folder (mode 600): deleting it makes the stored Temporal
 * history unreadable, which is why `reset` deletes both together.
 */
export function codecKeysFor(settings: StackSettings): string {
  if (settings.codecKeys) return settings.codecKeys;
  const file = join(settings.dataDir, 'secrets', 'temporal-codec-keys');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(settings.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const spec = generateCodecKeySpec(`dev-${new Date().toISOString().slice(0, 10)}`);
  writeFileSync(file, `${spec}\n`, { mode: 0o600 });
  return spec;
}

/** Secret signing per-user calendar feed tokens; generated at first start like the codec key. */
export function calendarFeedSecretFor(settings: StackSettings): string {
  const file = join(settings.dataDir, 'secrets', 'calendar-feed-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(settings.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Signs the one-click unsubscribe links of the notifier's e-mails; generated at first start. */
export function unsubscribeKeyFor(settings: StackSettings): string {
  const file = join(settings.dataDir, 'secrets', 'unsubscribe-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(settings.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * Master key wrapping the individual cases' keys (ADR 0012); generated at first start like the
 * codec key. On the dev profile a CASE_MASTER_KEYS set in the environment wins (rotation).
 */
export function caseMasterKeysFor(settings: StackSettings): string {
  const configured = settings.profile === 'dev' ? process.env['CASE_MASTER_KEYS'] : undefined;
  if (configured) return configured;
  const file = join(settings.dataDir, 'secrets', 'case-master-keys');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(settings.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const spec = `case-dev-${new Date().toISOString().slice(0, 10)}:${randomBytes(32).toString('base64')}`;
  writeFileSync(file, `${spec}\n`, { mode: 0o600 });
  return spec;
}

/** Folder of the development token issuer's key pair (created by the API at first start). */
export function devIssuerDirFor(settings: StackSettings): string {
  return join(settings.dataDir, 'secrets', 'dev-issuer');
}
