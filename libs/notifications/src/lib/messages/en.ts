import type {
  ActionPointOwner,
  ActionPointStatus,
  Assessment,
  RecipientRole,
  WithdrawalMilestones,
} from '@suivi/domain';

/**
 * Every word of the English e-mails. Values are plain text: the templates put them into JSX,
 * which escapes them. Labels of codes follow the API's (apps/api/src/queries/labels.ts).
 */

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const actionPoints = (n: number) => (n === 1 ? '1 action point' : `${n} action points`);

export const en = {
  /** BCP 47 locale of dates and country names. */
  locale: 'en-GB',
  brand: 'Suivi',
  cycleLabel: (cycleType: string, country: string) => `${cycleType} – ${country}`,
  cycleId: (cycleId: string) => `cycle ${cycleId}`,
  openCycle: 'Open the cycle in Suivi',
  actionPoint: (actionPointId: string) => `Action point ${actionPointId}`,
  actionPointInline: (actionPointId: string) => `action point ${actionPointId}`,
  gspReplies: 'GSP+ written replies',
  gspRepliesInline: 'GSP+ written replies',
  fact: (field: string, value: string) => `${field}: ${value}`,
  field: {
    deadline: 'Deadline',
    owner: 'Owner',
    status: 'Status',
    themes: 'Themes',
    individualCase: 'Individual case',
    roundsCarried: 'Rounds carried over',
  },
  owner: { PARTNER: 'Partner country', EU: 'EU', JOINT: 'Joint' } satisfies Record<ActionPointOwner, string>,
  status: {
    PROPOSED: 'Proposed',
    AGREED: 'Agreed',
    IN_PROGRESS: 'In progress',
    COMPLETED: 'Completed',
    PARTIALLY_COMPLETED: 'Partially completed',
    NOT_COMPLETED: 'Not completed',
    WITHDRAWN: 'Withdrawn',
  } satisfies Record<ActionPointStatus, string>,
  assessment: {
    COMPLETED: 'Completed',
    PARTIALLY_COMPLETED: 'Partially completed',
    NOT_COMPLETED: 'Not completed',
  } satisfies Record<Assessment, string>,
  role: {
    DESK_OFFICER: 'desk officer',
    DELEGATION: 'EU delegation focal point',
    REVIEWER: 'reviewer',
  } satisfies Record<RecipientRole, string>,
  relative: {
    overdue: (n: number) => `${days(n)} overdue`,
    today: 'due today',
    dueIn: (n: number) => `due in ${days(n)}`,
  },
  footer: {
    asRole: (role: string, country: string) => `You receive this as ${role} for ${country}.`,
    follows: (country: string) => `You receive this because you follow ${country} in Suivi.`,
    unassigned: (role: string, country: string) =>
      `Nobody is assigned as ${role} for ${country}: you receive this as a reviewer. Please assign someone.`,
    digestWhy:
      'You receive this digest at 09:00 your time on days when action points of your countries need attention.',
    inbox: 'Every notification is also in your Suivi inbox.',
    stopDigest: 'Stop the daily digest',
    stopEmails: 'Stop these e-mails (your inbox keeps them)',
  },
  digest: {
    heading: (date: string) => `Your Suivi digest for ${date}`,
    intro: 'Action points of your countries that need attention, by cycle.',
    section: {
      overdue: (n: number) => `Overdue (${n})`,
      dueToday: (n: number) => `Due today (${n})`,
      dueSoon: (n: number) => `Due within 30 days (${n})`,
    },
    /** The subject names the non-empty sections only. */
    subjectPart: {
      overdue: (n: number) => `${n} overdue`,
      dueToday: (n: number) => `${n} due today`,
      dueSoon: (n: number) => `${n} due within 30 days`,
    },
    subject: (...parts: string[]) => `Suivi: ${parts.join(', ')}`,
  },
  reminder: {
    heading: (what: string, when: string) => `${what}: ${when}`,
    deadlineOn: (date: string) => `The deadline is ${date}.`,
    subject: (what: string, when: string, country: string) => `Suivi: ${what}, ${when} (${country})`,
    escalationSubject: (what: string, when: string, country: string) =>
      `Suivi: escalation, ${what}, ${when} (${country})`,
  },
  progress: {
    heading: 'Progress reported',
    body: (actionPointId: string, date: string, evidence: number) =>
      `Progress on action point ${actionPointId} was reported on ${date}, with ${
        evidence === 1 ? '1 evidence link' : `${evidence} evidence links`
      }. It awaits your assessment.`,
    report: (reportId: string) => `Report ${reportId}`,
    subject: (actionPointId: string, country: string) =>
      `Suivi: progress reported on action point ${actionPointId} (${country})`,
  },
  assessed: {
    heading: 'Action point assessed',
    body: (actionPointId: string, assessment: string) =>
      `Action point ${actionPointId} was assessed: ${assessment.toLowerCase()}.`,
    subject: (actionPointId: string, assessment: string, country: string) =>
      `Suivi: action point ${actionPointId} assessed, ${assessment.toLowerCase()} (${country})`,
  },
  roundClosed: {
    heading: (roundId: string) => `Round ${roundId} closed`,
    body: (n: number) => `${actionPoints(n)} still open ${n === 1 ? 'was' : 'were'} carried over to the next round.`,
    nextRound: (roundId: string) => `Next round: ${roundId}.`,
    subject: (n: number, country: string) => `Suivi: round closed, ${actionPoints(n)} carried over (${country})`,
  },
  withdrawal: {
    initiatedHeading: 'GSP withdrawal procedure initiated',
    initiatedBody: (date: string) => `A temporary withdrawal procedure was initiated on ${date}. Its milestones:`,
    decidedHeading: 'GSP withdrawal procedure: decision recorded',
    decidedWithdrawn: (date: string, effective: string) =>
      `The decision of ${date} withdraws the preferences, with effect from ${effective}.`,
    decidedMaintained: (date: string) => `The decision of ${date} maintains the preferences.`,
    milestone: {
      initiatedOn: 'Procedure initiated',
      monitoringEndsOn: 'Monitoring and evaluation end',
      commissionReportDueOn: 'Commission report due',
      decisionDueOn: 'Final decision due',
      withdrawalTakesEffectOn: 'Withdrawal would take effect',
    } satisfies Record<keyof WithdrawalMilestones, string>,
    subjectInitiated: (country: string) => `Suivi: GSP withdrawal procedure initiated (${country})`,
    subjectDecided: (withdrawn: boolean, country: string) =>
      `Suivi: GSP withdrawal decision, preferences ${withdrawn ? 'withdrawn' : 'maintained'} (${country})`,
  },
};

export type Messages = typeof en;
