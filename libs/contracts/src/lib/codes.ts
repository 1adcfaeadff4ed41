import {
  CYCLE_ID_PATTERN,
  cycleTypes,
  referenceData,
  type ActionPointOwner,
  type ActionPointTerms,
  type Actor,
  type Assessment,
  type GspStage,
  type Priority,
  type RecipientRole,
  type ReminderKind,
  type UnMechanismKind,
} from '@suivi/domain';
import { z } from 'zod';

/**
 * The constrained strings integration events are made of. Every string in an event is one
 * of these: a code, an id, a date or a duration, never free text, so that no field can carry
 * the name of a person at risk of reprisals (domain brief, section 4).
 */

/**
 * Every value of a domain union, checked at compile time: when the domain adds a value, this
 * stops compiling until the contract decides what to publish (a new enum value is a contract change).
 */
function allOf<T extends string>() {
  return <const V extends readonly [T, ...T[]]>(
    values: V & ([Exclude<T, V[number]>] extends [never] ? unknown : { missing: Exclude<T, V[number]> }),
  ): V => values;
}

export const ownerCodes = allOf<ActionPointOwner>()(['PARTNER', 'EU', 'JOINT']);
export const priorityCodes = allOf<Priority>()(['HIGH', 'MEDIUM', 'LOW']);
export const assessmentCodes = allOf<Assessment>()(['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED']);
export const recipientRoleCodes = allOf<RecipientRole>()(['DESK_OFFICER', 'DELEGATION', 'REVIEWER']);
export const actorRoleCodes = allOf<Actor['role']>()(['DESK_OFFICER', 'DELEGATION', 'REVIEWER', 'AUDITOR', 'SYSTEM']);
export const reminderKindCodes = allOf<ReminderKind>()(['BEFORE_DEADLINE', 'ON_DEADLINE', 'ESCALATION']);
export const gspStageCodes = allOf<GspStage>()([
  'LIST_OF_ISSUES_SENT',
  'REPLIES_RECEIVED',
  'MONITORING_MISSION_HELD',
  'ASSESSMENT_COMPLETED',
  'REPORT_PUBLISHED',
]);
/** Names of the action point terms an amendment may change (values of text-like terms are never published). */
export const actionPointTermNames = allOf<keyof ActionPointTerms>()([
  'text',
  'owner',
  'deadline',
  'priority',
  'themes',
  'conventions',
  'unReferences',
]);

// Reference-data codes: the published enums follow the reference data, so dropping a code
// there shows up as a narrowed enum in the compatibility check.
const nonEmpty = <T>(values: readonly T[], what: string): [T, ...T[]] => {
  if (values.length === 0) throw new Error(`Reference data has no ${what}`);
  return [...values] as [T, ...T[]];
};
export const themeCodes = nonEmpty(
  referenceData.actionPlanTaxonomy.pillars.flatMap((pillar) => [pillar.code, ...pillar.themes.map((t) => t.code)]),
  'Action Plan themes',
);
export const conventionIds = nonEmpty(
  referenceData.gspConventions.conventions.map((c) => c.id),
  'GSP+ conventions',
);
export const unMechanismCodes = allOf<UnMechanismKind>()(['UPR', 'TREATY_BODY', 'SPECIAL_PROCEDURE']);
export const regionalBodyCodes = nonEmpty(
  referenceData.regionalBodies.regionalBodies.map((b) => b.code),
  'regional bodies',
);

/** Action point, round and report ids: opaque tokens, no spaces, so no sentence fits in them. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
/** IANA zone names such as "Europe/Brussels", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC". */
export const TIME_ZONE_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]{0,31}(?:\/[A-Za-z0-9_+-]{1,32}){0,2}$/;
/** Reminder offsets are whole days (the domain refuses anything else); "P0D" is the deadline itself. */
export const DAY_OFFSET_PATTERN = /^P[0-9]{1,6}D$/;
export const LOCAL_TIME_PATTERN = /^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?$/;

const idBody = ID_PATTERN.source.slice(1, -1);
const dateBody = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
/** `ap:<actionPointId>|<deadline>|<KIND>|<offset>` or `gsp-replies|<deadline>|<KIND>|<offset>` (domain reminders.ts). */
export const REMINDER_KEY_PATTERN = new RegExp(
  `^(?:ap:${idBody}|gsp-replies)\\|${dateBody}\\|(?:${reminderKindCodes.join('|')})\\|${DAY_OFFSET_PATTERN.source.slice(1, -1)}$`,
);

export const IdSchema = z.string().regex(ID_PATTERN);
export const CycleIdSchema = z.string().regex(CYCLE_ID_PATTERN);
/** An individual case's opaque reference in the need-to-know store: nothing about the person. */
export const CaseRefSchema = z.string().regex(/^case-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
/** A calendar date "YYYY-MM-DD", read in the cycle's time zone. */
export const LocalDateSchema = z.iso.date();
/** An instant in UTC, ISO 8601 with "Z". */
export const InstantSchema = z.iso.datetime();
export const DayOffsetSchema = z.string().regex(DAY_OFFSET_PATTERN);
export const TimeZoneSchema = z.string().max(64).regex(TIME_ZONE_PATTERN);
export const LocalTimeSchema = z.string().regex(LOCAL_TIME_PATTERN);
/** ISO 3166-1 alpha-2 country code, or a regional body code (reference data). */
export const CountrySchema = z.union([z.string().regex(COUNTRY_CODE_PATTERN), z.enum(regionalBodyCodes)]);
export const CycleTypeCodeSchema = z.enum(cycleTypes);
export const ThemeCodeSchema = z.enum(themeCodes);
export const ConventionIdSchema = z.enum(conventionIds);
export const UnMechanismSchema = z.enum(unMechanismCodes);
export const OwnerSchema = z.enum(ownerCodes);
export const PriorityCodeSchema = z.enum(priorityCodes);
export const AssessmentCodeSchema = z.enum(assessmentCodes);
export const GspStageCodeSchema = z.enum(gspStageCodes);
export const RecipientRoleCodeSchema = z.enum(recipientRoleCodes);
export const ActorRoleCodeSchema = z.enum(actorRoleCodes);
export const ReminderKindCodeSchema = z.enum(reminderKindCodes);
export const ReminderKeySchema = z.string().regex(REMINDER_KEY_PATTERN);
export const ActionPointTermNameSchema = z.enum(actionPointTermNames);
