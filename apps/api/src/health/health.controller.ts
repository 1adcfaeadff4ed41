import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ProblemDetailsException, PROBLEM_JSON, problemDetailsSchema } from '../common/problem-details';
import { DependencyHealthIndicator } from './dependency-health.indicator';
import { KAFKA_PROBE, POSTGRES_PROBE, TEMPORAL_PROBE, type DependencyProbe } from './dependency-probe';
import { ProjectorHealthIndicator } from './projector-health.probe';
import { workerProbeOf } from './worker-health.probe';

const indicatorSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    additionalProperties: true,
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly dependency: DependencyHealthIndicator,
    @Inject(TEMPORAL_PROBE) private readonly temporal: DependencyProbe,
    @Inject(KAFKA_PROBE) private readonly kafka: DependencyProbe,
    @Inject(POSTGRES_PROBE) private readonly postgres: DependencyProbe,
    private readonly projector: ProjectorHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Liveness',
    description:
      'Answers while the process serves HTTP; never looks at dependencies, so a restart cannot fix what it reports.',
  })
  @ApiOkResponse({
    description: 'The process is running.',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness',
    description:
      'Checks Temporal, Kafka and PostgreSQL in parallel, each within about 2 seconds, the worker (live ' +
      'pollers on the cycle task queue) and the projector (no partition stuck; cycles needing repair are ' +
      'listed as degraded without failing readiness). A dependency that is down makes the API not ready ' +
      '(503) but never stops the process.',
  })
  @ApiOkResponse({
    description: 'Every dependency answered (terminus report).',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: indicatorSchema,
        error: indicatorSchema,
        details: indicatorSchema,
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description:
      'At least one dependency is down (or the API is shutting down). The problem document names them in ' +
      '`detail` and carries the terminus report in `info`, `error` and `details`.',
    content: {
      [PROBLEM_JSON]: {
        schema: {
          allOf: [
            problemDetailsSchema,
            { type: 'object', properties: { info: indicatorSchema, error: indicatorSchema, details: indicatorSchema } },
          ],
        },
      },
    },
  })
  async ready(): Promise<HealthCheckResult> {
    const worker = workerProbeOf(this.temporal);
    try {
      return await this.health.check([
        () => this.dependency.check('temporal', this.temporal),
        // No live poller on the cycle task queue: commands would wait for nobody (ADR 0015).
        ...(worker ? [() => this.dependency.check('worker', worker)] : []),
        () => this.dependency.check('kafka', this.kafka),
        () => this.dependency.check('postgres', this.postgres),
        // A stuck partition fails readiness; cycles needing repair are listed, as degraded (ADR 0014).
        () => this.projector.check('projector'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const report = error.getResponse() as HealthCheckResult;
      const detail = notReadyDetail(report);
      this.logger.warn({ msg: 'not ready', down: report.error });
      throw new ProblemDetailsException(503, detail, {
        info: report.info,
        error: report.error,
        details: report.details,
      });
    }
  }
}

function notReadyDetail(report: HealthCheckResult): string {
  if (report.status === 'shutting_down') return 'The API is shutting down.';
  const down = Object.entries(report.error ?? {}).map(([name, result]) =>
    typeof result['message'] === 'string' ? `${name} (${result['message']})` : name,
  );
  return `Not ready, down: ${down.join('; ')}`;
}
