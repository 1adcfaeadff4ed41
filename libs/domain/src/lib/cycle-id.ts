/**
 * Cycle ids are opaque, URL-safe and stable; the Temporal workflow id is derived from
 * them so that starting the same cycle twice hits the same workflow.
 */
export const CYCLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;

export class InvalidCycleIdError extends Error {
  constructor(readonly cycleId: string) {
    super(`"${cycleId}" is not a valid cycle id: use 3 to 64 letters, digits, "-" or "_"`);
    this.name = 'InvalidCycleIdError';
  }
}

export function cycleWorkflowId(cycleId: string): string {
  if (!CYCLE_ID_PATTERN.test(cycleId)) throw new InvalidCycleIdError(cycleId);
  return `cycle-${cycleId}`;
}
