import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyHealthIndicator } from './dependency-health.indicator';
import { DEFAULT_READINESS_TIMEOUT_MS, READINESS_TIMEOUT_MS } from './dependency-probe';
import { dependencyProbeProviders } from './dependency-probes.providers';
import { HealthController } from './health.controller';
import { ProjectorHealthIndicator } from './projector-health.probe';

@Module({
  // The controller logs failures itself, as structured fields rather than terminus' preformatted text.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    DependencyHealthIndicator,
    ProjectorHealthIndicator,
    { provide: READINESS_TIMEOUT_MS, useValue: DEFAULT_READINESS_TIMEOUT_MS },
    ...dependencyProbeProviders,
  ],
})
export class HealthModule {}
