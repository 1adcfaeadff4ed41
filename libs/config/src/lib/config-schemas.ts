import { resolve } from 'node:path';
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

/**
 * NOTIFIER_UNSUBSCRIBE_KEY: the HMAC-SHA256 key of the one-click unsubscribe links (base64, at
 * least 32 bytes). The notifier signs the links with it, the API verifies them (same value).
 */
export const unsubscribeKeySchema = z
  .string({ message: 'required: the key that signs unsubscribe links (base64, 32 bytes or more)' })
  .refine((key) => Buffer.from(key, 'base64').length >= 32, 'expected at least 32 bytes, base64-encoded');

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
    /** Folder of the API's own migrations (idempotency records, calendar feed tokens, ...). */
    API_MIGRATIONS_DIR: z.string().min(1, 'required: folder of the API migrations'),
    /** Largest request body accepted, in bytes; larger bodies get 413. */
    API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(65536),
    /**
     * OIDC: JWKS of the token issuer. Unset with AUTH_DEV_ISSUER_DIR set: the API serves the
     * development issuer's JWKS itself (never in production).
     */
    AUTH_JWKS_URL: z.string().url('expected the https:// URL of the issuer JWKS').optional(),
    /** Expected `iss` claim of bearer tokens. */
    AUTH_ISSUER: z.string().min(1).default('suivi-dev-issuer'),
    /** Expected `aud` claim of bearer tokens. */
    AUTH_AUDIENCE: z.string().min(1).default('suivi-api'),
    /** Claim holding the Suivi role (desk-officer, delegation, reviewer, auditor). */
    AUTH_ROLE_CLAIM: z.string().min(1).default('suivi_role'),
    /** Claim holding the country scope: a list of ISO codes (or a comma-separated string). */
    AUTH_COUNTRIES_CLAIM: z.string().min(1).default('suivi_countries'),
    /** Development token issuer: folder of its generated key pair (set by the launcher outside production). */
    AUTH_DEV_ISSUER_DIR: z.string().min(1).optional(),
    /** Secret that signs per-user calendar feed tokens (base64, at least 32 bytes). */
    CALENDAR_FEED_SECRET: z
      .string({ message: 'required: base64 secret of at least 32 bytes for calendar feed tokens' })
      .refine((v) => Buffer.from(v, 'base64').length >= 32, 'expected base64 of at least 32 bytes'),
    /**
     * Public base URL of the API, used in links (calendar feed URLs) and, in development, as the
     * base of the development OpenID provider's issuer (`<API_PUBLIC_URL>/dev-issuer`).
     */
    API_PUBLIC_URL: z.string().url().optional(),
    /**
     * The web app's OpenID provider (the issuer URL, whose discovery document is at
     * `/.well-known/openid-configuration`), served to the web app in /web-config.json. Required
     * in production (EU Login, Keycloak, ...); in development it defaults to the API's own
     * development provider (`<API_PUBLIC_URL>/dev-issuer`).
     */
    WEB_OIDC_AUTHORITY: z.string().url('expected the https:// issuer URL of the web app OpenID provider').optional(),
    /** The web app's client id at that provider (a public client: authorization code with PKCE). */
    WEB_OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** Scopes the web app asks for; openid is required. */
    WEB_OIDC_SCOPE: z
      .string()
      .regex(/(^| )openid( |$)/, 'expected space-separated scopes including openid')
      .default('openid profile email offline_access'),
    /** The web app's build (index.html and assets/), served by the API at /. */
    WEB_DIST_DIR: z
      .string()
      .min(1)
      .default(() => resolve(process.cwd(), 'dist', 'apps', 'web')),
    /**
     * Master keys wrapping the per-case keys of individual cases, "keyId:base64Key" separated by
     * commas (32-byte AES-256 keys). The first key wraps new case keys; every key listed can
     * unwrap, so rotation is: put the new key first, keep the old ones until the API has
     * re-wrapped every case key under the new one (it does so at start). The API refuses to
     * start without it (checked by the individual-cases module, so configurations that build
     * no API, as in other apps' tests, need not carry it).
     */
    CASE_MASTER_KEYS: z
      .string()
      .regex(
        /^[A-Za-z0-9._-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9._-]+:[A-Za-z0-9+/=]+)*$/,
        'expected "keyId:base64Key" entries separated by commas',
      )
      .optional(),
    /**
     * PostgreSQL database of the per-case keys, kept apart from DATABASE_URL so that backups of
     * the main database never hold the keys (ADR 0012). Default: the main database's name with
     * "_keystore" appended, on the same server (created by the API if missing).
     */
    CASE_KEYSTORE_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// URL')
      .optional(),
    /**
     * Verifies the one-click unsubscribe links of the notifier's e-mails (POST /v1/me/unsubscribe).
     * Required in production; unset elsewhere, the unsubscribe routes answer 503.
     */
    NOTIFIER_UNSUBSCRIBE_KEY: unsubscribeKeySchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.AUTH_JWKS_URL && !c.AUTH_DEV_ISSUER_DIR) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'required: the JWKS URL of the OIDC issuer' });
    }
    if (c.CASE_KEYSTORE_DATABASE_URL && c.CASE_KEYSTORE_DATABASE_URL === c.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['CASE_KEYSTORE_DATABASE_URL'],
        message: 'the case key store must be another database than DATABASE_URL',
      });
    }
    if (c.NODE_ENV === 'production' && c.AUTH_DEV_ISSUER_DIR) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_DEV_ISSUER_DIR'],
        message: 'the development token issuer is refused in production',
      });
    }
    if (c.WEB_OIDC_AUTHORITY && !c.WEB_OIDC_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEB_OIDC_CLIENT_ID'],
        message: "required with WEB_OIDC_AUTHORITY: the web app's client id at that provider",
      });
    }
    if (c.WEB_OIDC_CLIENT_ID && !c.WEB_OIDC_AUTHORITY) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEB_OIDC_AUTHORITY'],
        message: 'required with WEB_OIDC_CLIENT_ID: the issuer URL of the web app OpenID provider',
      });
    }
    if (c.NODE_ENV === 'production' && !c.NOTIFIER_UNSUBSCRIBE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFIER_UNSUBSCRIBE_KEY'],
        message: "required in production: the key of the notifier's unsubscribe links (base64, 32 bytes or more)",
      });
    }
    if (c.NODE_ENV === 'production' && !c.WEB_OIDC_AUTHORITY && !c.WEB_OIDC_CLIENT_ID) {
      for (const variable of ['WEB_OIDC_AUTHORITY', 'WEB_OIDC_CLIENT_ID']) {
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message: 'required in production: the OpenID provider and client the web app signs users in with',
        });
      }
    }
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

