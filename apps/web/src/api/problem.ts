/** An RFC 9457 problem as the API answers it (application/problem+json). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  /** Fields at fault: a JSON Pointer into the request body ("#/themes/0") and what is wrong. */
  errors?: Array<{ pointer?: string; detail?: string }>;
  code?: string;
  currentVersion?: number;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/**
 * The field a pointer names, as the forms key their fields: "#/unReferences/0/mechanism" →
 * "unReferences.0.mechanism" (RFC 6901 escapes undone). Undefined for the whole body.
 */
export function fieldOfPointer(pointer: string | undefined): string | undefined {
  if (!pointer) return undefined;
  const path = pointer.replace(/^#/, '').replace(/^\//, '');
  if (!path) return undefined;
  return path
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** A problem's messages split between the form's fields and the top of the form. */
export function messagesOf(
  problem: Problem,
  fields: readonly string[],
): { byField: Record<string, string[]>; top: string[] } {
  const byField: Record<string, string[]> = {};
  const top: string[] = [];
  for (const error of problem.errors ?? []) {
    const field = fieldOfPointer(error.pointer);
    // A nested field shows beside the form field that holds it (themes.2 → themes).
    const holder = field && fields.find((f) => field === f || field.startsWith(`${f}.`));
    const message = error.detail ?? problem.detail ?? '';
    if (holder) (byField[holder] ??= []).push(message);
    else top.push(field ? `${field}: ${message}` : message);
  }
  if (!problem.errors?.length && problem.detail) top.push(problem.detail);
  return { byField, top };
}

export async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: response.status };
    } catch {
      // fall through: a body that is not JSON after all
    }
  }
  return { status: response.status, title: response.statusText };
}
