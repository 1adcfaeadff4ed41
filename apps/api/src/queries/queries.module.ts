import { Module } from '@nestjs/common';
import { ActionPointController } from './action-point.controller';
import { ActionPointsController } from './action-points.controller';
import { CalendarController } from './calendar.controller';
import { CyclesController } from './cycles.controller';
import { DashboardController } from './dashboard.controller';
import { ReadModelQueries } from './read-model-queries.service';

/** Read endpoints over the read model (PostgreSQL, filled by the projector): lists, one cycle, dashboard, CSV, calendar. */
@Module({
  controllers: [
    CyclesController,
    ActionPointsController,
    ActionPointController,
    DashboardController,
    CalendarController,
  ],
  providers: [ReadModelQueries],
})
export class QueriesModule {}
