import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type logCreator } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** kafkajs log lines go here (JSON); defaults to stderr for warnings and errors only. */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

const levelName = (level: KafkaLogLevel) =>
  level === KafkaLogLevel.ERROR
    ? 'error'
    : level === KafkaLogLevel.WARN
      ? 'warn'
      : level === KafkaLogLevel.INFO
        ? 'info'
        : 'debug';

export function createKafka(settings: KafkaSettings, overrides: Partial<KafkaConfig> = {}): Kafka {
  const sink =
    settings.log ??
    ((level, message, extra) => process.stderr.write(JSON.stringify({ level, msg: message, ...extra }) + '\n'));
  const creator: logCreator =
    () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      sink(levelName(level), `kafkajs: ${message}`, extra);
    };
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: KafkaLogLevel.WARN,
    logCreator: creator,
    connectionTimeout: 3000,
    retry: { retries: 8, initialRetryTime: 200 },
    ...overrides,
  });
}

/** Readiness probe: the broker answers a metadata request. */
export async function checkKafka(kafka: Kafka): Promise<{ brokers: number; controller: number | null }> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Readiness of a replicated cluster: the first broker to answer. With three brokers, one that is
 * down or frozen (its socket accepts, nothing answers) is not "Kafka down": producers and
 * consumers move to the other leaders. Each check runs against one broker alone (a client whose
 * only seed is that broker), so a frozen one costs its own timeout and nothing else. Rejects,
 * naming every reason, only when no broker answers.
 */
export async function firstBrokerToAnswer<T>(checks: ReadonlyArray<Promise<T>>): Promise<T> {
  try {
    return await Promise.any(checks);
  } catch (error) {
    const reasons = error instanceof AggregateError ? error.errors : [error];
    const messages = [...new Set(reasons.map((e: unknown) => (e instanceof Error ? e.message : String(e))))];
    throw new Error(`no Kafka broker answered: ${messages.join('; ')}`);
  }
}
