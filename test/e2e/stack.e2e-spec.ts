import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { connectTemporalClient, CycleClient } from '@suivi/temporal';
import {
  launch,
  pollUntil,
  readStackFile,
  stopLaunched,
  suiviHome,
  waitForReady,
  type LaunchedStack,
  type StackFile,
} from '@suivi/test-support';
import type { pingWorkflow } from '@suivi/workflows';

/** The e2e profile's ports (defaults: dev + 20000), as the launcher computes them. */
const ports = {
  api: 23000,
  temporal: 27233,
  temporalUi: 28233,
  kafka: 29092,
  kafkaController: 29093,
  postgres: 25433,
  smtp: 21025,
  mailpitUi: 28025,
};

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

async function listeningPorts(): Promise<number[]> {
  const busy: number[] = [];
  for (const port of Object.values(ports)) if (!(await portIsFree(port))) busy.push(port);
  return busy;
}

const api = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${ports.api}${path}`, init);

async function withPg<T>(stack: StackFile, work: (pg: PgClient) => Promise<T>): Promise<T> {
  const pg = new PgClient({ connectionString: stack.env.DATABASE_URL });
  await pg.connect();
  try {
    return await work(pg);
  } finally {
    await pg.end();
  }
}

describe('the whole stack as `npm start` runs it (e2e profile, own ports and data)', () => {
  let launched: LaunchedStack | undefined;
  let temporal: Client | undefined;
  const workflowId = `e2e-ping-${randomUUID()}`;
  const cycleId = `e2e-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    rmSync(join(suiviHome(), 'e2e', 'data'), { recursive: true, force: true });
  });

  afterAll(async () => {
    await temporal?.connection.close();
    if (launched) await stopLaunched(launched);
  });

  it('refuses to start when a port is taken, naming the port, and leaves nothing running', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(ports.api, '127.0.0.1', () => r()));
    try {
      const attempt = launch('start', 'e2e');
      const code = await attempt.exited;
      expect(code).not.toBe(0);
      expect(attempt.output()).toContain(`Port ${ports.api} (Suivi API) is already in use`);
      expect(attempt.output()).toContain('E2E_API_PORT');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(await listeningPorts()).toEqual([]);
  });

  it('starts everything and prints the URLs once ready', async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 540_000);
    expect(launched.output()).toContain(`API docs       http://127.0.0.1:${ports.api}/docs`);
    expect(launched.output()).toContain(
      `Temporal UI    http://127.0.0.1:${ports.temporalUi}/namespaces/suivi/workflows`,
    );
    expect(launched.output()).toContain(
      `Mail (Mailpit) http://127.0.0.1:${ports.mailpitUi}/  (SMTP 127.0.0.1:${ports.smtp})`,
    );
    // Mailpit answers on its UI's port: a new user sees the demo's e-mails there.
    expect((await fetch(`http://127.0.0.1:${ports.mailpitUi}/api/v1/info`)).status).toBe(200);
  });

  it('reports Temporal, Kafka and PostgreSQL up on /health/ready, and serves live, docs and metrics', async () => {
    const ready = await api('/health/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { details: Record<string, { status: string }> };
    for (const server of ['temporal', 'kafka', 'postgres']) expect(body.details[server].status).toBe('up');
    expect((await api('/health/live')).status).toBe(200);
    const openapi = (await (await api('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/health/ready');
    expect((await api('/docs')).status).toBe(200);
    expect(await (await api('/metrics')).text()).toContain('process_cpu_user_seconds_total');
  });

  it("serves the web app's production build, though the stack was started from a test runner (NODE_ENV=test)", async () => {
    const page = await (await api('/')).text();
    const script = /<script[^>]+src="(\/assets\/index-[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const bundle = await (await api(script as string)).text();
    // React's development build (jsxDEV calls, a third larger) was what a test-started stack built and Nx then cached.
    expect(bundle).not.toContain('jsxDEV');
    // The page carries the web configuration for the app to read, by the id the app's bundle looks for.
    expect(page).toMatch(/<script type="application\/json" id="suivi-web-config">\{"oidc":/);
    expect(bundle).toContain('suivi-web-config');
  });

  it('runs a workflow on the worker app, with encrypted payloads the API codec endpoint can decode', async () => {
    const stack = readStackFile('e2e');
    temporal = await connectTemporalClient({
      address: stack.env.TEMPORAL_ADDRESS,
      namespace: stack.env.TEMPORAL_NAMESPACE,
      codecKeys: stack.env.TEMPORAL_CODEC_KEYS,
    });
    const result = await temporal.workflow.execute<typeof pingWorkflow>('pingWorkflow', {
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [{ text: 'e2e' }],
    });
    expect(result).toMatchObject({ echoed: 'e2e', sampleCycleWorkflowId: 'cycle-ping' });

    // What the Temporal Web UI does: fetch raw (encrypted) payloads, ask the codec endpoint to decode.
    const history = await temporal.workflowService.getWorkflowExecutionHistory({
      namespace: stack.env.TEMPORAL_NAMESPACE,
      execution: { workflowId },
    });
    const started = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(started?.data ?? []).toString()).not.toContain('e2e');
    const decodeResponse = await api('/codec/decode', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': stack.env.TEMPORAL_NAMESPACE,
        origin: `http://127.0.0.1:${ports.temporalUi}`,
      },
      body: JSON.stringify({
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(started?.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
            ),
            data: Buffer.from(started?.data ?? []).toString('base64'),
          },
        ],
      }),
    });
    expect(decodeResponse.status).toBe(200);
    const decoded = (await decodeResponse.json()) as { payloads: Array<{ data: string }> };
    expect(Buffer.from(decoded.payloads[0].data, 'base64').toString()).toBe(JSON.stringify({ text: 'e2e' }));
  });

  it('carries a started cycle from the workflow through Kafka into the read model', async () => {
    const stack = readStackFile('e2e');
    const cycles = new CycleClient(temporal as Client, stack.env.TEMPORAL_TASK_QUEUE ?? 'suivi-cycles');
    const metadata = () => ({
      commandId: randomUUID(),
      actor: { userId: 'desk-e2e', role: 'DESK_OFFICER' as const },
      issuedAt: new Date().toISOString(),
    });
    await cycles.start(
      {
        type: 'StartCycle',
        cycleId,
        cycleType: 'GSP_PLUS_MONITORING',
        country: 'LK',
        title: 'GSP+ monitoring Sri Lanka (e2e)',
        timeZone: 'Asia/Colombo',
      },
      metadata(),
    );
    await cycles.execute(cycleId, {
      command: { type: 'ScheduleRound', roundId: 'R1', date: new Date().toISOString().slice(0, 10) },
      metadata: metadata(),
    });
    const row = await pollUntil(
      () =>
        withPg(stack, async (pg) => {
          const result = await pg.query<{ status: string; version: number; country: string }>(
            'SELECT status, version, country FROM read_model.cycles WHERE cycle_id = $1',
            [cycleId],
          );
          return result.rows[0]?.version === 2 ? result.rows[0] : undefined;
        }),
      60_000,
    );
    expect(row).toEqual({ status: 'ACTIVE', version: 2, country: 'LK' });
  });

  it('stops everything on SIGTERM, leaving no port listening', async () => {
    await temporal?.connection.close();
    temporal = undefined;
    const code = await stopLaunched(launched as LaunchedStack);
    launched = undefined;
    expect(code).toBe(0);
    expect(await listeningPorts()).toEqual([]);
  });

  it('keeps Temporal and PostgreSQL data across a restart', async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 300_000);
    const stack = readStackFile('e2e');
    temporal = await connectTemporalClient({
      address: stack.env.TEMPORAL_ADDRESS,
      namespace: stack.env.TEMPORAL_NAMESPACE,
      codecKeys: stack.env.TEMPORAL_CODEC_KEYS,
    });
    await expect(temporal.workflow.getHandle(workflowId).result()).resolves.toMatchObject({ echoed: 'e2e' });
    const cycles = new CycleClient(temporal, stack.env.TEMPORAL_TASK_QUEUE ?? 'suivi-cycles');
    expect(await cycles.state(cycleId)).toMatchObject({ status: 'ACTIVE', version: 2 });
    const rows = await withPg(
      stack,
      async (pg) => (await pg.query('SELECT 1 FROM read_model.cycles WHERE cycle_id = $1', [cycleId])).rowCount,
    );
    expect(rows).toBe(1);
    await temporal.connection.close();
    temporal = undefined;
    expect(await stopLaunched(launched)).toBe(0);
    launched = undefined;
    expect(await listeningPorts()).toEqual([]);
  });
});
