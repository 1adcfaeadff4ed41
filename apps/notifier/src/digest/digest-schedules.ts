import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { DIGEST_HOUR, owedDigestDate } from '@suivi/notifications';
import type { DailyDigestInput } from '@suivi/workflows';

/** One schedule per zone: the zone's name is in its id, so finding it again needs no lookup table. */
export function digestScheduleId(timeZone: string): string {
  return `suivi-digest:${timeZone}`;
}

export interface DigestScheduleOptions {
  client: Client;
  taskQueue: string;
  /** Zones whose schedule is known to exist (kept by the caller between rounds). */
  known: Set<string>;
  now?: () => Date;
}

/**
 * Makes sure each zone where someone takes the digest has its Temporal schedule: 09:00 every
 * day on that zone's clock (the server applies daylight saving), starting the digest workflow
 * on the notifier's task queue. The server keeps the time, so a notifier down at 09:00 finds
 * the run waiting when it comes back; a server down at 09:00 takes the missed run within a day
 * (catch-up window). A zone's schedule created after its 09:00 is run at once, so a person who
 * signs in from a new zone at noon is not skipped that day. Returns the zones it created.
 */
export async function ensureDigestSchedules(
  zones: readonly string[],
  options: DigestScheduleOptions,
): Promise<string[]> {
  const created: string[] = [];
  for (const timeZone of zones) {
    if (options.known.has(timeZone)) continue;
    const scheduleId = digestScheduleId(timeZone);
    const args: [DailyDigestInput] = [{ timeZone }];
    try {
      await options.client.schedule.create({
        scheduleId,
        spec: { calendars: [{ hour: DIGEST_HOUR, minute: 0, second: 0 }], timezone: timeZone },
        action: {
          type: 'startWorkflow',
          workflowType: 'dailyDigestWorkflow',
          workflowId: scheduleId,
          taskQueue: options.taskQueue,
          args,
        },
        policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 day' },
      });
      created.push(timeZone);
      if (owedDigestDate(timeZone, null, options.now?.() ?? new Date())) {
        await options.client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.BUFFER_ONE);
      }
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
    options.known.add(timeZone);
  }
  return created;
}
