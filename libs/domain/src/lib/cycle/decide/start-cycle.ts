import { IANAZone } from 'luxon';
import { CYCLE_ID_PATTERN } from '../../cycle-id';
import { cycleTypeDefinition, isRegionalBodyCode, referenceData } from '../../reference-data';
import { cycleTypes } from '../cycle-types';
import { effectiveReminderPolicy, validateReminderPolicy } from '../reminders';
import type { CycleState } from '../state';
import { COUNTRY_CODE, checkTitle, normalizedPolicy, isRecord } from './checks';
import { Outcome, Command } from './outcome';
import { reject } from './rejections';

export function startCycle(state: CycleState, c: Command<'StartCycle'>): Outcome {
  // The cycle id names its workflow and every published event: stricter than other ids.
  if (typeof c.cycleId !== 'string' || !CYCLE_ID_PATTERN.test(c.cycleId)) {
    return reject(
      'INVALID_ID',
      `${JSON.stringify(c.cycleId ?? null)} is not a valid cycle id: use 3 to 64 letters, digits, "-" or "_", starting with a letter or digit.`,
      'cycleId',
    );
  }
  if (c.cycleId !== state.cycleId) {
    return reject(
      'CYCLE_ID_MISMATCH',
      `This command starts cycle "${String(c.cycleId)}" but was sent to cycle "${state.cycleId}". Send it to cycle "${String(c.cycleId)}" or correct its cycleId.`,
      'cycleId',
    );
  }
  if (!(cycleTypes as readonly unknown[]).includes(c.cycleType)) {
    return reject(
      'UNKNOWN_CYCLE_TYPE',
      `"${String(c.cycleType)}" is not a cycle type. Choose one of ${cycleTypes.join(', ')}.`,
      'cycleType',
    );
  }
  if (typeof c.country !== 'string' || !(COUNTRY_CODE.test(c.country) || isRegionalBodyCode(c.country))) {
    const bodies = referenceData.regionalBodies.regionalBodies.map((b) => b.code).join(', ');
    return reject(
      'INVALID_COUNTRY',
      `"${String(c.country)}" is not a partner code. Use the ISO 3166-1 alpha-2 code in capitals (e.g. KH for Cambodia) or a regional body: ${bodies}.`,
      'country',
    );
  }
  const titleProblem = checkTitle(c.title, 'title', 'the cycle');
  if (titleProblem) return titleProblem;
  if (typeof c.timeZone !== 'string' || !IANAZone.isValidZone(c.timeZone)) {
    return reject(
      'INVALID_TIME_ZONE',
      `"${String(c.timeZone)}" is not an IANA time zone. Use the delegation's zone, e.g. Europe/Brussels or Asia/Phnom_Penh.`,
      'timeZone',
    );
  }
  if (c.reminderPolicy !== undefined && !isRecord(c.reminderPolicy)) {
    return reject(
      'INVALID_REMINDER_POLICY',
      'The reminder policy must be an object; leave it out to use the cycle type defaults.',
      'reminderPolicy',
    );
  }
  const policy = effectiveReminderPolicy(c.cycleType, c.reminderPolicy);
  const problems = validateReminderPolicy(policy);
  if (problems.length > 0) {
    return reject(
      'INVALID_REMINDER_POLICY',
      `The reminder policy is not valid: ${problems.map((p) => p.message).join('; ')}. Fix these values or leave them out to use the ${cycleTypeDefinition(c.cycleType).labels.en} defaults.`,
      `reminderPolicy.${problems[0].field}`,
    );
  }
  return [
    {
      type: 'CycleStarted',
      data: {
        cycleType: c.cycleType,
        country: c.country,
        title: c.title.trim(),
        timeZone: c.timeZone,
        reminderPolicy: normalizedPolicy(policy),
      },
    },
  ];
}
