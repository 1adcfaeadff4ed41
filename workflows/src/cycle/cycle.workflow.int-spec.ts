import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import {
  CYCLE_WORKFLOW_TYPE,
  cycleStateQuery,
  executeCommandUpdate,
  publishingStatusQuery,
  type CommandRequest,
  type CycleWorkflowInput,
  type CycleWorkflowOptions,
  type StartCycleCommand,
} from '@suivi/cycle-workflow-api';
import { cycleWorkflowId, type CommandMetadata, type CycleCommand, type CycleEvent } from '@suivi/domain';
import { requireEnv } from '@suivi/test-support';
import { bundleSuiviWorkflows } from '../../tools/bundle-workflows';
import type { CycleEventsActivities } from './cycle-events-publisher.activities';

const DAY = 24 * 3600 * 1000;
const historiesDir = join(__dirname, '..', '..', 'test-histories');

/** Calendar date of an instant in a time zone, "YYYY-MM-DD". */
function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

describe('cycleWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `cycles-${randomUUID()}`;
  /** What the publishing activity received, in call order: the workflow's output. */
  const published: CycleEvent[] = [];
  let failPublishing = false;
  const recorded: Array<{ name: string; handle: WorkflowHandle }> = [];

  const activities: CycleEventsActivities = {
    async publishCycleEvents(events) {
      if (failPublishing) throw new Error('broker unavailable');
      published.push(...events);
    },
  };

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: requireEnv('SUIVI_TEMPORAL_TEST_SERVER') } },
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleSuiviWorkflows(),
      activities,
    });
    running = worker.run();
  });

  afterAll(async () => {
    if (process.env['SUIVI_RECORD_HISTORIES'] === '1') {
      mkdirSync(historiesDir, { recursive: true });
      for (const { name, handle } of recorded) {
        const history = await handle.fetchHistory();
        writeFileSync(join(historiesDir, `${name}.json`), historyToJSON(history));
      }
    }
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const now = async () => env.currentTimeMs();
  const meta = async (actor = 'desk-officer-1'): Promise<CommandMetadata> => ({
    commandId: randomUUID(),
    actor: { userId: actor, role: 'DESK_OFFICER' },
    issuedAt: new Date(await now()).toISOString(),
  });

  async function startCycle(timeZone: string, options?: CycleWorkflowOptions, record?: string) {
    const cycleId = `c-${randomUUID().slice(0, 12)}`;
    const command: StartCycleCommand = {
      type: 'StartCycle',
      cycleId,
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: 'EU-Cambodia human rights dialogue',
      timeZone,
    };
    const input: CycleWorkflowInput = { cycleId, start: { command, metadata: await meta() }, options };
    const handle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: cycleWorkflowId(cycleId),
      args: [input],
    });
    if (record) recorded.push({ name: record, handle });
    const send = async (command: CycleCommand, extra: Partial<CommandRequest> = {}) =>
      handle.executeUpdate(executeCommandUpdate, { args: [{ command, metadata: await meta(), ...extra }] });
    return { cycleId, handle, send };
  }

  /** Schedules a round today and agrees one action point due `days` days later. */
  async function withAgreedActionPoint(
    timeZone: string,
    days: number,
    options?: CycleWorkflowOptions,
    record?: string,
  ) {
    const cycle = await startCycle(timeZone, options, record);
    const today = localDate(await now(), timeZone);
    await cycle.send({ type: 'ScheduleRound', roundId: 'R1', date: today });
    const deadline = addDays(today, days);
    await cycle.send({
      type: 'ProposeActionPoint',
      actionPointId: 'AP1',
      roundId: 'R1',
      text: 'Release detained human-rights defenders',
      owner: 'PARTNER',
      deadline,
      priority: 'HIGH',
      themes: ['I.C'],
      conventions: ['ICCPR'],
      unReferences: [],
    });
    await cycle.send({ type: 'AgreeActionPoint', actionPointId: 'AP1' });
    return { ...cycle, deadline, today };
  }

  const remindersOf = (cycleId: string) =>
    published.filter(
      (e): e is Extract<CycleEvent, { type: 'ReminderSent' }> => e.cycleId === cycleId && e.type === 'ReminderSent',
    );

  it('sends each reminder before a 30-day deadline, on it and the escalations after it, at 09:00 local time, in virtual time', async () => {
    const timeZone = 'Europe/Brussels';
    const { cycleId, deadline } = await withAgreedActionPoint(timeZone, 31, undefined, 'reminders-and-escalations');
    await env.sleep(75 * DAY);
    const reminders = remindersOf(cycleId);
    expect(reminders.map((r) => `${r.data.kind} ${r.data.offset} ${r.data.recipientRole}`)).toEqual([
      'BEFORE_DEADLINE P30D DELEGATION',
      'BEFORE_DEADLINE P14D DELEGATION',
      'BEFORE_DEADLINE P7D DELEGATION',
      'BEFORE_DEADLINE P1D DELEGATION',
      'ON_DEADLINE P0D DELEGATION',
      'ESCALATION P7D DESK_OFFICER',
      'ESCALATION P30D REVIEWER',
    ]);
    for (const reminder of reminders) {
      expect(reminder.data.deadline).toBe(deadline);
      const firedAt = Date.parse(reminder.occurredAt);
      const dueAt = Date.parse(reminder.data.dueAt);
      expect(firedAt).toBeGreaterThanOrEqual(dueAt);
      expect(firedAt - dueAt).toBeLessThan(60_000);
      expect(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(dueAt)).toBe(
        '09:00',
      );
    }
  });

  it('reschedules the remaining reminders when the deadline is amended', async () => {
    const { cycleId, send, deadline } = await withAgreedActionPoint(
      'Asia/Phnom_Penh',
      31,
      undefined,
      'amend-reschedules',
    );
    await env.sleep(3 * DAY); // past the 30-day reminder only
    expect(remindersOf(cycleId)).toHaveLength(1);
    const newDeadline = addDays(deadline, 30);
    await send({
      type: 'AmendActionPoint',
      actionPointId: 'AP1',
      changes: { deadline: newDeadline },
      reason: 'Agreed at the follow-up call',
    });
    await env.sleep(100 * DAY);
    const after = remindersOf(cycleId).slice(1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.data.deadline === newDeadline)).toBe(true);
    expect(after.map((r) => r.data.offset)).toEqual(['P30D', 'P14D', 'P7D', 'P1D', 'P0D', 'P7D', 'P30D']);
  });

  it('stops reminding once the action point is assessed, and once it is withdrawn', async () => {
    const assessed = await withAgreedActionPoint('America/New_York', 31, undefined, 'assessed-stops-reminders');
    await assessed.send({ type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'COMPLETED' });
    const withdrawn = await withAgreedActionPoint('America/New_York', 31, undefined, 'withdrawn-stops-reminders');
    await env.sleep(2 * DAY);
    await withdrawn.send({ type: 'WithdrawActionPoint', actionPointId: 'AP1', reason: 'Superseded by the new round' });
    await env.sleep(80 * DAY);
    expect(remindersOf(assessed.cycleId)).toHaveLength(0);
    expect(remindersOf(withdrawn.cycleId)).toHaveLength(1);
  });

  it('returns a rejected command reason at once, accepting nothing and leaving the state as it was', async () => {
    const { handle, send } = await withAgreedActionPoint('UTC', 31);
    const before = await handle.query(cycleStateQuery);
    const accepted = async () =>
      ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)
        .length;
    const acceptedBefore = await accepted();
    await expect(
      send({ type: 'AssessActionPoint', actionPointId: 'NOPE', assessment: 'COMPLETED' }),
    ).rejects.toMatchObject({
      cause: expect.objectContaining({
        type: 'DomainRejection',
        message: expect.stringMatching(/no action point NOPE/),
      }),
    });
    await expect(send({ type: 'AgreeActionPoint', actionPointId: 'AP1' })).rejects.toMatchObject({
      cause: expect.objectContaining({ type: 'DomainRejection' }),
    });
    await expect(send({ type: 'CloseRound', roundId: 'R1' }, { expectedVersion: 1 })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/changed since you read it/) }),
    });
    expect(await handle.query(cycleStateQuery)).toEqual(before);
    // The history-length check (nothing written at all) runs on the real server: command-rejections.int-spec.ts.
    expect(await accepted()).toBe(acceptedBefore);
  });

  it('stays open after cancellation while a case is live, records its erasure, publishes it, then completes', async () => {
    const caseRef = `case-${randomUUID()}`;
    const { cycleId, handle, send } = await withAgreedActionPoint(
      'UTC',
      31,
      undefined,
      'individual-case-erased-after-cancel',
    );
    await send({ type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef });
    await send({ type: 'CancelCycle', reason: 'Dialogue suspended' });
    await env.sleep(60_000);
    // Cancelled, every event published, yet still running: the person may still ask for erasure.
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect((await handle.query(publishingStatusQuery)).unpublished).toBe(0);
    await expect(
      send({
        type: 'ReportProgress',
        actionPointId: 'AP1',
        reportId: 'P9',
        text: 'x',
        evidenceLinks: [],
        reportedOn: '2026-01-01',
      }),
    ).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/cancelled/) }),
    });

    await send({ type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef });
    await expect(handle.result()).resolves.toMatchObject({ cycleId, status: 'CANCELLED' });
    const types = published.filter((e) => e.cycleId === cycleId).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['IndividualCaseAttached', 'CycleCancelled', 'IndividualCaseErased']);
  });

  it('completes at once when a cycle ends with no live case', async () => {
    const { cycleId, handle, send } = await withAgreedActionPoint('UTC', 31);
    const caseRef = `case-${randomUUID()}`;
    await send({ type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef });
    await send({ type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef });
    await send({ type: 'CancelCycle', reason: 'Dialogue suspended' });
    await expect(handle.result()).resolves.toMatchObject({ cycleId, status: 'CANCELLED' });
  });

  it('publishes a quiet cycle’s command at once, from an activity its own task schedules, and batches the next ones', async () => {
    const { cycleId, handle, send } = await startCycle('UTC', undefined, 'publish-quiet-at-once');
    await env.sleep(60_000); // the start's publication, then a quiet minute
    const today = localDate(await now(), 'UTC');
    await send({ type: 'ScheduleRound', roundId: 'R1', date: today });
    // Within the window after that publication: waits to be batched.
    await send({ type: 'ScheduleRound', roundId: 'R2', date: addDays(today, 30) });
    await env.sleep(60_000);
    expect((await handle.query(publishingStatusQuery)).unpublished).toBe(0);
    expect(published.filter((e) => e.cycleId === cycleId).map((e) => e.type)).toEqual([
      'CycleStarted',
      'RoundScheduled',
      'RoundScheduled',
    ]);

    // What each task that accepted an Update wrote before the next task: a scheduled activity or not.
    const tasks: Array<{ acceptedUpdate: boolean; scheduledPublication: boolean }> = [];
    let task: (typeof tasks)[number] | undefined;
    for (const event of (await handle.fetchHistory()).events ?? []) {
      if (event.workflowTaskCompletedEventAttributes)
        tasks.push((task = { acceptedUpdate: false, scheduledPublication: false }));
      else if (event.workflowTaskScheduledEventAttributes) task = undefined;
      else if (task && event.workflowExecutionUpdateAcceptedEventAttributes) task.acceptedUpdate = true;
      else if (task && event.activityTaskScheduledEventAttributes) task.scheduledPublication = true;
    }
    const commandTasks = tasks.filter((t) => t.acceptedUpdate);
    expect(commandTasks.map((t) => t.scheduledPublication)).toEqual([true, false]);
  });

  /** Progress reports P<from>…P<to> on AP1, one every 100 ms in real time, as a machine sends them. */
  async function reportEvery100Ms(send: Awaited<ReturnType<typeof startCycle>>['send'], from: number, to: number) {
    for (let i = from; i <= to; i++) {
      await send({
        type: 'ReportProgress',
        actionPointId: 'AP1',
        reportId: `P${i}`,
        text: 'Visit granted',
        evidenceLinks: [],
        reportedOn: localDate(await now(), 'UTC'),
      });
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A minute later in virtual time: nothing waits, and every event of the cycle was published once, in order. */
  async function expectEverythingPublishedInOrder(handle: WorkflowHandle, cycleId: string) {
    await env.sleep(60_000);
    expect((await handle.query(publishingStatusQuery)).unpublished).toBe(0);
    const { version } = await handle.query(cycleStateQuery);
    const sequences = published.filter((e) => e.cycleId === cycleId).map((e) => e.sequence);
    expect(sequences).toEqual(Array.from({ length: version }, (_, i) => i + 1));
  }

  it('publishes from the command tasks while commands keep arriving, and on its timer once they stop', async () => {
    const { cycleId, handle, send } = await withAgreedActionPoint(
      'UTC',
      31,
      { publishDelayMs: 1500 },
      'publish-from-command-tasks',
    );
    // Commands every 100 ms for about 5 s (real time: nothing here waits for a workflow result),
    // so several windows pass (1.5 s, then 3 s once the flow counts as a machine's), each with a
    // slot (its last 20 %) for a command task to publish.
    await reportEvery100Ms(send, 2, 40);
    await expectEverythingPublishedInOrder(handle, cycleId);

    // What each workflow task wrote: the events after its completion, up to the next task.
    const tasks: Array<{ acceptedUpdate: boolean; published: boolean }> = [];
    let task: { acceptedUpdate: boolean; published: boolean } | undefined;
    for (const event of (await handle.fetchHistory()).events ?? []) {
      if (event.workflowTaskCompletedEventAttributes) tasks.push((task = { acceptedUpdate: false, published: false }));
      else if (event.workflowTaskScheduledEventAttributes || event.timerFiredEventAttributes) task = undefined;
      else if (task && event.workflowExecutionUpdateAcceptedEventAttributes) task.acceptedUpdate = true;
      else if (task && event.markerRecordedEventAttributes?.markerName === 'core_local_activity') task.published = true;
    }
    expect(tasks.filter((t) => t.published && t.acceptedUpdate).length).toBeGreaterThanOrEqual(2);
    expect(tasks.filter((t) => t.published && !t.acceptedUpdate).length).toBeGreaterThanOrEqual(1);
  });

  it('batches for twice the window while a machine feeds the cycle, and records the patch for replay', async () => {
    const { cycleId, handle, send } = await withAgreedActionPoint(
      'UTC',
      31,
      { publishDelayMs: 1500 },
      'publish-machine-rate-window',
    );
    // Commands every 100 ms for about 4 s: far more than a person sends within a window.
    await reportEvery100Ms(send, 1, 30);
    await expectEverythingPublishedInOrder(handle, cycleId);

    const events = (await handle.fetchHistory()).events ?? [];
    const windows = events.flatMap((e) => {
      const timeout = e.timerStartedEventAttributes?.startToFireTimeout;
      return timeout ? [Number(timeout.seconds ?? 0) * 1000 + Math.round((timeout.nanos ?? 0) / 1e6)] : [];
    });
    expect(windows).toContain(1500);
    expect(windows).toContain(3000);
    const patches = events.flatMap((e) => {
      const details = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return details ? [Buffer.from(details).toString()] : [];
    });
    expect(patches.some((data) => data.includes('machine-rate-window'))).toBe(true);
  });

  it('keeps publishing in order after the publisher recovers, while commands are still accepted', async () => {
    failPublishing = true;
    const { cycleId, handle, send } = await withAgreedActionPoint('UTC', 31, undefined, 'publish-recovery');
    await send({
      type: 'ReportProgress',
      actionPointId: 'AP1',
      reportId: 'P1',
      text: 'Two released',
      evidenceLinks: ['https://example.org/a'],
      reportedOn: localDate(await now(), 'UTC'),
    });
    expect((await handle.query(publishingStatusQuery)).unpublished).toBeGreaterThanOrEqual(5);
    failPublishing = false;
    await env.sleep(5 * 60_000);
    expect((await handle.query(publishingStatusQuery)).unpublished).toBe(0);
    const sequences = published.filter((e) => e.cycleId === cycleId).map((e) => e.sequence);
    expect(sequences.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });
});
