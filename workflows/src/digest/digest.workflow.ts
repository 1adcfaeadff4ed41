import { proxyActivities } from '@temporalio/workflow';
import type { DailyDigestInput, DailyDigestResult, DigestActivities } from './digest.activities';

/** The notifier's task queue: the digest's activities need its SMTP transport and database. */
export const NOTIFIER_TASK_QUEUE = 'suivi-notifier';

// SMTP down for hours must not lose the morning's digests: the activity is retried with a
// growing pause until the day is over (it then finds nothing owed and ends). Each run sends
// only what is still owed, so a retry never sends a digest twice.
const { sendDueDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '2 minutes',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One zone's morning: started by that zone's Temporal schedule at 09:00 local time (see
 * apps/notifier/src/digest/digest-schedules.ts). The timer is the server's, so a notifier down
 * at 09:00 runs this when it comes back, and the same day's digests go out then, once.
 */
export async function dailyDigestWorkflow(input: DailyDigestInput): Promise<DailyDigestResult> {
  return sendDueDigests(input);
}
