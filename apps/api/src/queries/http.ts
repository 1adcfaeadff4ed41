import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiQuery, type ApiQueryOptions } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';
import { openApiSchema } from '../common/text-schemas';
import { Labeller, negotiateLanguage } from './labels';

/** Accept-Language as RFC 9110 writes it (language ranges and q-values); at most 500 characters. */
export const acceptLanguageSchema = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9*,;=. _-]*$/, 'expected language ranges, e.g. "fr, en;q=0.8"');

/** The labeller for the caller's Accept-Language; says which language the response is in. */
export function labellerFor(request: Request, response: Response): Labeller {
  const header = request.headers?.['accept-language'];
  if (header !== undefined && !acceptLanguageSchema.safeParse(header).success) {
    throw new ProblemDetailsException(400, 'Accept-Language must list language ranges, e.g. "fr, en;q=0.8".', {
      errors: [{ header: 'Accept-Language', detail: 'expected language ranges, e.g. "fr, en;q=0.8"' }],
    });
  }
  const language = negotiateLanguage(request);
  response.setHeader('Content-Language', language);
  response.vary('Accept-Language');
  return new Labeller(language);
}

type JsonSchema = Record<string, unknown>;

/**
 * The query parameters of a route, documented from the zod object that parses them: names,
 * whether required, and each one's schema (pattern, enum, bounds, default) with its description.
 * `required` marks parameters the route needs although it reads them itself (the feed token).
 */
export function queryParameters(schema: z.ZodObject, required: readonly string[] = []): ApiQueryOptions[] {
  const document = openApiSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(document.properties ?? {}).map(([name, property]) => {
    const { description, ...parameterSchema } = property;
    return {
      name,
      required: (document.required ?? []).includes(name) || required.includes(name),
      description: typeof description === 'string' ? description : undefined,
      schema: parameterSchema,
    };
  });
}

/** Documents the query parameters and the Accept-Language header of a route. */
export function ApiQueries(queries: ApiQueryOptions[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...queries.map((options) => ApiQuery(options)),
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description: 'en (default) or fr: language of labels',
      schema: openApiSchema(acceptLanguageSchema),
    }),
  );
}

/** Documents the query parameters of a route that answers no labels (no Accept-Language). */
export function ApiQueryParameters(queries: ApiQueryOptions[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...queries.map((options) => ApiQuery(options)));
}

/** Documents a path parameter from the zod schema that checks it. */
export function ApiPathParam(name: string, schema: z.ZodType, description?: string): MethodDecorator {
  const { description: described, example, ...parameterSchema } = openApiSchema(schema);
  return ApiParam({
    name,
    required: true,
    description: description ?? (typeof described === 'string' ? described : undefined),
    schema: parameterSchema,
    ...(example === undefined ? {} : { example }),
  });
}
