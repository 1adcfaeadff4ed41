import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { requireEnv } from './poll-until';

/**
 * Creates an empty database of its own on the test server (DATABASE_URL) and returns its URL:
 * integration tests never share tables. `prefix` names it in the server's list.
 */
export async function scratchDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(requireEnv('DATABASE_URL'));
  url.pathname = `/${name}`;
  return url.toString();
}
