import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createPool, migrateUp } from '@suivi/postgres';
import { requireEnv } from '@suivi/test-support';
import { ReceivedEventsRepository } from './received-events.repository';

describe('ReceivedEventsRepository on PostgreSQL', () => {
  it('stores a redelivered Kafka message only once', async () => {
    const name = `int_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(requireEnv('DATABASE_URL'));
    url.pathname = `/${name}`;
    await migrateUp({ databaseUrl: url.toString(), dir: join(__dirname, '..', 'migrations') });
    const pool = createPool(url.toString());
    try {
      const repository = new ReceivedEventsRepository(pool);
      const event = { topic: 't', partition: 1, offset: '7', key: 'cycle-a', payload: Buffer.from('x') };
      expect(await repository.saveAll([event, { ...event, offset: '8' }])).toBe(2);
      expect(await repository.saveAll([event])).toBe(0);
      const count = await pool.query('SELECT count(*)::int AS n FROM read_model.received_events');
      expect(count.rows[0].n).toBe(2);
    } finally {
      await pool.end();
    }
  });
});
