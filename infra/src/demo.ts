import { randomUUID } from 'node:crypto';
import { CommandRejectedError, connectTemporalClient, CycleClient } from '@suivi/temporal';

// Types taken from the client the launcher may depend on (infra never imports the domain).
type StartCycleCommand = Parameters<CycleClient['start']>[0];
type CommandMetadata = Parameters<CycleClient['start']>[1];
type CycleStep = NonNullable<Parameters<CycleClient['start']>[3]>[number];
type CycleType = StartCycleCommand['cycleType'];

/**
 * Demo data: a few cycles modelled on the domain brief, so a new user sees Suivi working
 * right after the first start. Dates are relative to today so that some deadlines are
 * near, some overdue. Loading is idempotent: a demo cycle that exists is left as it is.
 */

const DAY = 86_400_000;
const dateIn = (days: number, now: number) => new Date(now + days * DAY).toISOString().slice(0, 10);

interface DemoActionPoint {
  id: string;
  text: string;
  owner: 'PARTNER' | 'EU' | 'JOINT';
  deadlineInDays: number;
  priority: 'HIGH' | 'MEDIUM' | 'LOW';
  themes: string[];
  conventions?: string[];
  unReference?: { mechanism: 'UPR' | 'TREATY_BODY' | 'SPECIAL_PROCEDURE'; text: string };
  /** Progress reported by the delegation, if any. */
  progress?: string;
}

interface DemoCycle {
  cycleId: string;
  cycleType: CycleType;
  country: string;
  title: string;
  timeZone: string;
  roundTitle: string;
  roundHeldDaysAgo: number;
  actionPoints: DemoActionPoint[];
  gspListOfIssuesSentDaysAgo?: number;
  /**
   * The delegation is told its first overdue action point is late a few minutes after the
   * start, so that a new user sees an e-mail arrive in Mailpit (issue 17) without waiting for 09:00.
   */
  escalationSoon?: boolean;
}

