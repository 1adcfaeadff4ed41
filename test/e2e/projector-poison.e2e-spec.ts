import { Topics } from '@suivi/contracts';
import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import {
  launch,
  pollUntil,
  readStackFile,
  stopLaunched,
  waitForReady,
  type LaunchedStack,
  type StackFile,
} from '@suivi/test-support';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Issue 14 end to end: an event on the cycle log that the read model cannot store (a U+0000,
 * which PostgreSQL text refuses) must not stop the projector. The cycle says so in its API
 * view, readiness lists it as degraded (still ready), the projector's metrics count it, and
 * cycles started afterwards are projected as usual.
 */

interface ProjectionStatus {
  status: 'UP_TO_DATE' | 'NEEDS_REPAIR';
  reason?: string;
  since?: string;
  heldFromSequence?: number;
}

interface CycleDocument {
  cycleId: string;
  version: number;
  projection: ProjectionStatus;
}

describe('a poison event on the cycle log (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  let stack: StackFile;
  let api = '';
  let desk = '';
  let reviewer = '';

  const get = async <T>(path: string, token?: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${api}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  const startCycle = async (title: string): Promise<string> => {
    const response = await fetch(`${api}/v1/cycles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${desk}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'HUMAN_RIGHTS_DIALOGUE', country: 'KH', title, timeZone: 'Asia/Phnom_Penh' }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { cycleId: string }).cycleId;
  };

  const cycle = (cycleId: string, until: (c: CycleDocument) => boolean) =>
    pollUntil(async () => {
      const reply = await get<CycleDocument>(`/v1/cycles/${cycleId}`, reviewer);
      return reply.status === 200 && until(reply.body) ? reply.body : undefined;
    }, 90_000);

  beforeAll(async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 540_000);
    stack = readStackFile('e2e');
    api = `http://127.0.0.1:${stack.ports.api}`;
    desk = await issueDevTokenForProfile('e2e', { userId: 'desk.kh', role: 'desk-officer', countries: ['KH'] });
    reviewer = await issueDevTokenForProfile('e2e', { userId: 'reviewer.hq', role: 'reviewer', countries: [] });
  }, 600_000);

  afterAll(async () => {
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  it('marks the cycle as needing repair in its view, keeps readiness up (degraded) and projects the cycles after it', async () => {
    const poisoned = await startCycle('EU-Cambodia dialogue (poison e2e)');
    await cycle(poisoned, (c) => c.version >= 1);

    // Event 2 of the cycle, planted on the log as a faulty producer could: a round titled with a U+0000.
    const kafka = new Kafka({
      brokers: stack.env.KAFKA_BROKERS.split(','),
      clientId: 'e2e-poison',
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const event = {
        id: `${poisoned}:2`,
        type: 'RoundScheduled',
        cycleId: poisoned,
        sequence: 2,
        occurredAt: new Date().toISOString(),
        actor: { userId: 'desk.kh', role: 'DESK_OFFICER' },
        commandId: 'e2e-poison-command',
        data: { roundId: 'R1', date: '2027-01-15', title: 'Round with Ms Secret\u0000' },
      };
      await producer.send({
        topic: Topics.cycleLog,
        acks: -1,
        messages: [
          {
            key: poisoned,
            value: JSON.stringify(event),
            headers: { 'event-id': event.id, 'event-type': event.type, 'cycle-id': poisoned, sequence: '2' },
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const view = await cycle(poisoned, (c) => c.projection?.status === 'NEEDS_REPAIR');
    expect(view.version).toBe(1);
    expect(view.projection).toEqual({
      status: 'NEEDS_REPAIR',
      reason: expect.stringMatching(/^SQLSTATE 22[0-9A-Z]{3} /),
      since: expect.any(String),
      heldFromSequence: 2,
    });
    expect(JSON.stringify(view.projection)).not.toMatch(/Secret|0x00/);

    const list = await get<{ items: CycleDocument[] }>('/v1/cycles?pageSize=100', reviewer);
    expect(list.body.items.find((c) => c.cycleId === poisoned)?.projection.status).toBe('NEEDS_REPAIR');

    // Cycles started afterwards are projected (whatever partition they land on).
    const later = await startCycle('EU-Cambodia dialogue started after the poison');
    expect((await cycle(later, (c) => c.version >= 1)).projection).toEqual({ status: 'UP_TO_DATE' });

    // Readiness: still ready (nothing is stuck), the projector degraded with the cycle listed.
    const ready = await get<{ status: string; info: Record<string, Record<string, unknown>> }>('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info['projector']).toMatchObject({
      status: 'up',
      state: 'degraded',
      partitionsStuck: [],
      cycles: expect.arrayContaining([expect.objectContaining({ cycleId: poisoned, heldFromSequence: 2 })]),
    });
    expect(Number(ready.body.info['projector']['cyclesNeedingRepair'])).toBeGreaterThanOrEqual(1);

    // The projector's metrics count it.
    const metricsPort = process.env['E2E_PROJECTOR_METRICS_PORT'] ?? '29464';
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^suivi_read_model_cycles_needing_repair [1-9]/m);
    expect(metrics).toMatch(/^suivi_projector_partitions_stuck 0$/m);
  });
});
