import { z } from 'zod';
import { ROLES, type Role } from '../auth/principal';
import { PATH_PARAMETERS } from '../common/path-parameters';
import { alternation, documentAs, line, openApiSchema, timeZone } from '../common/text-schemas';
import { codeList, countryFilter, oneOf, pagination } from '../queries/query-params';
import { DELIVERIES, LANGUAGES } from './claims';
import { MAX_TOKEN_LENGTH, TOKEN_SHAPE, UNSUBSCRIBE_ACTIONS } from '@suivi/notifications/unsubscribe';
import { ASSIGNMENTS } from '@suivi/notifications/recipients';

// Path parameters ------------------------------------------------------------------------------

export const assignmentParamSchema = z.enum(ASSIGNMENTS, 'expected DESK_OFFICER, DELEGATION or REVIEWER');

/** '<source event id>:<user id>', as the notifier builds it: one line of text. */
export const NOTIFICATION_ID_MAX = 600;
export const notificationIdParamSchema = line(NOTIFICATION_ID_MAX);

/*
 * The people routes' own path parameters join the API's one table of them (PATH_PARAMETERS),
 * which checks them on every request (RequestTextPipe) and documents them (the OpenAPI document):
 * registered when this module is loaded, before any route is mapped.
 */
Object.assign(PATH_PARAMETERS, {
  assignment: {
    schema: assignmentParamSchema,
    description: 'Who the assignment makes a recipient of the reminders of that role for the country',
    example: 'DELEGATION',
  },
  notificationId: {
    schema: notificationIdParamSchema,
    description: 'A notification of your inbox',
    example: 'KH-HRD-2026:42:demo.delegation-kh',
  },
} satisfies typeof PATH_PARAMETERS);

// Bodies -----------------------------------------------------------------------------------------

/**
 * PATCH /v1/me: a JSON merge patch (RFC 7396) of your preferences. A member left out is kept; a
 * value sets it as your own choice, which later sign-ins no longer change; null withdraws the
 * choice (language and time zone follow your sign-in claims again, delivery is digest again, the
 * daily digest is on again).
 */
export const preferencesPatchSchema = z
  .object({
    language: z
      .enum(LANGUAGES, 'expected en or fr')
      .nullable()
      .optional()
      .meta({ description: 'Language of notifications and e-mails; null: that of your sign-in (locale claim)' }),
    timeZone: timeZone()
      .nullable()
      .optional()
      .meta({ description: 'IANA time zone of the dates in e-mails; null: that of your sign-in (zoneinfo claim)' }),
    delivery: z
      .enum(DELIVERIES, 'expected digest, immediate or none')
      .nullable()
      .optional()
      .meta({
        description:
          'E-mail: immediate (each notification as it comes), digest (escalations and event notices at once, ' +
          'reminders in the daily digest) or none (the in-app inbox only); null: digest',
      }),
    dailyDigest: z
      .boolean('expected true or false')
      .nullable()
      .optional()
      .meta({ description: 'Whether you receive the 09:00 digest (none with delivery none); null: true' }),
  })
  .strict();
export type PreferencesPatch = z.output<typeof preferencesPatchSchema>;

// Queries ----------------------------------------------------------------------------------------

const booleanFlag = documentAs(
  z.enum(['true', 'false'], 'expected true or false').transform((value) => value === 'true'),
  { type: 'boolean' },
);

const roles = codeList<Role>('roles', alternation(ROLES), oneOf(ROLES));

export const peopleQuerySchema = z
  .object({
    country: countryFilter.optional().meta({
      description:
        'Partner codes, comma-separated: people with one of them in their scope or assigned to one. Desk officers ' +
        'and delegations read the people of their own countries only (another country: 403).',
    }),
    role: roles.optional().meta({ description: 'Roles, comma-separated: desk-officer, delegation, reviewer, auditor' }),
    ...pagination,
  })
  .strict();
export type PeopleQuery = z.output<typeof peopleQuerySchema>;

export const notificationsQuerySchema = z
  .object({
    unread: booleanFlag
      .optional()
      .meta({ description: 'true: unread only; false: read only; left out: all, unread first' }),
    ...pagination,
  })
  .strict();
export type NotificationsQuery = z.output<typeof notificationsQuerySchema>;

export const unassignedRemindersQuerySchema = z
  .object({
    country: countryFilter.optional().meta({
      description:
        'Partner codes, comma-separated. Reviewers and auditors read every country; desk officers and ' +
        'delegations their own (another country: 403).',
    }),
  })
  .strict();
export type UnassignedRemindersQuery = z.output<typeof unassignedRemindersQuerySchema>;

/** The signed token of an unsubscribe link, as the notifier writes it (libs/notifications). */
export const unsubscribeQuerySchema = z
  .object({
    token: z
      .string()
      .max(MAX_TOKEN_LENGTH)
      .regex(TOKEN_SHAPE, 'expected the token of an unsubscribe link')
      .meta({ description: 'From the List-Unsubscribe link of an e-mail' }),
  })
  .strict();

// Responses (OpenAPI) ----------------------------------------------------------------------------

type Schema = Record<string, unknown>;
const string = { type: 'string' };
const nullableString = { type: 'string', nullable: true };
const instant = { type: 'string', format: 'date-time' };
const nullableInstant = { ...instant, nullable: true };
const labelled = (description?: string): Schema => ({
  type: 'object',
  required: ['code', 'label'],
  properties: { code: string, label: { type: 'string', description: 'In the language of Content-Language' } },
  ...(description && { description }),
});
const object = (properties: Record<string, unknown>, extra: Schema = {}): Schema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...extra,
});
const countries = { type: 'array', items: string, description: 'Upper-case partner codes of the sign-in scope' };