/** "Name <address@domain>" or a bare "address@domain". */
const mailbox = z
  .string()
  .regex(
    /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
    'expected a sender such as "Suivi <suivi@example.org>" or suivi@example.org',
  );

/** What an unset variable means outside production: the launcher's Mailpit (npm start sets these anyway). */
export const smtpDefaults = {
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: 1025,
  MAIL_FROM: 'Suivi <suivi@example.org>',
} as const;

/**
 * Outgoing mail (the apps that send reminders). Under npm start and npm test the launcher points
 * these at its Mailpit (plain SMTP on loopback); in production at the organisation's relay, with
 * TLS and credentials. Compose it like the others (`.extend(smtpSchema.shape)`), then apply
 * `checkSmtp` and `withSmtpDefaults` as smtpConfigSchema does.
 */
export const smtpSchema = z.object({
  /** The SMTP server. Required in production. */
  SMTP_HOST: z.string().min(1).optional(),
  /** Its port (Mailpit 1025; a relay usually 465 with SMTP_SECURE=true, or 587). Required in production. */
  SMTP_PORT: port.optional(),
  /**
   * true: TLS from the first byte (implicit TLS, port 465). false: a plain connection, upgraded with
   * STARTTLS when the server offers it, and required to be (requireTLS) before credentials go to
   * any host other than loopback.
   */
  SMTP_SECURE: booleanFlag.default(false),
  /** Credentials for the relay (AUTH PLAIN/LOGIN); both or neither. */
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Sender of every message. Required in production (a domain whose SPF/DKIM the relay satisfies). */
  MAIL_FROM: mailbox.optional(),
  /** Mailpit's HTTP API, where tests read the messages sent (set by the launcher; unused in production). */
  MAILPIT_API_URL: z.string().url('expected the http:// URL of the Mailpit web UI and API').optional(),
});

type SmtpInput = z.infer<typeof smtpSchema> & { NODE_ENV?: 'development' | 'production' | 'test' };

/** The rules across variables: credentials come in pairs, production names its relay and sender. */
export function checkSmtp(c: SmtpInput, ctx: z.RefinementCtx): void {
  if (Boolean(c.SMTP_USER) !== Boolean(c.SMTP_PASSWORD)) {
    const missing = c.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER';
    const other = c.SMTP_USER ? 'SMTP_USER' : 'SMTP_PASSWORD';
    ctx.addIssue({ code: 'custom', path: [missing], message: `required with ${other}: SMTP credentials go in pairs` });
  }
  if (c.NODE_ENV === 'production') {
    const required = {
      SMTP_HOST: "required in production: the organisation's SMTP relay",
      SMTP_PORT: "required in production: the SMTP relay's port (465 with SMTP_SECURE=true, or 587)",
      MAIL_FROM: 'required in production: the sender address of the messages',
    } as const;
    for (const [variable, message] of Object.entries(required)) {
      if (c[variable as keyof typeof required] === undefined)
        ctx.addIssue({ code: 'custom', path: [variable], message });
    }
  }
}

/** Fills what production must name and development may leave out (smtpDefaults). */
export function withSmtpDefaults<C extends z.infer<typeof smtpSchema>>(
  c: C,
): C & { SMTP_HOST: string; SMTP_PORT: number; MAIL_FROM: string } {
  return {
    ...c,
    SMTP_HOST: c.SMTP_HOST ?? smtpDefaults.SMTP_HOST,
    SMTP_PORT: c.SMTP_PORT ?? smtpDefaults.SMTP_PORT,
    MAIL_FROM: c.MAIL_FROM ?? smtpDefaults.MAIL_FROM,
  };
}

export const smtpConfigSchema = commonSchema
  .extend(smtpSchema.shape)
  .superRefine(checkSmtp)
  .transform(withSmtpDefaults);
export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The SMTP transport options (nodemailer's createTransport shape, no dependency on it) for a
 * validated configuration. Credentials never cross the network in clear: on a plain connection
 * to anything but loopback they require STARTTLS first.
 */
export function smtpTransportOptions(
  c: Pick<SmtpConfig, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD'>,
): {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  auth?: { user: string; pass: string };
} {
  const auth = c.SMTP_USER && c.SMTP_PASSWORD ? { user: c.SMTP_USER, pass: c.SMTP_PASSWORD } : undefined;
  return {
    host: c.SMTP_HOST,
    port: c.SMTP_PORT,
    secure: c.SMTP_SECURE,
    requireTLS: !c.SMTP_SECURE && auth !== undefined && !loopbackHosts.has(c.SMTP_HOST),
    ...(auth && { auth }),
  };
}
