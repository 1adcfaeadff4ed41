import { isLocalDate, type ActionPointStatus, type LocalDate } from '@suivi/domain';
import { localDateIn } from './digest-timing';
import type { Digest, DigestCycleGroup, DigestItem, DigestSectionName, OpenActionPoint, Recipient } from './types';

/** How far ahead the digest looks, in days after today (IMPACT OSS's "due within 30 days"). */
export const DIGEST_HORIZON_DAYS = 30;

/** The statuses reminders chase (the domain's reminders.ts): other action points are done or not yet agreed. */
const CHASED: ReadonlySet<ActionPointStatus> = new Set<ActionPointStatus>(['AGREED', 'IN_PROGRESS']);

const DAY_MS = 86_400_000;
const dayNumber = (date: LocalDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

function sectionOf(daysFromToday: number): DigestSectionName | undefined {
  if (daysFromToday < 0) return 'overdue';
  if (daysFromToday === 0) return 'dueToday';
  return daysFromToday <= DIGEST_HORIZON_DAYS ? 'dueSoon' : undefined;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDeadline = (a: DigestItem, b: DigestItem) =>
  compareText(a.deadline, b.deadline) || compareText(a.actionPointId, b.actionPointId);
const byFirstDeadline = (a: DigestCycleGroup, b: DigestCycleGroup) =>
  byDeadline(a.items[0], b.items[0]) || compareText(a.cycle.cycleId, b.cycle.cycleId);

function itemOf(ap: OpenActionPoint, daysFromToday: number): DigestItem {
  const item: DigestItem = {
    actionPointId: ap.actionPointId,
    owner: ap.owner,
    deadline: ap.deadline,
    status: ap.status,
    themes: [...ap.themes],
    daysFromToday,
  };
  if (ap.caseRef !== undefined) item.caseRef = ap.caseRef;
  return item;
}

function grouped(entries: ReadonlyArray<{ ap: OpenActionPoint; item: DigestItem }>): DigestCycleGroup[] {
  const groups = new Map<string, DigestCycleGroup>();
  for (const { ap, item } of entries) {
    const group = groups.get(ap.cycle.cycleId) ?? { cycle: { ...ap.cycle }, items: [] };
    group.items.push(item);
    groups.set(ap.cycle.cycleId, group);
  }
  for (const group of groups.values()) group.items.sort(byDeadline);
  return [...groups.values()].sort(byFirstDeadline);
}

/**
 * One person's digest at `now`: their open action points overdue, due today (the person's
 * today, in their own zone) and due within DIGEST_HORIZON_DAYS, each section grouped by cycle
 * and sorted by deadline. Undefined when there is nothing to say: no e-mail then.
 *
 * Deadlines are dates in their cycle's zone and are compared as dates with the person's today;
 * an action point given twice (same cycle and id) is listed once, as first given.
 */
export function composeDigest(
  person: Pick<Recipient, 'userId' | 'timeZone'>,
  actionPoints: readonly OpenActionPoint[],
  now: Date,
): Digest | undefined {
  const localDate = localDateIn(person.timeZone, now);
  const today = dayNumber(localDate);
  const seen = new Set<string>();
  const bySection: Record<DigestSectionName, Array<{ ap: OpenActionPoint; item: DigestItem }>> = {
    overdue: [],
    dueToday: [],
    dueSoon: [],
  };
  for (const ap of actionPoints) {
    if (!isLocalDate(ap.deadline)) throw new RangeError(`Action point ${ap.actionPointId}: invalid deadline`);
    const key = JSON.stringify([ap.cycle.cycleId, ap.actionPointId]);
    if (!CHASED.has(ap.status) || seen.has(key)) continue;
    seen.add(key);
    const daysFromToday = dayNumber(ap.deadline) - today;
    const section = sectionOf(daysFromToday);
    if (section) bySection[section].push({ ap, item: itemOf(ap, daysFromToday) });
  }
  const total = bySection.overdue.length + bySection.dueToday.length + bySection.dueSoon.length;
  if (total === 0) return undefined;
  return {
    userId: person.userId,
    localDate,
    sections: {
      overdue: grouped(bySection.overdue),
      dueToday: grouped(bySection.dueToday),
      dueSoon: grouped(bySection.dueSoon),
    },
    counts: {
      overdue: bySection.overdue.length,
      dueToday: bySection.dueToday.length,
      dueSoon: bySection.dueSoon.length,
    },
  };
}

/** Whether a digest has anything in it (composeDigest never returns an empty one; a hand-made one may be). */
export function digestItemCount(digest: Digest): number {
  return digest.counts.overdue + digest.counts.dueToday + digest.counts.dueSoon;
}