const ownAssignmentSchema = object({
  country: string,
  assignment: labelled('DESK_OFFICER, DELEGATION or REVIEWER'),
});

export const assignmentSchema = object({
  country: string,
  assignment: labelled('DESK_OFFICER, DELEGATION or REVIEWER'),
  userId: string,
  displayName: nullableString,
  assignedBy: string,
  assignedAt: instant,
});

export const meSchema = object({
  userId: string,
  displayName: { ...nullableString, description: 'From the name claim of your sign-in' },
  email: { ...nullableString, description: 'From the email claim of your sign-in' },
  language: { type: 'string', enum: [...LANGUAGES] },
  timeZone: { type: 'string', example: 'Europe/Brussels' },
  delivery: {
    type: 'string',
    enum: [...DELIVERIES],
    description:
      'E-mail: immediate (everything at once), digest (escalations and event notices at once, reminders in ' +
      'the daily digest) or none (the in-app inbox only)',
  },
  dailyDigest: { type: 'boolean', description: 'Whether you receive the 09:00 digest (ignored with delivery none)' },
  chosen: object(
    { language: { type: 'boolean' }, timeZone: { type: 'boolean' } },
    { description: 'Whether language and time zone are your own choice (true) or follow your sign-in (false)' },
  ),
  role: labelled('desk-officer, delegation, reviewer or auditor'),
  countries,
  assignments: { type: 'array', items: ownAssignmentSchema },
  lastSeenAt: instant,
});

export const personSchema = object({
  userId: string,
  displayName: nullableString,
  email: nullableString,
  role: labelled('desk-officer, delegation, reviewer or auditor'),
  countries,
  assignments: { type: 'array', items: ownAssignmentSchema },
  lastSeenAt: instant,
});

const recipientsSchema = object({
  userIds: { type: 'array', items: string },
  unassigned: {
    type: 'boolean',
    description: 'Nobody holds the role for the country: its reminders go to reviewers instead',
  },
  source: { type: 'string', enum: ['ASSIGNED', 'COUNTRY_REVIEWERS', 'ALL_REVIEWERS', 'NOBODY'] },
});

export const countryAssignmentsSchema = object({
  country: string,
  assignments: { type: 'array', items: assignmentSchema },
  recipients: object(
    { DESK_OFFICER: recipientsSchema, DELEGATION: recipientsSchema, REVIEWER: recipientsSchema },
    { description: "Who would receive a reminder of each recipient role for this country's cycles now" },
  ),
});

export const notificationSchema = object({
  notificationId: string,
  kind: labelled('BEFORE_DEADLINE, ON_DEADLINE, ESCALATION, ...'),
  cycleId: string,
  country: string,
  actionPointId: nullableString,
  recipientRole: { ...labelled('DESK_OFFICER, DELEGATION or REVIEWER'), nullable: true },
  unassigned: {
    type: 'boolean',
    description: 'You received it as a reviewer because nobody holds the recipient role for the country',
  },
  deadline: { type: 'string', format: 'date', nullable: true, example: '2026-11-30' },
  dueAt: nullableInstant,
  data: { type: 'object', additionalProperties: true, description: 'More ids, codes and dates' },
  createdAt: instant,
  readAt: nullableInstant,
});

export const notificationPageSchema = object({
  items: { type: 'array', items: notificationSchema },
  page: { type: 'integer', minimum: 1 },
  pageSize: { type: 'integer', minimum: 1 },
  total: { type: 'integer', description: 'Notifications matching the filter, over all pages' },
  unread: { type: 'integer', description: 'Your unread notifications, whatever the filter' },
});

export const unassignedRemindersSchema = object({
  items: {
    type: 'array',
    description: 'Newest first, at most 200',
    items: object({
      sourceEventId: { type: 'string', description: 'The ReminderSent event: <cycle id>:<sequence>' },
      cycleId: string,
      country: string,
      kind: labelled('BEFORE_DEADLINE, ON_DEADLINE or ESCALATION'),
      recipientRole: {
        ...labelled('The role nobody held for the country: DESK_OFFICER, DELEGATION or REVIEWER'),
        nullable: true,
      },
      deadline: { type: 'string', format: 'date', nullable: true, example: '2026-11-30' },
      dueAt: nullableInstant,
      actionPointId: nullableString,
    }),
  },
});

export const unsubscribeResultSchema = object({
  action: { type: 'string', enum: [...UNSUBSCRIBE_ACTIONS], description: 'What the link turned off' },
  delivery: { type: 'string', enum: [...DELIVERIES] },
  dailyDigest: { type: 'boolean' },
});

/** RFC 8058: the mail client's POST says "List-Unsubscribe=One-Click"; the token alone decides. */
export const oneClickBodySchema = {
  type: 'object',
  properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } },
};

export const readAllSchema = object({ marked: { type: 'integer', description: 'Notifications that were unread' } });

export const pageOfPeopleSchema = object({
  items: { type: 'array', items: personSchema },
  page: { type: 'integer', minimum: 1 },
  pageSize: { type: 'integer', minimum: 1 },
  total: { type: 'integer', description: 'People matching the filters, over all pages' },
});

export const preferencesPatchDocument = openApiSchema(preferencesPatchSchema);