export const demoCycles: DemoCycle[] = [
  {
    cycleId: 'demo-vn-hrd-2026',
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'VN',
    title: 'EU-Viet Nam Human Rights Dialogue',
    timeZone: 'Asia/Ho_Chi_Minh',
    roundTitle: '13th round, Hanoi',
    roundHeldDaysAgo: 45,
    actionPoints: [
      {
        id: 'AP1',
        text: 'Share the timetable for the revision of the Law on Associations with civil society.',
        owner: 'PARTNER',
        deadlineInDays: 20,
        priority: 'HIGH',
        themes: ['I.C'],
      },
      {
        id: 'AP2',
        text: 'Provide information on access to lawyers for persons held in pre-trial detention.',
        owner: 'PARTNER',
        deadlineInDays: -5,
        priority: 'HIGH',
        themes: ['I.D'],
        unReference: { mechanism: 'UPR', text: 'UPR / A/HRC/41/7 / 38.105' },
      },
      {
        id: 'AP3',
        text: 'Organise a technical exchange on the abolition of the death penalty for non-violent crimes.',
        owner: 'JOINT',
        deadlineInDays: 90,
        priority: 'MEDIUM',
        themes: ['I.A'],
      },
      {
        id: 'AP4',
        text: 'Invite the Special Rapporteur on freedom of expression for a country visit.',
        owner: 'PARTNER',
        deadlineInDays: 120,
        priority: 'MEDIUM',
        themes: ['I.C'],
        unReference: {
          mechanism: 'SPECIAL_PROCEDURE',
          text: 'Pending visit request, SR on freedom of opinion and expression',
        },
      },
      {
        id: 'AP5',
        text: 'Report on the ratification process of ILO Convention No. 105 implementation measures.',
        owner: 'PARTNER',
        deadlineInDays: 60,
        priority: 'MEDIUM',
        themes: ['I.F'],
        conventions: ['ILO-C105'],
      },
      {
        id: 'AP6',
        text: 'EU to fund a training programme for judges on international fair-trial standards.',
        owner: 'EU',
        deadlineInDays: 150,
        priority: 'LOW',
        themes: ['I.D'],
      },
      {
        id: 'AP7',
        text: 'Publish statistics on the implementation of the Law on Gender Equality.',
        owner: 'PARTNER',
        deadlineInDays: 30,
        priority: 'MEDIUM',
        themes: ['I.A'],
        conventions: ['CEDAW'],
        progress: 'Draft statistics shared informally with the Delegation; publication planned.',
      },
      {
        id: 'AP8',
        text: 'Hold a civil-society debriefing on the outcome of the round.',
        owner: 'EU',
        deadlineInDays: 7,
        priority: 'HIGH',
        themes: ['II.A'],
      },
      {
        id: 'AP9',
        text: 'Provide an update on the follow-up to CAT concluding observations.',
        owner: 'PARTNER',
        deadlineInDays: -12,
        priority: 'HIGH',
        themes: ['I.E'],
        conventions: ['CAT'],
        unReference: { mechanism: 'TREATY_BODY', text: 'CAT/C/VNM/CO/1 para. 45' },
      },
      {
        id: 'AP10',
        text: 'Exchange on online freedom of expression and the cybersecurity decree.',
        owner: 'JOINT',
        deadlineInDays: 75,
        priority: 'MEDIUM',
        themes: ['I.C'],
      },
      {
        id: 'AP11',
        text: 'Report on measures against child labour in supply chains.',
        owner: 'PARTNER',
        deadlineInDays: 100,
        priority: 'MEDIUM',
        themes: ['I.F'],
        conventions: ['ILO-C182'],
      },
      {
        id: 'AP12',
        text: 'Agree the dates of the next round.',
        owner: 'JOINT',
        deadlineInDays: 180,
        priority: 'LOW',
        themes: ['V.A'],
      },
    ],
  },
  {
    cycleId: 'demo-lk-gsp-2026',
    cycleType: 'GSP_PLUS_MONITORING',
    country: 'LK',
    title: 'GSP+ monitoring of Sri Lanka 2026-2027',
    timeZone: 'Asia/Colombo',
    roundTitle: 'Monitoring mission, Colombo',
    roundHeldDaysAgo: 30,
    gspListOfIssuesSentDaysAgo: 60,
    escalationSoon: true,
    actionPoints: [
      {
        id: 'AP1',
        text: 'Bring the Prevention of Terrorism Act in line with international standards.',
        owner: 'PARTNER',
        deadlineInDays: 45,
        priority: 'HIGH',
        themes: ['I.D'],
        conventions: ['ICCPR', 'CAT'],
      },
      {
        id: 'AP2',
        text: 'Report on the registration of trade unions in export processing zones.',
        owner: 'PARTNER',
        deadlineInDays: -3,
        priority: 'HIGH',
        themes: ['I.F'],
        conventions: ['ILO-C087', 'ILO-C098'],
      },
      {
        id: 'AP3',
        text: 'Provide data on the enforcement of the minimum age for employment.',
        owner: 'PARTNER',
        deadlineInDays: 90,
        priority: 'MEDIUM',
        themes: ['I.F'],
        conventions: ['ILO-C138'],
      },
      {
        id: 'AP4',
        text: 'Submit the overdue report to the Committee on the Rights of the Child.',
        owner: 'PARTNER',
        deadlineInDays: 120,
        priority: 'MEDIUM',
        themes: ['I.A'],
        conventions: ['CRC'],
      },
      {
        id: 'AP5',
        text: 'Report on the national anti-corruption action plan.',
        owner: 'PARTNER',
        deadlineInDays: 60,
        priority: 'MEDIUM',
        themes: ['II.C'],
        conventions: ['UNCAC'],
      },
    ],
  },
  {
    cycleId: 'demo-bd-eba-2026',
    cycleType: 'EBA_ENHANCED_ENGAGEMENT',
    country: 'BD',
    title: 'EBA enhanced engagement with Bangladesh',
    timeZone: 'Asia/Dhaka',
    roundTitle: 'Enhanced engagement meeting, Dhaka',
    roundHeldDaysAgo: 20,
    actionPoints: [
      {
        id: 'AP1',
        text: 'Adopt the amendments to the Labour Act on freedom of association.',
        owner: 'PARTNER',
        deadlineInDays: 40,
        priority: 'HIGH',
        themes: ['I.F'],
        conventions: ['ILO-C087'],
      },
      {
        id: 'AP2',
        text: 'Publish the National Action Plan on the labour sector roadmap progress.',
        owner: 'PARTNER',
        deadlineInDays: 10,
        priority: 'MEDIUM',
        themes: ['I.F'],
        conventions: ['ILO-C098'],
      },
      {
        id: 'AP3',
        text: 'Report on investigations into attacks against labour rights defenders.',
        owner: 'PARTNER',
        deadlineInDays: 70,
        priority: 'HIGH',
        themes: ['I.B', 'I.E'],
        conventions: ['ICCPR'],
      },
      {
        id: 'AP4',
        text: 'EU to support labour inspection capacity through technical assistance.',
        owner: 'EU',
        deadlineInDays: 200,
        priority: 'LOW',
        themes: ['I.F'],
      },
    ],
  },
];

/** Minutes between the demo's start and its first escalation. */
export const DEMO_ESCALATION_DELAY_MINUTES = 3;

