import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Topics } from '@suivi/contracts';
import {
  resolveSettings,
  startKafka,
  waitForKafkaAndApplyTopics,
  type ManagedProcess,
  type StackSettings,
  type Tools,
} from '@suivi/infra';
import { pollUntil, readStackFile, suiviHome } from '@suivi/test-support';
import {
  cycleClientFor,
  expectCompleteAndOrdered,
  kafkaAt,
  metadata,
  proposeActionPoint,
  readCycleEvents,
  scheduleRound,
  startCommand,
  spawnWorker,
  writeWorkflowBundle,
  type WorkerProcess,
} from './cycle-stack';

/**
 * A broker of this test's own (so stopping it disturbs no other test), with the real
 * Temporal dev server and a real worker: Kafka goes away mid-cycle and comes back.
 */
describe('a cycle while Kafka is down', () => {
  const base = resolveSettings('test');
  const settings: StackSettings = {
    ...base,
    ports: { ...base.ports, kafka: base.ports.kafka + 100, kafkaController: base.ports.kafkaController + 100 },
    dataDir: join(suiviHome(), 'test', 'data', 'kafka-outage'),
    logsDir: join(suiviHome(), 'test', 'logs', 'kafka-outage'),
    runDir: join(suiviHome(), 'test', 'run', 'kafka-outage'),
  };
  const brokers = `127.0.0.1:${settings.ports.kafka}`;
  const taskQueue = `outage-${randomUUID()}`;
  let kafka: ManagedProcess | undefined;
  let worker: WorkerProcess | undefined;
  const tools = (): Tools => readStackFile('test').tools;

  beforeAll(async () => {
    kafka = await startKafka(settings, tools());
    await waitForKafkaAndApplyTopics(settings, kafka);
    worker = await spawnWorker(
      { KAFKA_BROKERS: brokers, TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: await writeWorkflowBundle() },
      'kafka-outage-worker',
    );
  });

  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await kafka?.stop();
  });

  it('keeps accepting commands, then delivers every event in order once Kafka is back', async () => {
    const { cycles, close } = await cycleClientFor(taskQueue);
    const cycleId = `outage-${randomUUID().slice(0, 8)}`;
    try {
      await cycles.start(startCommand(cycleId), metadata());
      await cycles.execute(cycleId, { command: scheduleRound('R1'), metadata: metadata() });
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        60_000,
      );

      await kafka?.stop();
      for (let i = 1; i <= 5; i++) {
        await cycles.execute(cycleId, { command: proposeActionPoint(`AP${i}`), metadata: metadata() });
      }
      const during = await cycles.publishingStatus(cycleId);
      expect(during.unpublished).toBeGreaterThanOrEqual(5);

      kafka = await startKafka(settings, tools());
      await waitForKafkaAndApplyTopics(settings, kafka);
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        240_000,
        1000,
      );

      const { version } = await cycles.state(cycleId);
      expect(version).toBe(7);
      const logged = await readCycleEvents(kafkaAt(brokers), Topics.cycleEvents, cycleId, version);
      expectCompleteAndOrdered(logged, version);
    } finally {
      await close();
    }
  }, 400_000);
});
