import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { referenceData } from '@suivi/domain';
import type { Request, Response } from 'express';
import { ApiQueries, labellerFor } from '../queries/http';

const listOf = (extra: Record<string, { type: 'string'; description?: string }> = {}) => ({
  type: 'array' as const,
  items: {
    type: 'object' as const,
    required: ['code', 'label', ...Object.keys(extra)],
    properties: { code: { type: 'string' as const }, label: { type: 'string' as const }, ...extra },
  },
});

export interface ReferenceDataView {
  cycleTypes: Array<{ code: string; label: string }>;
  themes: Array<{ code: string; label: string; pillar: string }>;
  conventions: Array<{ code: string; label: string; group: string }>;
  unMechanisms: Array<{ code: string; label: string }>;
  regionalBodies: Array<{ code: string; label: string }>;
}

/**
 * The closed vocabularies commands take (cycle types, themes, conventions, UN mechanisms,
 * regional bodies) with their labels in the caller's language: what a client's pickers show.
 * The codes are the same enums the command bodies' schemas list.
 */
@ApiTags('v1')
@ApiBearerAuth()
@Controller('v1/reference-data')
export class ReferenceDataController {
  @Get()
  @Header('Cache-Control', 'private, max-age=3600')
  @ApiOperation({ summary: 'Reference data with labels in the language asked (cycle types, themes, conventions, ...)' })
  @ApiQueries([])
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['cycleTypes', 'themes', 'conventions', 'unMechanisms', 'regionalBodies'],
      properties: {
        cycleTypes: listOf(),
        themes: listOf({
          pillar: { type: 'string', description: 'The pillar a theme belongs to (itself for a pillar)' },
        }),
        conventions: listOf({ group: { type: 'string' } }),
        unMechanisms: listOf(),
        regionalBodies: listOf(),
      },
    },
  })
  list(@Req() request: Request, @Res({ passthrough: true }) response: Response): ReferenceDataView {
    const { language } = labellerFor(request, response);
    return {
      cycleTypes: referenceData.cycleTypes.cycleTypes.map((t) => ({ code: t.code, label: t.labels[language] })),
      themes: referenceData.actionPlanTaxonomy.pillars.flatMap((pillar) => [
        { code: pillar.code, label: pillar.labels[language], pillar: pillar.code },
        ...pillar.themes.map((theme) => ({ code: theme.code, label: theme.labels[language], pillar: pillar.code })),
      ]),
      conventions: referenceData.gspConventions.conventions.map((c) => ({
        code: c.id,
        label: c.labels[language],
        group: c.group,
      })),
      unMechanisms: referenceData.unMechanisms.mechanisms.map((m) => ({ code: m.code, label: m.labels[language] })),
      regionalBodies: referenceData.regionalBodies.regionalBodies.map((b) => ({
        code: b.code,
        label: b.labels[language],
      })),
    };
  }
}
