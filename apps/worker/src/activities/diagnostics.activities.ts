import type { DiagnosticsActivities } from '@suivi/workflows';

export interface DiagnosticsDependencies {
  /** Identifies this worker process in replies (host and pid). */
  workerIdentity: string;
}

/** Activities get their collaborators injected, never reach for globals. */
export function createDiagnosticsActivities(deps: DiagnosticsDependencies): DiagnosticsActivities {
  return {
    async echo(text: string) {
      return { text, handledBy: deps.workerIdentity };
    },
  };
}
