import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess, pidFileFor, run } from '../processes';
import type { StackSettings } from '../settings';
import type { Tools } from '../tools';
import { clusterPorts, type KafkaBrokerPorts } from './ports';

/**
 * The properties of one of the cluster's brokers: each is broker and KRaft controller, the
 * controller quorum is all three (a majority, two, keeps the metadata available), and the
 * internal topics (consumer offsets, transaction state) have three copies, two in sync.
 */
export function brokerProperties(broker: KafkaBrokerPorts, all: readonly KafkaBrokerPorts[], logDir: string): string {
  return [
    '# Written by infra/src/cluster/kafka.ts at every start of the cluster profile; edit that file, not this one.',
    'process.roles=broker,controller',
    `node.id=${broker.nodeId}`,
    `controller.quorum.voters=${all.map((b) => `${b.nodeId}@127.0.0.1:${b.controller}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${broker.broker},CONTROLLER://127.0.0.1:${broker.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${broker.broker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=6',
    `default.replication.factor=${all.length}`,
    'min.insync.replicas=2',
    `offsets.topic.replication.factor=${all.length}`,
    `transaction.state.log.replication.factor=${all.length}`,
    'transaction.state.log.min.isr=2',
    // A replica that falls behind is never elected leader: no acknowledged write is lost.
    'unclean.leader.election.enable=false',
    'group.initial.rebalance.delay.ms=0',
    // Three brokers on a small machine: few threads each.
    'num.network.threads=2',
    'num.io.threads=2',
    'num.replica.fetchers=1',
    // Topics are declared in code (infra/kafka/topics.ts); a typo must not create one.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

const javaClasspath = (tools: Tools) => `${tools.kafkaLibDir}/*`;

export const brokerName = (broker: KafkaBrokerPorts) => `kafka-${broker.nodeId}`;

/** The cluster id, generated once and shared by the three brokers' storage. */
function clusterId(dataDir: string): string {
  const file = join(dataDir, 'cluster-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  // Kafka's ids are 16 random bytes in URL-safe base64 (what StorageTool random-uuid prints);
  // like Kafka, never one that starts with '-', which a command line would take for an option.
  let id: string;
  do id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
  while (id.startsWith('-'));
  writeFileSync(file, `${id}\n`);
  return id;
}

/** Writes a broker's properties and formats its storage the first time (with the shared cluster id). */
export async function prepareBroker(settings: StackSettings, tools: Tools, broker: KafkaBrokerPorts): Promise<string> {
  const dataDir = join(settings.dataDir, 'kafka');
  const brokerDir = join(dataDir, brokerName(broker));
  const logDir = join(brokerDir, 'kraft-logs');
  mkdirSync(logDir, { recursive: true });
  const propertiesFile = join(brokerDir, 'server.properties');
  writeFileSync(propertiesFile, brokerProperties(broker, clusterPorts(settings.ports).kafka, logDir));
  if (!existsSync(join(logDir, 'meta.properties'))) {
    await run(
      'java',
      [
        '-cp',
        javaClasspath(tools),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId(dataDir),
        '-c',
        propertiesFile,
      ],
      { cwd: brokerDir },
    );
  }
  return propertiesFile;
}

/** Starts one broker (its properties written and storage formatted beforehand by prepareBroker). */
export function startBroker(settings: StackSettings, tools: Tools, broker: KafkaBrokerPorts): ManagedProcess {
  const brokerDir = join(settings.dataDir, 'kafka', brokerName(broker));
  return ManagedProcess.start({
    name: brokerName(broker),
    command: 'java',
    args: [
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${tools.kafkaLog4jConfig}`,
      // Marks the command line so a stale broker of this profile can be recognised by pid.
      `-Dsuivi.data=${brokerDir}`,
      '-cp',
      javaClasspath(tools),
      'kafka.Kafka',
      join(brokerDir, 'server.properties'),
    ],
    cwd: brokerDir,
    env: process.env,
    logFile: join(settings.logsDir, `${brokerName(broker)}.log`),
    pidFile: pidFileFor(settings.runDir, brokerName(broker)),
  });
}
