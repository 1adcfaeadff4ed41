import { resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '@suivi/config';

/**
 * A profile is one isolated stack: its own ports, data and logs, sharing the installed
 * tools. `dev` is what `npm start` runs; `test` serves the integration tier and `e2e`
 * the end-to-end tier and `bench` the benchmarks, so neither disturbs a running `npm start`.
 * `cluster` (`npm run stack:cluster`) runs every server and app replicated (ADR 0028); `chaos`
 * is the same replicated stack on ports of its own, for the chaos suite (`npm run test:chaos`,
 * ADR 0030), so that it never touches a developer's running cluster, its data or its pid files.
 */
export const profiles = ['dev', 'test', 'e2e', 'bench', 'cluster', 'chaos'] as const;
export type Profile = (typeof profiles)[number];

/** The profiles that run the replicated stack (three brokers, Temporal as five processes, two of each app). */
export function isClusterProfile(profile: Profile): boolean {
  return profile === 'cluster' || profile === 'chaos';
}

/**
 * The cluster's offset keeps all its ports below 32768: out of Linux's ephemeral range (where the
 * dev server's internal services pick random ports) and Temporal's membership ports must be (ADR 0028).
 */
const portOffsets: Record<Profile, number> = {
  dev: 0,
  test: 10000,
  e2e: 20000,
  bench: 30000,
  cluster: 15000,
  // Below the test profile's ports and, like the cluster's, below 32768 (Temporal's membership ports).
  chaos: 5000,
};
const envPrefix: Record<Profile, string> = {
  dev: '',
  test: 'TEST_',
  e2e: 'E2E_',
  bench: 'BENCH_',
  cluster: 'CLUSTER_',
  chaos: 'CHAOS_',
};

const port = z.coerce.number().int().min(1).max(65535);

export interface StackSettings {
  profile: Profile;
  repoRoot: string;
  home: string;
  toolsDir: string;
  dataDir: string;
  logsDir: string;
  runDir: string;
  ports: {
    api: number;
    temporal: number;
    temporalUi: number;
    kafka: number;
    kafkaController: number;
    postgres: number;
    projectorMetrics: number;
    /** Mailpit's SMTP listener, where the apps send mail. */
    smtp: number;
    /** Mailpit's web UI and HTTP API. */
    mailpitUi: number;
  };
  namespace: string;
  taskQueue: string;
  /** When set, PostgreSQL is this server and no embedded one is started. */
  externalDatabaseUrl?: string;
  /** When set, these payload keys are used instead of the generated development key. */
  codecKeys?: string;
  logLevel: string;
  /** V8 heap limit of the worker process (--max-old-space-size), so its memory stays within budget. */
  workerHeapMiB: number;
  /** Whether the worker keeps the Temporal SDK's per-promise stack traces (Web UI "stack trace"); see ADR 0008. */
  workerWorkflowStackTraces: boolean;
  /** Whether `start` loads the demo cycles (default: on the dev and cluster profiles only). */
  demoData: boolean;
}

export const repoRoot = resolve(__dirname, '..', '..');

export function resolveSettings(profile: Profile, env: NodeJS.ProcessEnv = process.env): StackSettings {
  const p = envPrefix[profile];
  const o = portOffsets[profile];
  const schema = z.object({
    SUIVI_HOME: z.string().min(1).default(resolve(repoRoot, '.suivi')),
    [`${p}API_PORT`]: port.default(3000 + o),
    [`${p}TEMPORAL_PORT`]: port.default(7233 + o),
    [`${p}TEMPORAL_UI_PORT`]: port.default(8233 + o),
    [`${p}KAFKA_PORT`]: port.default(9092 + o),
    [`${p}KAFKA_CONTROLLER_PORT`]: port.default(9093 + o),
    [`${p}POSTGRES_PORT`]: port.default(5433 + o),
    [`${p}PROJECTOR_METRICS_PORT`]: port.default(9464 + o),
    [`${p}SMTP_PORT`]: port.default(1025 + o),
    [`${p}MAILPIT_UI_PORT`]: port.default(8025 + o),
    TEMPORAL_NAMESPACE: z.string().min(1).default('suivi'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('suivi-cycles'),
    LOG_LEVEL: z.string().default('info'),
    // Only the dev profile may point at an external database or keys: tests own their servers.
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// URL')
      .optional(),
    TEMPORAL_CODEC_KEYS: z.string().optional(),
    WORKER_HEAP_MIB: z.coerce.number().int().min(256).default(1024),
    SUIVI_DEMO_DATA: z.enum(['true', 'false', '1', '0'], { message: 'expected true or false' }).optional(),
    WORKER_WORKFLOW_STACK_TRACES: z
      .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
      .default('false'),
  });
  const c = loadConfig(schema, env) as Record<string, string | number | undefined>;
  const home = resolve(String(c['SUIVI_HOME']));
  const base = profile === 'dev' ? home : resolve(home, profile);
  return {
    profile,
    repoRoot,
    home,
    toolsDir: resolve(home, 'tools'),
    dataDir: resolve(base, 'data'),
    logsDir: resolve(base, 'logs'),
    runDir: resolve(base, 'run'),
    ports: {
      api: Number(c[`${p}API_PORT`]),
      temporal: Number(c[`${p}TEMPORAL_PORT`]),
      temporalUi: Number(c[`${p}TEMPORAL_UI_PORT`]),
      kafka: Number(c[`${p}KAFKA_PORT`]),
      kafkaController: Number(c[`${p}KAFKA_CONTROLLER_PORT`]),
      postgres: Number(c[`${p}POSTGRES_PORT`]),
      projectorMetrics: Number(c[`${p}PROJECTOR_METRICS_PORT`]),
      smtp: Number(c[`${p}SMTP_PORT`]),
      mailpitUi: Number(c[`${p}MAILPIT_UI_PORT`]),
    },
    namespace: String(c['TEMPORAL_NAMESPACE']),
    taskQueue: String(c['TEMPORAL_TASK_QUEUE']),
    externalDatabaseUrl: profile === 'dev' ? (c['DATABASE_URL'] as string | undefined) : undefined,
    codecKeys: profile === 'dev' ? (c['TEMPORAL_CODEC_KEYS'] as string | undefined) : undefined,
    logLevel: String(c['LOG_LEVEL']),
    workerHeapMiB: Number(c['WORKER_HEAP_MIB']),
    workerWorkflowStackTraces: ['true', '1'].includes(String(c['WORKER_WORKFLOW_STACK_TRACES'])),
    demoData:
      c['SUIVI_DEMO_DATA'] === undefined
        ? profile === 'dev' || profile === 'cluster'
        : ['true', '1'].includes(String(c['SUIVI_DEMO_DATA'])),
  };
}
