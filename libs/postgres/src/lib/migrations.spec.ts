import type { runner } from 'node-pg-migrate';
import { migrateUp } from './migrations';

const settings = { databaseUrl: 'postgres://nobody@127.0.0.1:1/none', dir: 'migrations', lockWaitMs: 5000 };
const lockTaken = () => new Error('Another migration is already running');

describe('migrateUp', () => {
  it('waits while another process holds the migration lock, then applies', async () => {
    let calls = 0;
    const run = (async () => {
      calls++;
      if (calls < 3) throw lockTaken();
      return [{ name: '1_first' }];
    }) as unknown as typeof runner;
    await expect(migrateUp(settings, run)).resolves.toEqual(['1_first']);
    expect(calls).toBe(3);
  });

  it('gives up after the wait, and never retries another failure', async () => {
    const always = (async () => {
      throw lockTaken();
    }) as unknown as typeof runner;
    await expect(migrateUp({ ...settings, lockWaitMs: 300 }, always)).rejects.toThrow(/already running/);
    let calls = 0;
    const broken = (async () => {
      calls++;
      throw new Error('syntax error at or near "CREAT"');
    }) as unknown as typeof runner;
    await expect(migrateUp(settings, broken)).rejects.toThrow(/syntax error/);
    expect(calls).toBe(1);
  });
});
