import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery, type ApiQueryOptions } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Labeller, negotiateLanguage } from './labels';

/** The labeller for the caller's Accept-Language; says which language the response is in. */
export function labellerFor(request: Request, response: Response): Labeller {
  const language = negotiateLanguage(request);
  response.setHeader('Content-Language', language);
  response.vary('Accept-Language');
  return new Labeller(language);
}

/** Documents the query parameters and the Accept-Language header of a route. */
export function ApiQueries(queries: ApiQueryOptions[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...queries.map((options) => ApiQuery(options)),
    ApiHeader({ name: 'Accept-Language', required: false, description: 'en (default) or fr: language of labels' }),
  );
}
