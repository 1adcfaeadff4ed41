import type { AddressInfo } from 'node:net';
import { ProjectorMetrics, startMetricsServer } from './projector-metrics';

describe('ProjectorMetrics', () => {
  it('reads the consumer lag per partition at each scrape', async () => {
    const metrics = new ProjectorMetrics();
    let lag = new Map([
      [0, 5],
      [1, 0],
    ]);
    metrics.setLagSource(async () => lag);
    expect(await metrics.render()).toContain('suivi_projector_consumer_lag{partition="0"} 5');
    lag = new Map([[0, 2]]);
    const text = await metrics.render();
    expect(text).toContain('suivi_projector_consumer_lag{partition="0"} 2');
    expect(text).toContain('suivi_projector_consumer_lag{partition="1"} 0');
  });

  it('still renders, with the last lag, when the broker cannot be reached', async () => {
    const metrics = new ProjectorMetrics();
    let reachable = true;
    metrics.setLagSource(async () => {
      if (!reachable) throw new Error('broker down');
      return new Map([[0, 7]]);
    });
    await metrics.render();
    reachable = false;
    expect(await metrics.render()).toContain('suivi_projector_consumer_lag{partition="0"} 7');
  });

  it('counts the cycles needing repair at each scrape, keeping the last count when the database is down', async () => {
    const metrics = new ProjectorMetrics();
    let count: number | Error = 2;
    metrics.setRepairSource(async () => {
      if (count instanceof Error) throw count;
      return count;
    });
    expect(await metrics.render()).toContain('suivi_read_model_cycles_needing_repair 2');
    count = new Error('connect ECONNREFUSED');
    expect(await metrics.render()).toContain('suivi_read_model_cycles_needing_repair 2');
    count = 0;
    expect(await metrics.render()).toContain('suivi_read_model_cycles_needing_repair 0');
  });

  it('declares the gap, dead-letter, throughput and duration metrics', async () => {
    const text = await new ProjectorMetrics().render();
    for (const name of [
      'suivi_projector_gaps_total',
      'suivi_projector_cycles_waiting',
      'suivi_projector_dead_letters_total',
      'suivi_projector_events_applied_total',
      'suivi_projector_duplicate_events_total',
      'suivi_projector_batch_duration_seconds',
      'suivi_projector_consumer_lag',
      'suivi_read_model_cycles_needing_repair',
      'suivi_projector_partitions_stuck',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});

describe('startMetricsServer', () => {
  it('serves the registry on GET /metrics and nothing else', async () => {
    const metrics = new ProjectorMetrics();
    metrics.gaps.inc();
    const server = await startMetricsServer({ registry: metrics.registry, port: 0 });
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('suivi_projector_gaps_total 1');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('fails to start on a port already taken', async () => {
    const first = await startMetricsServer({ registry: new ProjectorMetrics().registry, port: 0 });
    try {
      const { port } = first.address() as AddressInfo;
      await expect(startMetricsServer({ registry: new ProjectorMetrics().registry, port })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await new Promise((r) => first.close(r));
    }
  });
});
