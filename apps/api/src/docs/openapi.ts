import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const SWAGGER_UI_PATH = '/docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Suivi API')
    .setDescription(
      'Follow-up of EU human-rights dialogues and GSP+ monitoring cycles. ' +
        'Resources live under /v1; /health, /metrics and /codec serve operations.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Operations outside /v1 (health, metrics, codec) take no token; so do those marked public.
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as Array<{ security?: unknown[]; 'x-public'?: boolean }>) {
      if (typeof operation !== 'object' || operation === null) continue;
      if (!path.startsWith('/v1') || operation['x-public']) operation.security = [];
    }
  }
  return document;
}

/** Serves the document as JSON at /openapi.json and the Swagger UI at /docs (no YAML copy). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(SWAGGER_UI_PATH.slice(1), app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
  });
}
