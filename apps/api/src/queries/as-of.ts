import { foldEvents, type CycleEvent } from '@suivi/domain';
import type { ActionPointView } from './action-point-views';
import { cycleStageView, timelineEntryView, type CycleDetailView, type RoundView } from './cycle-views';
import type { TimelineDbRow } from './cycles-sql';
import type { Labeller } from './labels';

/** What the domain state does not keep but the document shows: instants and details taken from the events. */
interface Extras {
  startedAt?: string;
  closedAt?: string;
  closingReason?: string;
  rounds: Record<string, { closedAt?: string; carriedOver: string[]; nextRoundId?: string }>;
  actionPoints: Record<
    string,
    {
      agreedAt?: string;
      assessedAt?: string;
      assessmentComment?: string;
      withdrawnAt?: string;
      withdrawalReason?: string;
      version: number;
    }
  >;
}

/** The action point an event is about, if any: a new event about one bumps its version with no change here. */
function actionPointIdOf(event: CycleEvent): string | undefined {
  const data = event.data as { actionPointId?: unknown; subject?: { actionPointId?: unknown } };
  const id = data.actionPointId ?? data.subject?.actionPointId;
  return typeof id === 'string' ? id : undefined;
}

function collectExtras(events: readonly CycleEvent[]): Extras {
  const extras: Extras = { rounds: {}, actionPoints: {} };
  for (const event of events) {
    const actionPointId = actionPointIdOf(event);
    if (actionPointId !== undefined) {
      const entry = (extras.actionPoints[actionPointId] ??= { version: event.sequence });
      entry.version = event.sequence;
    }
    switch (event.type) {
      case 'CycleStarted':
        extras.startedAt = event.occurredAt;
        break;
      case 'CycleClosed':
      case 'CycleCancelled':
        extras.closedAt = event.occurredAt;
        extras.closingReason = event.data.reason;
        break;
      case 'RoundClosed':
        extras.rounds[event.data.roundId] = {
          closedAt: event.occurredAt,
          carriedOver: [...event.data.carriedOver],
          nextRoundId: event.data.nextRoundId,
        };
        break;
      // The action point's entry was made above, from the same event.
      case 'ActionPointAgreed':
        extras.actionPoints[event.data.actionPointId].agreedAt = event.occurredAt;
        break;
      case 'ActionPointAssessed':
        Object.assign(extras.actionPoints[event.data.actionPointId], {
          assessedAt: event.occurredAt,
          assessmentComment: event.data.comment,
        });
        break;
      case 'ActionPointWithdrawn':
        Object.assign(extras.actionPoints[event.data.actionPointId], {
          withdrawnAt: event.occurredAt,
          withdrawalReason: event.data.reason,
        });
        break;
      default:
        // The other events change nothing the state does not keep (their action point's version aside).
        break;
    }
  }
  return extras;
}

/** The calendar date of an instant in a time zone ("YYYY-MM-DD"); UTC when the zone is unknown. */
export function localDate(instant: string, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(instant),
    );
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/**
 * The cycle as it stood at `asOf`: its events up to then folded with the domain's evolve,
 * in the same document shape as the current cycle. "Overdue" is judged on the date of
 * `asOf` in the cycle's time zone. Returns null when the cycle had not started yet.
 */
export function cycleAsOf(
  cycleId: string,
  asOf: string,
  timeline: ReadonlyArray<TimelineDbRow & { event: CycleEvent }>,
  labels: Labeller,
  showActorIdentity: boolean,
  timelineLimit?: number,
): CycleDetailView | null {
  const events = timeline.map((row) => row.event);
  const state = foldEvents(cycleId, events);
  if (!state.started || !state.cycleType || !state.country || !state.timeZone || !state.status) return null;
  const extras = collectExtras(events);
  const today = localDate(asOf, state.timeZone);
  const cycleActive = state.status === 'ACTIVE';

  const rounds: RoundView[] = state.roundOrder.map((roundId, index) => {
    const round = state.rounds[roundId];
    const closed = extras.rounds[roundId];
    return {
      roundId,
      position: index + 1,
      title: round.title ?? null,
      date: round.date,
      heldOn: round.heldOn ?? null,
      status: labels.roundStatus(round.status),
      closedAt: closed?.closedAt ?? null,
      carriedOver: closed?.carriedOver ?? [],
      nextRoundId: closed?.nextRoundId ?? null,
    };
  });

  const actionPoints: ActionPointView[] = Object.values(state.actionPoints).map((ap) => {
    const extra = extras.actionPoints[ap.actionPointId] ?? { version: state.version };
    const lastProgressOn = ap.progress.reduce<string | null>(
      (latest, p) => (latest && latest > p.reportedOn ? latest : p.reportedOn),
      null,
    );
    return {
      cycleId,
      actionPointId: ap.actionPointId,
      roundId: ap.roundId,
      originalRoundId: ap.originalRoundId,
      text: ap.text,
      owner: labels.owner(ap.owner),
      deadline: ap.deadline,
      priority: labels.priority(ap.priority),
      themes: ap.themes.map((t) => labels.theme(t)),
      conventions: ap.conventions.map((c) => labels.convention(c)),
      unReferences: ap.unReferences.map((r) => ({ ...r })),
      status: labels.actionPointStatus(ap.status),
      assessment: ap.assessment ? labels.actionPointStatus(ap.assessment) : null,
      assessmentComment: extra.assessmentComment ?? null,
      roundsCarried: ap.roundsCarried,
      progressReports: ap.progress.length,
      lastProgressOn,
      overdue: cycleActive && (ap.status === 'AGREED' || ap.status === 'IN_PROGRESS') && ap.deadline < today,
      proposedAt: ap.proposedAt,
      agreedAt: extra.agreedAt ?? null,
      assessedAt: extra.assessedAt ?? null,
      withdrawnAt: extra.withdrawnAt ?? null,
      withdrawalReason: extra.withdrawalReason ?? null,
      individualCase: ap.individualCase
        ? {
            caseRef: ap.individualCase.caseRef,
            attachedAt: ap.individualCase.attachedAt,
            erased: ap.individualCase.erased !== undefined,
            erasedAt: ap.individualCase.erased?.at ?? null,
            erasedBy: ap.individualCase.erased ? labels.actorRole(ap.individualCase.erased.byRole) : null,
          }
        : null,
      version: extra.version,
    };
  });

  return {
    cycleId,
    type: labels.cycleType(state.cycleType),
    country: state.country,
    title: state.title ?? '',
    timeZone: state.timeZone,
    status: labels.cycleStatus(state.status),
    stage: cycleStageView(state.cycleType, state.gsp?.stages ?? {}, labels),
    version: state.version,
    startedAt: extras.startedAt ?? '',
    closedAt: extras.closedAt ?? null,
    closingReason: extras.closingReason ?? null,
    gsp: state.gsp ? { stages: { ...state.gsp.stages }, repliesDueOn: state.gsp.repliesDueOn ?? null } : null,
    withdrawal: state.withdrawal
      ? {
          milestones: { ...state.withdrawal.milestones },
          decidedOn: state.withdrawal.decidedOn ?? null,
          withdrawn: state.withdrawal.withdrawn ?? null,
        }
      : null,
    rounds,
    actionPoints,
    // timelineLimit is at least 1 (the query's schema): slice(-n) keeps the latest n.
    timeline: (timelineLimit === undefined ? timeline : timeline.slice(-timelineLimit)).map((row) =>
      timelineEntryView(row, labels, showActorIdentity),
    ),
    timelineTotal: timeline.length,
    asOf,
  };
}
