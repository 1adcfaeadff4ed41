import type { ComposeOptions } from '../lib/compose';
import { composeDigest } from '../lib/digest';
import type { CycleRef, Digest, NotificationInputs, NotificationKind, OpenActionPoint, Recipient } from '../lib/types';

/** Realistic inputs of every kind, as the notifier would build them from events and the read model. */

export const CASE_REF = 'case-0b5f6d1e-2c3a-4d5e-8f90-123456789abc';
export const UNSUBSCRIBE_KEY = 'test-unsubscribe-key-0123456789-abcdef';

export const vietNam: CycleRef = { cycleId: 'hrd-vn-2026', cycleType: 'HUMAN_RIGHTS_DIALOGUE', country: 'VN' };
export const sriLanka: CycleRef = { cycleId: 'gsp-lk-2026', cycleType: 'GSP_PLUS_MONITORING', country: 'LK' };
export const withdrawalCycle: CycleRef = {
  cycleId: 'wd-lk-2026',
  cycleType: 'GSP_WITHDRAWAL_PROCEDURE',
  country: 'LK',
};

export const anna: Recipient = { userId: 'user-anna', language: 'en', timeZone: 'Europe/Brussels' };
export const camille: Recipient = { userId: 'user-camille', language: 'fr', timeZone: 'Asia/Ho_Chi_Minh' };

export const options: ComposeOptions = {
  webBaseUrl: 'https://suivi.example.eu',
  unsubscribeBaseUrl: 'https://suivi.example.eu/v1/unsubscribe',
  unsubscribeKey: UNSUBSCRIBE_KEY,
  messageIdDomain: 'suivi.example.eu',
};

export function openActionPoint(overrides: Partial<OpenActionPoint> = {}): OpenActionPoint {
  return {
    cycle: vietNam,
    actionPointId: 'ap-1',
    owner: 'PARTNER',
    deadline: '2026-12-10',
    status: 'AGREED',
    themes: ['I.C'],
    ...overrides,
  };
}

/** 2026-12-06 at 10:00 in Brussels: one overdue, one due today, one due within 30 days, on two cycles. */
export const DIGEST_NOW = new Date('2026-12-06T09:00:00Z');

export function sampleDigest(userId = anna.userId): Digest {
  const digest = composeDigest(
    { userId, timeZone: 'Europe/Brussels' },
    [
      openActionPoint({ actionPointId: 'ap-late', deadline: '2026-12-01', caseRef: CASE_REF }),
      openActionPoint({ actionPointId: 'ap-today', deadline: '2026-12-06', status: 'IN_PROGRESS' }),
      openActionPoint({ cycle: sriLanka, actionPointId: 'ap-soon', deadline: '2026-12-20', owner: 'EU', themes: [] }),
    ],
    DIGEST_NOW,
  );
  if (!digest) throw new Error('the sample digest is not empty');
  return digest;
}

export function sampleInputs(userId = anna.userId): { [K in NotificationKind]: NotificationInputs[K] } {
  return {
    digest: sampleDigest(userId),
    reminder: {
      sourceEventId: 'hrd-vn-2026:41',
      cycle: vietNam,
      reminderKind: 'ESCALATION',
      offset: 'P7D',
      deadline: '2026-11-29',
      recipientRole: 'DESK_OFFICER',
      unassigned: false,
      subject: {
        kind: 'ACTION_POINT',
        actionPoint: { actionPointId: 'ap-1', owner: 'JOINT', themes: ['I.C', 'II'], caseRef: CASE_REF },
      },
    },
    'progress-reported': {
      sourceEventId: 'hrd-vn-2026:42',
      cycle: vietNam,
      actionPoint: { actionPointId: 'ap-1', owner: 'PARTNER', themes: ['I.C'], caseRef: CASE_REF },
      reportId: 'report-7',
      reportedOn: '2026-12-05',
      evidenceCount: 2,
    },
    'assessment-recorded': {
      sourceEventId: 'hrd-vn-2026:43',
      cycle: vietNam,
      actionPoint: { actionPointId: 'ap-1', owner: 'PARTNER', themes: ['I.C'] },
      assessment: 'PARTIALLY_COMPLETED',
    },
    'round-closed': {
      sourceEventId: 'gsp-lk-2026:12',
      cycle: sriLanka,
      roundId: 'round-2026',
      nextRoundId: 'round-2027',
      carriedOver: [
        { actionPointId: 'ap-3', deadline: '2027-03-31', roundsCarried: 1, owner: 'PARTNER', caseRef: CASE_REF },
        { actionPointId: 'ap-4', roundsCarried: 2 },
      ],
    },
    'withdrawal-milestone': {
      sourceEventId: 'wd-lk-2026:3',
      cycle: withdrawalCycle,
      milestone: 'INITIATED',
      milestones: {
        initiatedOn: '2026-12-01',
        monitoringEndsOn: '2027-06-01',
        commissionReportDueOn: '2027-09-01',
        decisionDueOn: '2027-12-01',
        withdrawalTakesEffectOn: '2028-06-01',
      },
    },
  };
}
