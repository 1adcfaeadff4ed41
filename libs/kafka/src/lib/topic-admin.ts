import type { Kafka } from 'kafkajs';

/** A topic as declared in code: the declaration, not the broker, is the source of truth. */
export interface TopicDeclaration {
  name: string;
  partitions: number;
  /** Broker topic configuration, e.g. { 'retention.ms': '-1' }. */
  config: Record<string, string>;
  purpose: string;
  /** Copies of each partition, on as many brokers (default 1: a single broker). Set at creation only. */
  replicationFactor?: number;
}

export interface EnsureTopicsResult {
  created: string[];
  reconfigured: string[];
  unchanged: string[];
}

/**
 * Creates missing topics and brings the configuration of existing ones in line with
 * the declaration. Partition counts are only ever raised (Kafka cannot lower them,
 * and raising them would move keys, so a mismatch is reported instead).
 */
export async function ensureTopics(
  kafka: Kafka,
  declarations: readonly TopicDeclaration[],
): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((d) => !existing.has(d.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((d) => ({
          topic: d.name,
          numPartitions: d.partitions,
          replicationFactor: d.replicationFactor ?? 1,
          configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    const present = declarations.filter((d) => existing.has(d.name));
    const reconfigured: string[] = [];
    if (present.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((d) => d.name) });
      for (const topic of metadata.topics) {
        const declared = present.find((d) => d.name === topic.name);
        if (declared && topic.partitions.length !== declared.partitions) {
          throw new Error(
            `Kafka topic ${topic.name} has ${topic.partitions.length} partitions but ${declared.partitions} are declared; ` +
              'changing partitions moves keys between partitions, so it must be a deliberate migration',
          );
        }
      }
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((d) => ({ type: 2 /* TOPIC */, name: d.name })),
      });
      for (const resource of described.resources) {
        const declared = present.find((d) => d.name === resource.resourceName);
        if (!declared) continue;
        const drift = Object.entries(declared.config).filter(
          ([name, value]) => resource.configEntries.find((e) => e.configName === name)?.configValue !== value,
        );
        if (drift.length > 0) {
          await admin.alterConfigs({
            validateOnly: false,
            resources: [
              {
                type: 2,
                name: declared.name,
                configEntries: Object.entries(declared.config).map(([name, value]) => ({ name, value })),
              },
            ],
          });
          reconfigured.push(declared.name);
        }
      }
    }
    return {
      created: missing.map((d) => d.name),
      reconfigured,
      unchanged: present.map((d) => d.name).filter((n) => !reconfigured.includes(n)),
    };
  } finally {
    await admin.disconnect();
  }
}
