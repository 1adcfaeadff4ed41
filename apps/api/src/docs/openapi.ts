import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { pathParameterDocument } from '../common/path-parameters';
import { PROBLEM_JSON, problemDetailsSchema } from '../common/problem-details';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const SWAGGER_UI_PATH = '/docs';

interface Operation {
  security?: unknown[];
  'x-public'?: boolean;
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    schema?: Record<string, unknown>;
    description?: string;
    example?: unknown;
  }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_JSON]: { schema: problemDetailsSchema } },
});

/**
 * Answers every route may give whatever it does, added where the route's own decorators did not
 * say them: 401 behind a token, 400 where there is input to refuse, 413 and 415 where there is
 * a body (the body parsers answer them before any handler).
 */
const COMMON_ANSWERS: Array<{
  status: string;
  applies: (op: Operation, secured: boolean) => boolean;
  description: string;
}> = [
  { status: '401', applies: (_op, secured) => secured, description: 'Missing, expired or invalid bearer token' },
  {
    status: '400',
    applies: (op) => op.requestBody !== undefined || (op.parameters ?? []).length > 0,
    description: 'A parameter, header or body field at fault (named in `errors`)',
  },
  { status: '413', applies: (op) => op.requestBody !== undefined, description: 'Body too large' },
  { status: '415', applies: (op) => op.requestBody !== undefined, description: 'The body is not application/json' },
];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Suivi API')
    .setDescription(
      'Follow-up of EU human-rights dialogues and GSP+ monitoring cycles. ' +
        'Resources live under /v1; /health, /metrics and /codec serve operations. ' +
        'A method a path does not support answers 405 with an Allow header.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as Operation[]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      // Operations outside /v1 (health, metrics, codec) take no token; so do those marked public.
      const secured = path.startsWith('/v1') && !operation['x-public'];
      if (!secured) operation.security = [];
      // Every parameter of the path template is documented, whether or not the handler names it
      // with @Param('name') (the command table's routes take all parameters at once).
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        operation.parameters ??= [];
        if (!operation.parameters.some((p) => p.in === 'path' && p.name === name)) {
          operation.parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
        }
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path') continue;
        // One schema per path parameter name, the one the server checks it with (PATH_PARAMETERS).
        const documented = pathParameterDocument(parameter.name);
        if (!documented) continue;
        parameter.schema = documented.schema;
        parameter.description ??= documented.description;
        parameter.example ??= documented.example;
      }
      for (const answer of COMMON_ANSWERS) {
        if (answer.applies(operation, secured) && !operation.responses[answer.status]) {
          operation.responses[answer.status] = problem(answer.description);
        }
      }
    }
  }
  return document;
}

/** Serves the document as JSON at /openapi.json and the Swagger UI at /docs (no YAML copy). */
export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  // Built once, on the first request: the routes do not change while the process runs.
  SwaggerModule.setup(SWAGGER_UI_PATH.slice(1), app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
  });
}
