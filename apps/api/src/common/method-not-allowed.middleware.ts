import type { NextFunction, Request, Response } from 'express';
import { ProblemDetailsException } from './problem-details';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Resource {
  matches: RegExp;
  allow: string;
  methods: Set<string>;
}

/** `/v1/cycles/{cycleId}` → a regular expression matching its paths, as Express routes them. */
function resourceOf(template: string, operations: Record<string, unknown>): Resource {
  const source = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  const declared = Object.keys(operations).filter((m) => HTTP_METHODS.includes(m));
  // Express answers HEAD with the GET handler, and OPTIONS for every route.
  const methods = new Set([...declared, ...(declared.includes('get') ? ['head'] : []), 'options']);
  return {
    // Express matches paths case-insensitively and with or without a trailing slash.
    matches: new RegExp(`^${source}/?$`, 'i'),
    allow: [...methods].map((m) => m.toUpperCase()).join(', '),
    methods,
  };
}

/**
 * A method a documented path does not support answers 405 with an Allow header (RFC 9110
 * 15.5.6), as problem+json, rather than Nest's 404. The routes are read from the OpenAPI
 * document (every route is documented; the development issuer's are not and pass through).
 */
export function methodNotAllowedMiddleware(paths: () => Record<string, Record<string, unknown>>) {
  let resources: Resource[] | undefined;
  return (request: Request, response: Response, next: NextFunction): void => {
    resources ??= Object.entries(paths()).map(([template, operations]) => resourceOf(template, operations));
    const path = request.path;
    const matching = resources.filter((r) => r.matches.test(path));
    const method = request.method.toLowerCase();
    if (matching.length === 0) return next();
    // A path can match several templates (`/v1/cycles/{cycleId}` and a literal sibling): allow their union.
    const allow = [...new Set(matching.flatMap((r) => r.allow.split(', ')))].join(', ');
    if (method === 'options') {
      // What the path supports (RFC 9110 9.3.7); CORS preflights of the codec were answered before.
      response.setHeader('Allow', allow);
      response.status(204).end();
      return;
    }
    if (matching.some((r) => r.methods.has(method))) return next();
    response.setHeader('Allow', allow);
    next(new ProblemDetailsException(405, `${request.method} is not supported here; use ${allow}.`));
  };
}