/** The policy override that makes a cycle's first escalation fall due minutes from now, to the second, on its clock. */
export function soonEscalationPolicy(cycle: DemoCycle, now: number): StartCycleCommand['reminderPolicy'] {
  const overdue = cycle.actionPoints.find((ap) => ap.deadlineInDays < 0);
  if (!cycle.escalationSoon || !overdue) return undefined;
  const at = new Date(now + DEMO_ESCALATION_DELAY_MINUTES * 60_000);
  const clock = (options: Intl.DateTimeFormatOptions, locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: cycle.timeZone, ...options }).format(at);
  // en-CA writes YYYY-MM-DD: the escalation's day there, minus the deadline, is its offset.
  const dayThere = clock({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA');
  const days = Math.round((Date.parse(dayThere) - Date.parse(deadlineOf(cycle, overdue, now))) / DAY);
  return {
    escalations: [{ offset: `P${Math.max(1, days)}D`, recipientRole: 'DELEGATION' }],
    localTime: clock({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }, 'en-GB'),
  };
}

/** A deadline may not precede the round: overdue items fall due after it but before today. */
function deadlineOf(cycle: DemoCycle, ap: DemoActionPoint, now: number): string {
  return dateIn(Math.max(ap.deadlineInDays, -cycle.roundHeldDaysAgo + 1), now);
}

function metadataOf(userId: string, role: 'DESK_OFFICER' | 'DELEGATION', now: number): CommandMetadata {
  return { commandId: `demo-${randomUUID()}`, actor: { userId, role }, issuedAt: new Date(now).toISOString() };
}

/** The commands that build one demo cycle after its start, in order. */
export function demoCommands(cycle: DemoCycle, now: number): CycleStep[] {
  const desk = () => metadataOf('demo.desk-officer', 'DESK_OFFICER', now);
  const delegation = () => metadataOf(`demo.delegation-${cycle.country.toLowerCase()}`, 'DELEGATION', now);
  const roundDate = dateIn(-cycle.roundHeldDaysAgo, now);
  const steps: CycleStep[] = [];
  if (cycle.gspListOfIssuesSentDaysAgo !== undefined) {
    steps.push({
      command: {
        type: 'RecordGspStage',
        stage: 'LIST_OF_ISSUES_SENT',
        on: dateIn(-cycle.gspListOfIssuesSentDaysAgo, now),
        repliesDueOn: dateIn(-cycle.gspListOfIssuesSentDaysAgo + 90, now),
      },
      metadata: desk(),
    });
  }
  steps.push({
    command: { type: 'ScheduleRound', roundId: 'R1', date: roundDate, title: cycle.roundTitle },
    metadata: desk(),
  });
  steps.push({ command: { type: 'RecordRoundHeld', roundId: 'R1', heldOn: roundDate }, metadata: desk() });
  for (const ap of cycle.actionPoints) {
    steps.push({
      command: {
        type: 'ProposeActionPoint',
        actionPointId: ap.id,
        roundId: 'R1',
        text: ap.text,
        owner: ap.owner,
        deadline: deadlineOf(cycle, ap, now),
        priority: ap.priority,
        themes: ap.themes,
        conventions: ap.conventions ?? [],
        unReferences: ap.unReference ? [ap.unReference] : [],
      },
      metadata: desk(),
    });
    steps.push({ command: { type: 'AgreeActionPoint', actionPointId: ap.id }, metadata: desk() });
    if (ap.progress) {
      steps.push({
        command: {
          type: 'ReportProgress',
          actionPointId: ap.id,
          reportId: 'PR1',
          text: ap.progress,
          evidenceLinks: [],
          reportedOn: dateIn(-2, now),
        },
        metadata: delegation(),
      });
    }
  }
  return steps;
}

export interface DemoTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  codecKeys: string;
}

/** Starts every demo cycle that does not exist yet; returns the ids it created. */
export async function loadDemoData(target: DemoTarget, now = Date.now()): Promise<string[]> {
  const client = await connectTemporalClient(target);
  const cycles = new CycleClient(client, target.taskQueue);
  const created: string[] = [];
  try {
    for (const cycle of demoCycles) {
      const start: StartCycleCommand = {
        type: 'StartCycle',
        cycleId: cycle.cycleId,
        cycleType: cycle.cycleType,
        country: cycle.country,
        title: cycle.title,
        timeZone: cycle.timeZone,
        ...(cycle.escalationSoon && { reminderPolicy: soonEscalationPolicy(cycle, now) }),
      };
      try {
        // One start carrying the whole demo round: all or nothing per cycle.
        await cycles.start(
          start,
          metadataOf('demo.desk-officer', 'DESK_OFFICER', now),
          undefined,
          demoCommands(cycle, now),
        );
        created.push(cycle.cycleId);
      } catch (error) {
        if (error instanceof CommandRejectedError && error.reason.code === 'CYCLE_ALREADY_EXISTS') continue;
        throw error;
      }
    }
  } finally {
    await client.connection.close();
  }
  return created;
}
