import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

export const PROBLEM_JSON = 'application/problem+json';

/** RFC 9457 problem details; extension members sit beside the standard ones. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * Thrown when a handler wants a precise problem document (detail plus extension
 * members) rather than what the filter would derive from a plain HttpException.
 */
export class ProblemDetailsException extends HttpException {
  constructor(
    status: number,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers that go with the problem (e.g. Retry-After on a 503). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail, status);
  }
}

/** OpenAPI schema of a problem document, shared by the controllers' error responses. */
export const problemDetailsSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', example: '/codec/decode' },
  },
};
