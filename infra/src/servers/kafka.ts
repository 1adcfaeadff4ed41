import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKafka, createKafka, ensureTopics, type EnsureTopicsResult } from '@suivi/kafka';
import { topicDeclarations } from '../../kafka/topics';
import { ManagedProcess, pidFileFor, run, waitUntil } from '../processes';
import type { StackSettings } from '../settings';
import type { Tools } from '../tools';

export function kafkaBrokers(settings: StackSettings): string {
  return `127.0.0.1:${settings.ports.kafka}`;
}

function serverProperties(settings: StackSettings, logDir: string): string {
  const { kafka, kafkaController } = settings.ports;
  return [
    '# Written by infra/src/servers/kafka.ts at every start; edit that file, not this one.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=6',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // One local broker on a small machine: the defaults (3 network, 8 I/O threads) only add wake-ups.
    'num.network.threads=2',
    'num.io.threads=2',
    // Topics are declared in code (infra/kafka/topics.ts); a typo must not create one.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

const javaClasspath = (tools: Tools) => `${tools.kafkaLibDir}/*`;

/** Single-node KRaft broker from the Maven Central jars; storage formatted once. */
export async function startKafka(settings: StackSettings, tools: Tools): Promise<ManagedProcess> {
  const dataDir = join(settings.dataDir, 'kafka');
  const logDir = join(dataDir, 'kraft-logs');
  mkdirSync(logDir, { recursive: true });
  const propertiesFile = join(dataDir, 'server.properties');
  writeFileSync(propertiesFile, serverProperties(settings, logDir));
  if (!existsSync(join(logDir, 'meta.properties'))) {
    const clusterId = (
      await run('java', ['-cp', javaClasspath(tools), 'kafka.tools.StorageTool', 'random-uuid'], { cwd: dataDir })
    )
      .trim()
      .split('\n')
      .pop() as string;
    await run(
      'java',
      ['-cp', javaClasspath(tools), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile],
      { cwd: dataDir },
    );
  }
  return ManagedProcess.start({
    name: 'kafka',
    command: 'java',
    args: [
      '-Xms256m',
      '-Xmx1g',
      // A 1 GiB heap on a developer machine: the serial collector costs the least CPU (no concurrent GC threads).
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${tools.kafkaLog4jConfig}`,
      // Marks the command line so a stale broker of this profile can be recognised by pid.
      `-Dsuivi.data=${dataDir}`,
      '-cp',
      javaClasspath(tools),
      'kafka.Kafka',
      propertiesFile,
    ],
    cwd: dataDir,
    env: process.env,
    logFile: join(settings.logsDir, 'kafka.log'),
    pidFile: pidFileFor(settings.runDir, 'kafka'),
  });
}

/** Healthy = the broker answers metadata requests; then the declared topics are applied. */
export async function waitForKafkaAndApplyTopics(
  settings: StackSettings,
  server?: ManagedProcess,
): Promise<EnsureTopicsResult> {
  const kafka = createKafka({ brokers: [kafkaBrokers(settings)], clientId: 'suivi-infra', log: () => undefined });
  await waitUntil(() => checkKafka(kafka), {
    description: `Kafka on port ${settings.ports.kafka}`,
    timeoutMs: 90000,
    intervalMs: 500,
    abortIf: () => (server && !server.running ? server.describeExit() : undefined),
  });
  // The first admin calls after a fresh start can meet "coordinator is loading": retry.
  return waitUntil(() => ensureTopics(kafka, topicDeclarations), {
    description: 'Kafka topics',
    timeoutMs: 60000,
    intervalMs: 500,
  });
}
