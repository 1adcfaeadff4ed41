import { execFileSync } from 'node:child_process';
import { createDecipheriv, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client as PgClient } from 'pg';
import { AesGcmPayloadCodec, parseCodecKeys } from '@suivi/temporal';
import { pollUntil, suiviHome, type StackFile } from '@suivi/test-support';

/**
 * Every place the e2e stack keeps data, as text, for the individual-cases test to search its
 * canaries in (Temporal histories raw and decoded, every Kafka topic, pg_dump of every
 * database, every log), and the key material to try opening a backup's ciphertext with.
 */
/** Every place the stack keeps data, as text, for searching canaries in. */
export async function temporalHistoriesText(stack: StackFile): Promise<{ raw: string; decoded: string }> {
  const cli = stack.tools.temporalCli;
  const address = stack.env.TEMPORAL_ADDRESS;
  const namespace = stack.env.TEMPORAL_NAMESPACE;
  const list = JSON.parse(
    execFileSync(
      cli,
      ['workflow', 'list', '--address', address, '--namespace', namespace, '--limit', '1000', '-o', 'json'],
      {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
    ) || '[]',
  ) as Array<{ execution: { workflowId: string } }>;
  const codec = new AesGcmPayloadCodec(parseCodecKeys(stack.env.TEMPORAL_CODEC_KEYS));
  let raw = '';
  let decoded = '';
  for (const { execution } of list) {
    // What `temporal workflow show` prints (payloads as stored: encrypted by the codec).
    const shown = execFileSync(
      cli,
      ['workflow', 'show', '--address', address, '--namespace', namespace, '-w', execution.workflowId, '-o', 'json'],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    raw += shown;
    // And what anyone holding the payload key would read: every payload decrypted.
    const payloads: Array<{ metadata?: Record<string, string>; data?: string }> = [];
    JSON.parse(shown, (key, value: unknown) => {
      if (value && typeof value === 'object' && 'data' in value && 'metadata' in value) payloads.push(value as never);
      return value;
    });
    const decodedPayloads = await codec.decode(
      payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(p.data ?? '', 'base64'),
      })),
    );
    decoded += decodedPayloads.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
  }
  expect(list.length).toBeGreaterThan(0);
  return { raw, decoded };
}

export async function kafkaText(stack: StackFile): Promise<string> {
  const kafka = new Kafka({
    brokers: stack.env.KAFKA_BROKERS.split(','),
    clientId: 'e2e-canary',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  const ends = new Map<string, Map<number, string>>();
  for (const topic of topics) {
    ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high])));
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `e2e-canary-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let text = '';
  const pending = new Set(
    [...ends].flatMap(([topic, parts]) => [...parts].filter(([, high]) => high !== '0').map(([p]) => `${topic}:${p}`)),
  );
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      text += `${message.key?.toString() ?? ''} ${message.value?.toString() ?? ''} ${JSON.stringify(
        Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      )}\n`;
      if (BigInt(message.offset) + 1n >= BigInt(ends.get(topic)?.get(partition) ?? '0'))
        pending.delete(`${topic}:${partition}`);
    },
  });
  await pollUntil(async () => (pending.size === 0 ? true : undefined), 120_000);
  await consumer.disconnect();
  return text;
}

/** Each database on the server as `pg_dump` writes it (plain SQL, data as COPY blocks): a backup. */
export async function databaseDumps(stack: StackFile): Promise<Record<string, string>> {
  const admin = new PgClient({ connectionString: stack.env.DATABASE_URL });
  await admin.connect();
  const databases = (
    await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'",
    )
  ).rows.map((r) => r.datname);
  await admin.end();
  const dumps: Record<string, string> = {};
  for (const name of databases) {
    const url = new URL(stack.env.DATABASE_URL);
    url.pathname = `/${name}`;
    dumps[name] = execFileSync(stack.tools.pgDump, ['--no-owner', '--dbname', url.toString()], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
  }
  return dumps;
}

export const allDumps = (dumps: Record<string, string>) => Object.values(dumps).join('\n');

/** The rows of one table in a pg_dump (COPY text format), as column → raw field. */
export function copyRows(dump: string, table: string): Array<Record<string, string>> {
  const header = new RegExp(`^COPY ${table.replace('.', '\\.')} \\(([^)]*)\\) FROM stdin;$`, 'm').exec(dump);
  if (!header) return [];
  const columns = header[1].split(', ');
  const rows: Array<Record<string, string>> = [];
  for (const line of dump.slice(header.index + header[0].length + 1).split('\n')) {
    if (line === '\\.') break;
    const fields = line.split('\t');
    rows.push(Object.fromEntries(columns.map((c, i) => [c, fields[i]])));
  }
  return rows;
}

/** A bytea field of a COPY block ("\\x" + hex). */
export const bytea = (field: string) => Buffer.from(field.replace(/^\\\\x/, ''), 'hex');

export function tryOpen(
  key: Buffer,
  sealed: { iv: Buffer; authTag: Buffer; ciphertext: Buffer },
  aad?: Buffer,
): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

/** Every 32-byte key a holder of the remaining secrets has: master keys, codec keys, and every case key still in the key store. */
export function keysLeft(keyStoreDump: string, masterKeys: Map<string, Buffer>, codecKeys: Buffer[]): Buffer[] {
  const dataKeys = copyRows(keyStoreDump, 'public.case_keys').flatMap((row) => {
    const master = masterKeys.get(row['master_key_id']);
    if (!master) return [];
    const aad = Buffer.from(`suivi/individual-case/key/v1/${row['case_ref']}/${row['master_key_id']}`);
    const key = tryOpen(
      master,
      { iv: bytea(row['iv']), authTag: bytea(row['auth_tag']), ciphertext: bytea(row['wrapped_key']) },
      aad,
    );
    return key ? [key] : [];
  });
  return [...masterKeys.values(), ...codecKeys, ...dataKeys];
}

/**
 * Opens the case's sealed content found in a backup of the main database with every key in
 * `keys`, with and without the case's associated data; the plaintexts that came out.
 */
export function openBackup(mainDump: string, caseRef: string, keys: Buffer[]): string[] {
  const row = copyRows(mainDump, 'cases.individual_cases').find((r) => r['case_ref'] === caseRef);
  expect(row?.['ciphertext']).toMatch(/^\\\\x[0-9a-f]+$/);
  const sealed = {
    iv: bytea(row?.['iv'] ?? ''),
    authTag: bytea(row?.['auth_tag'] ?? ''),
    ciphertext: bytea(row?.['ciphertext'] ?? ''),
  };
  const aad = Buffer.from(`suivi/individual-case/content/v1/${caseRef}`);
  return keys.flatMap((key) =>
    [tryOpen(key, sealed, aad), tryOpen(key, sealed)].flatMap((p) => (p ? [p.toString('utf8')] : [])),
  );
}

export function masterKeysOf(profile: string): Map<string, Buffer> {
  const spec = readFileSync(join(suiviHome(), profile, 'data', 'secrets', 'case-master-keys'), 'utf8').trim();
  return new Map(
    spec.split(',').map((entry) => {
      const at = entry.indexOf(':');
      return [entry.slice(0, at), Buffer.from(entry.slice(at + 1), 'base64')] as const;
    }),
  );
}

export function codecKeysOf(stack: StackFile): Buffer[] {
  return parseCodecKeys(stack.env.TEMPORAL_CODEC_KEYS).map((k) => k.key);
}

export function logsText(): string {
  const dir = join(suiviHome(), 'e2e', 'logs');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  expect(files.length).toBeGreaterThan(0);
  return files.map((f) => readFileSync(f, 'latin1')).join('\n');
}
