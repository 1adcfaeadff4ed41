import type { CycleEvent } from '@suivi/domain';

/** A decoded event with where it came from in its partition (the offset to hold back when it cannot be applied yet). */
export interface PendingEvent {
  event: CycleEvent;
  offset: string;
}

export interface SequenceGap {
  /** The sequence number the cycle needs next. */
  expected: number;
  /** The lowest sequence number at hand, above `expected`. */
  received: number;
}

export interface CyclePlan {
  /** Consecutive events from last + 1, in sequence order. */
  apply: PendingEvent[];
  /** Already applied (sequence ≤ last) or repeated: skipped, which makes redelivery harmless. */
  duplicates: PendingEvent[];
  /** After a gap: kept back, neither written nor committed, until the missing events arrive. */
  held: PendingEvent[];
  gap: SequenceGap | null;
}

/**
 * Decides what to do with the events at hand for one cycle whose last applied sequence is
 * `lastSequence`. Order in the input does not matter: a late event that fills a gap lets
 * the held ones after it through.
 */
export function planCycle(lastSequence: number, pending: readonly PendingEvent[]): CyclePlan {
  const sorted = [...pending].sort((a, b) => a.event.sequence - b.event.sequence || compareOffsets(a.offset, b.offset));
  const plan: CyclePlan = { apply: [], duplicates: [], held: [], gap: null };
  let expected = lastSequence + 1;
  let lastHeld = 0;
  for (const candidate of sorted) {
    const sequence = candidate.event.sequence;
    if (plan.gap) {
      // Past a gap: keep one copy of each sequence number.
      if (sequence === lastHeld) plan.duplicates.push(candidate);
      else {
        plan.held.push(candidate);
        lastHeld = sequence;
      }
    } else if (sequence < expected) {
      plan.duplicates.push(candidate);
    } else if (sequence === expected) {
      plan.apply.push(candidate);
      expected += 1;
    } else {
      plan.gap = { expected, received: sequence };
      plan.held.push(candidate);
      lastHeld = sequence;
    }
  }
  return plan;
}

/** Kafka offsets are 64-bit integers carried as strings. */
export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function minOffset(offsets: Iterable<string>): string | null {
  let min: string | null = null;
  for (const offset of offsets) if (min === null || compareOffsets(offset, min) < 0) min = offset;
  return min;
}
