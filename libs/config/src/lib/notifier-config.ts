import { z } from 'zod';
import {
  checkSmtp,
  commonSchema,
  kafkaSchema,
  postgresSchema,
  smtpSchema,
  temporalSchema,
  unsubscribeKeySchema,
  withSmtpDefaults,
} from './config-schemas';

/**
 * The notifier (apps/notifier, issue 17): consumes the public topics, writes the in-app inbox
 * (api.notifications) and sends the e-mails. Links in e-mails point at WEB_PUBLIC_URL; the
 * one-click unsubscribe link (RFC 8058) carries a token signed with NOTIFIER_UNSUBSCRIBE_KEY.
 * The daily digests run as Temporal workflows on the notifier's own task queue (ADR 0025).
 */
export const notifierConfigSchema = commonSchema
  .extend(kafkaSchema.shape)
  .extend(postgresSchema.shape)
  .extend(smtpSchema.shape)
  .extend(temporalSchema.pick({ TEMPORAL_ADDRESS: true, TEMPORAL_NAMESPACE: true, TEMPORAL_CODEC_KEYS: true }).shape)
  .extend({
    NOTIFIER_GROUP_ID: z.string().min(1).default('suivi-notifier'),
    NOTIFIER_MIGRATIONS_DIR: z
      .string({ message: 'required: folder of the notifier migrations' })
      .min(1, 'required: folder of the notifier migrations'),
    /** The web app's address, for the links in e-mails (the API's own origin in the embedded stack). */
    WEB_PUBLIC_URL: z
      .string({ message: 'required: the web app’s address, for the links in e-mails' })
      .url('expected the web app’s address, e.g. https://suivi.example.org'),
    /** HMAC-SHA256 key of the unsubscribe links, base64, at least 32 bytes. */
    NOTIFIER_UNSUBSCRIBE_KEY: unsubscribeKeySchema,
    /** How often the mailer looks for e-mails owed, besides being woken by new notifications. */
    NOTIFIER_MAIL_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
    /** The notifier's Temporal task queue, where the daily digest workflows run. */
    NOTIFIER_TASK_QUEUE: z.string().min(1).default('suivi-notifier'),
    /** The prebuilt workflow bundle (the digest workflow is in it, beside the cycle's). */
    WORKFLOW_BUNDLE_PATH: z.string().min(1, 'required: path of the prebuilt workflow bundle'),
    /** How often the notifier looks for time zones that need a digest schedule (a person's new zone). */
    NOTIFIER_ZONE_SYNC_MS: z.coerce.number().int().min(1000).default(60_000),
  })
  .superRefine(checkSmtp)
  .transform(withSmtpDefaults);
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
