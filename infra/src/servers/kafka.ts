import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKafka, createKafka, ensureTopics, type EnsureTopicsResult } from '@suivi/kafka';
import { singleBroker, threeBrokers, topicDeclarationsFor } from '../../kafka/topics';
import { clusterPorts } from '../cluster/ports';
import { ManagedProcess, pidFileFor, run, waitUntil } from '../processes';
import { isClusterProfile, type StackSettings } from '../settings';
import type { Tools } from '../tools';

/** The bootstrap brokers, comma-separated (KAFKA_BROKERS): one, or the cluster profile's three. */
export function kafkaBrokers(settings: StackSettings): string {
  if (isClusterProfile(settings.profile)) {
    return clusterPorts(settings.ports)
      .kafka.map((b) => `127.0.0.1:${b.broker}`)
      .join(',');
  }
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

/**
 * Healthy = the broker answers metadata requests (on the cluster: all three brokers registered);
 * then the declared topics are applied, with the profile's replication.
 */
export async function waitForKafkaAndApplyTopics(
  settings: StackSettings,
  server?: ManagedProcess | ManagedProcess[],
): Promise<EnsureTopicsResult> {
  const brokers = kafkaBrokers(settings).split(',');
  const servers = server === undefined ? [] : [server].flat();
  const kafka = createKafka({ brokers, clientId: 'suivi-infra', log: () => undefined });
  await waitUntil(
    async () => {
      const cluster = await checkKafka(kafka);
      if (cluster.brokers < brokers.length) throw new Error(`${cluster.brokers} of ${brokers.length} brokers up`);
    },
    {
      description: `Kafka on port${brokers.length > 1 ? 's' : ''} ${brokers.map((b) => b.split(':')[1]).join(', ')}`,
      timeoutMs: 90000,
      intervalMs: 500,
      abortIf: () => servers.find((s) => !s.running)?.describeExit(),
    },
  );
  const declarations = topicDeclarationsFor(brokers.length >= 3 ? threeBrokers : singleBroker);
  // The first admin calls after a fresh start can meet "coordinator is loading": retry.
  return waitUntil(() => ensureTopics(kafka, declarations), {
    description: 'Kafka topics',
    timeoutMs: 60000,
    intervalMs: 500,
  });
}
