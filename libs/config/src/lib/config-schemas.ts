import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, for example 127.0.0.1:7233');

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int()
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535');

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1');

const commaList = z
  .string()
  .min(1)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

export const commonSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }).default('info'),
});

export const temporalSchema = z.object({
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('suivi'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('suivi-cycles'),
  /**
   * Payload encryption keys, "keyId:base64Key" separated by commas. The first key
   * encrypts; every key listed can decrypt, so rotation is: put the new key first
   * and keep the old ones until no history needs them.
   */
  TEMPORAL_CODEC_KEYS: z
    .string({ message: 'required: payload encryption keys "keyId:base64Key[,...]"' })
    .regex(
      /^[A-Za-z0-9._-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9._-]+:[A-Za-z0-9+/=]+)*$/,
      'expected "keyId:base64Key" entries separated by commas',
    ),
});

export const kafkaSchema = z.object({
  KAFKA_BROKERS: commaList.pipe(z.array(hostPort).min(1)).default(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: z.string().min(1).default('suivi'),
});

export const postgresSchema = z.object({
  DATABASE_URL: z
    .string({ message: 'required: a PostgreSQL connection URL' })
    .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// URL'),
});

export const apiConfigSchema = commonSchema
  .extend(temporalSchema.shape)
  .extend(kafkaSchema.shape)
  .extend(postgresSchema.shape)
  .extend({
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(3000),
    /** Serves /codec/{encode,decode} so the Temporal Web UI can show decoded payloads. */
    CODEC_ENDPOINT_ENABLED: booleanFlag.default(false),
    CODEC_CORS_ORIGINS: commaList.default(['http://127.0.0.1:8233', 'http://localhost:8233']),
  });
export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const workerConfigSchema = commonSchema
  .extend(temporalSchema.shape)
  .extend(kafkaSchema.shape)
  .extend({
    WORKFLOW_BUNDLE_PATH: z.string().min(1, 'required: path of the prebuilt workflow bundle'),
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
    WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  });
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export const projectorConfigSchema = commonSchema
  .extend(kafkaSchema.shape)
  .extend(postgresSchema.shape)
  .extend({
    PROJECTOR_GROUP_ID: z.string().min(1).default('suivi-projector'),
    MIGRATIONS_DIR: z.string().min(1, 'required: folder of the read-model migrations'),
    /** Serves GET /metrics (Prometheus) on this port. */
    PROJECTOR_METRICS_PORT: port.default(9464),
    PROJECTOR_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** How often events held back after a gap in a cycle's sequence are tried again. */
    PROJECTOR_GAP_RETRY_MS: z.coerce
      .number({ message: 'expected milliseconds' })
      .int()
      .min(100, 'expected at least 100 ms')
      .default(5000),
  });
export type ProjectorConfig = z.infer<typeof projectorConfigSchema>;
