import { Controller, Delete, Get, Header, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiQueries, labellerFor, queryParameters } from '../queries/http';
import { noQuerySchema, parseParams } from '../queries/query-params';
import type { Page } from '../queries/views';
import { Problems } from './http';
import {
  assignmentSchema,
  countryAssignmentsSchema,
  pageOfPeopleSchema,
  peopleQuerySchema,
  unassignedRemindersQuerySchema,
  unassignedRemindersSchema,
} from './people-schemas';
import { PeopleService } from './people.service';
import {
  assignmentView,
  personView,
  unassignedReminderView,
  type AssignmentView,
  type CountryAssignmentsView,
  type PersonView,
  type UnassignedReminderView,
} from './people-views';
import type { Assignment } from '@suivi/notifications/recipients';

/**
 * The people directory and, per country, who receives the reminders of each recipient role:
 * its desk officers, its delegation's focal points and the reviewers who cover it. Reviewers
 * maintain the assignments; a role nobody holds for a country sends its reminders to reviewers.
 */
@ApiTags('people')
@Controller('v1')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get('people')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The people directory: who signed in, with role, countries and assignments',
    description:
      'Reviewers and auditors read everybody; desk officers and delegations the people of their own countries ' +
      '(in their scope or assigned to one), with those countries’ assignments only. Sorted by name.',
  })
  @ApiQueries(queryParameters(peopleQuerySchema))
  @ApiOkResponse({ schema: pageOfPeopleSchema })
  @Problems([403, 'A country filter outside your scope'])
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Page<PersonView>> {
    const query = parseParams(peopleQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const { rows, total } = await this.people.people(principal, query);
    return {
      items: rows.map(({ person, assignments }) => personView(person, assignments, labels)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  @Get('countries/:country/assignments')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Who covers a country: its desk officers, delegation focal points and reviewers',
    description:
      'With, per recipient role, who a reminder for a cycle of this country would go to now: the people ' +
      'assigned, else the country’s reviewers, else every reviewer (then `unassigned`). Whoever may read the ' +
      'country may read this.',
  })
  @ApiQueries([])
  @ApiOkResponse({ schema: countryAssignmentsSchema })
  @Problems([403, 'A country outside your scope'])
  async assignments(
    @CurrentPrincipal() principal: Principal,
    @Param('country') country: string,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CountryAssignmentsView> {
    parseParams(noQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const { assignments, recipients } = await this.people.countryAssignments(principal, country);
    return {
      country,
      assignments: assignments.map((a) => assignmentView(a, a.displayName, labels)),
      recipients,
    };
  }

  @Put('countries/:country/assignments/:assignment/:userId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Assign a person to a country as desk officer, delegation focal point or reviewer (reviewers)',
    description:
      'Idempotent: the first PUT answers 201, the same PUT again 200 with the assignment as it was. The person ' +
      'must be in the directory (they appear at their first sign-in) and qualify: a DESK_OFFICER a desk officer ' +
      'with the country in scope, a DELEGATION a delegation with the country in scope, a REVIEWER a reviewer.',
  })
  @ApiExtension('x-suivi-roles', ['reviewer'])
  @ApiQueries([])
  @ApiResponse({ status: 201, description: 'Assigned', schema: assignmentSchema })
  @ApiResponse({ status: 200, description: 'Was assigned already (unchanged)', schema: assignmentSchema })
  @Problems(
    [403, 'Not a reviewer'],
    [404, 'No such person in the directory'],
    [422, 'The person does not qualify for the assignment (role or country scope)'],
  )
  async assign(
    @CurrentPrincipal() principal: Principal,
    @Param('country') country: string,
    @Param('assignment') assignment: Assignment,
    @Param('userId') userId: string,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AssignmentView> {
    parseParams(noQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const { created, record, displayName } = await this.people.assign(principal, country, assignment, userId);
    response.status(created ? 201 : 200);
    return assignmentView(record, displayName, labels);
  }

  @Get('unassigned-reminders')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Reminders nobody was assigned to receive: the reviewers got them instead',
    description:
      'One item per reminder (however many reviewers received it), newest first, the latest 200: the roles and ' +
      'countries that need an assignment. Reviewers and auditors read every country; desk officers and ' +
      'delegations their own.',
  })
  @ApiQueries(queryParameters(unassignedRemindersQuerySchema))
  @ApiOkResponse({ schema: unassignedRemindersSchema })
  @Problems([403, 'A country filter outside your scope'])
  async unassignedReminders(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ items: UnassignedReminderView[] }> {
    const query = parseParams(unassignedRemindersQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const rows = await this.people.unassignedReminders(principal, query);
    return { items: rows.map((row) => unassignedReminderView(row, labels)) };
  }

  @Delete('countries/:country/assignments/:assignment/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an assignment (reviewers); nothing to remove is not an error' })
  @ApiExtension('x-suivi-roles', ['reviewer'])
  @ApiResponse({ status: 204, description: 'The person holds no such assignment' })
  @Problems([403, 'Not a reviewer'])
  async unassign(
    @CurrentPrincipal() principal: Principal,
    @Param('country') country: string,
    @Param('assignment') assignment: Assignment,
    @Param('userId') userId: string,
    @Query() rawQuery: unknown,
  ): Promise<void> {
    parseParams(noQuerySchema, rawQuery);
    await this.people.unassign(principal, country, assignment, userId);
  }
}
