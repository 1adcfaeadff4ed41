import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { searchAttributes } from '../src/servers/temporal';

/** infra/deploy/temporal/values.yaml: the official Temporal chart's values for Suivi (ADR 0029). */
const values = parse(readFileSync(join(__dirname, 'temporal', 'values.yaml'), 'utf8'));

describe('values of the official Temporal chart', () => {
  it('keeps both stores in PostgreSQL with the postgres12 plugin', () => {
    const { persistence } = values.server.config;
    expect(persistence.defaultStore).toBe('default');
    expect(persistence.visibilityStore).toBe('visibility');
    for (const store of ['default', 'visibility']) {
      expect(persistence.datastores[store].sql).toMatchObject({ pluginName: 'postgres12', driverName: 'postgres12' });
      // The password comes from a Secret the operator made, never from these values.
      expect(persistence.datastores[store].sql.password).toBeUndefined();
    }
  });

  it('fixes the number of history shards (it cannot change after the first start)', () => {
    expect(values.server.config.persistence.numHistoryShards).toBe(512);
  });

  it("creates the apps' namespace", () => {
    expect(values.server.config.namespaces.namespace.map((n: { name: string }) => n.name)).toContain('suivi');
  });

  it('registers exactly the search attributes the apps set, as Keyword', () => {
    const job: string = values.extraObjects.find((o: string) => o.includes('search-attribute'));
    const names = job
      .match(/for name in ([^;]+);/)?.[1]
      ?.trim()
      .split(/\s+/);
    expect(names?.sort()).toEqual(Object.keys(searchAttributes).sort());
    expect(new Set(Object.values(searchAttributes))).toEqual(new Set(['Keyword']));
    expect(job).toContain('--type Keyword');
  });
});
