import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { describeError } from '../common/describe-error';
import { withTimeout } from '../common/with-timeout';
import { READINESS_TIMEOUT_MS, type DependencyProbe } from './dependency-probe';

/** Turns a probe into a terminus result: `up` with its details, or `down` with the reason. */
@Injectable()
export class DependencyHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    @Inject(READINESS_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async check<const Key extends string>(key: Key, probe: DependencyProbe): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.healthIndicatorService.check(key);
    try {
      const details = await withTimeout(
        // Wrapped so a probe that throws synchronously is reported like one that rejects.
        Promise.resolve().then(() => probe.check()),
        this.timeoutMs,
        `no answer within ${this.timeoutMs} ms`,
      );
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ message: describeError(error) });
    }
  }
}
