import type { DueReminder } from '../checks/reminders';
import type { ChaosClient, Recorder } from './api-client';
import { pool, sleep } from './chaos-stack';

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const startCycle = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'HUMAN_RIGHTS_DIALOGUE',
  country: 'KH',
  title,
  timeZone: 'UTC',
  ...extra,
});

const proposal = (actionPointId: string, deadline: string) => ({
  actionPointId,
  roundId: 'R1',
  text: `Publish the statistics on pre-trial detention (${actionPointId}).`,
  owner: 'PARTNER',
  deadline,
  priority: 'MEDIUM',
  themes: ['I.C'],
  conventions: ['ICCPR'],
  unReferences: [],
});

/** Starts one cycle per lane of the steady load. */
export async function startLaneCycles(client: ChaosClient, recorder: Recorder, lanes: number, phase: string) {
  const cycles: string[] = [];
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (i) => {
      const started = await client.command('/v1/cycles', startCycle(`Chaos ${phase} lane ${i}`), recorder);
      if (!started) throw new Error(`lane cycle ${i} of ${phase} not started`);
      cycles.push(started.cycleId);
    },
  );
  return cycles;
}

/**
 * The steady load: one loop per cycle, each sending the next command once the previous one is
 * accepted (a round, then an action point in the first round, and so on), `pauseMs` apart.
 * Returns a function that stops the loops and resolves once each has finished its command.
 */
export function startSteadyLoad(client: ChaosClient, recorder: Recorder, cycles: readonly string[], pauseMs: number) {
  let stopping = false;
  const lane = async (cycleId: string) => {
    for (let n = 1; !stopping; n++) {
      const k = Math.ceil(n / 2);
      if (n % 2 === 1) {
        await client.command(
          `/v1/cycles/${cycleId}/rounds`,
          { roundId: `R${k}`, date: isoDate(Date.now() + k * DAY) },
          recorder,
        );
      } else {
        await client.command(
          `/v1/cycles/${cycleId}/action-points`,
          proposal(`AP${k}`, isoDate(Date.now() + 365 * DAY)),
          recorder,
        );
      }
      await sleep(pauseMs);
    }
  };
  const loops = Promise.all(cycles.map(lane));
  return async () => {
    stopping = true;
    await loops;
  };
}

/**
 * Cycles whose agreed action points fall due at the given instants: each cycle (time zone UTC)
 * has a policy of one reminder, on the deadline, at the second of its instant, and
 * `perCycle` action points whose deadline is that day.
 */
export async function seedReminders(
  client: ChaosClient,
  recorder: Recorder,
  dueTimes: readonly number[],
  perCycle: number,
  phase: string,
): Promise<DueReminder[]> {
  const due: DueReminder[] = [];
  await pool([...dueTimes], 3, async (dueAt, i) => {
    const policy = {
      beforeDeadline: [],
      onDeadline: { recipientRole: 'DELEGATION' },
      escalations: [],
      localTime: new Date(dueAt).toISOString().slice(11, 19),
    };
    const started = await client.command(
      '/v1/cycles',
      startCycle(`Chaos ${phase} reminders ${i}`, { reminderPolicy: policy }),
      recorder,
    );
    if (!started) throw new Error(`reminder cycle ${i} of ${phase} not started`);
    const { cycleId } = started;
    const base = `/v1/cycles/${cycleId}`;
    const must = async (path: string, body: unknown) => {
      if (!(await client.command(path, body, recorder))) throw new Error(`seeding ${path} refused`);
    };
    await must(`${base}/rounds`, { roundId: 'R1', date: isoDate(Date.now()) });
    for (let ap = 1; ap <= perCycle; ap++) {
      await must(`${base}/action-points`, proposal(`AP${ap}`, isoDate(dueAt)));
      await must(`${base}/action-points/AP${ap}/agree`, {});
      due.push({ cycleId, actionPointId: `AP${ap}`, dueAt });
    }
  });
  return due;
}
