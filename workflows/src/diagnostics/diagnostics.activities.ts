/**
 * Activities the diagnostics workflow calls. Declared here as a type only; the worker
 * implements them (apps/worker), so workflow code never imports activity code.
 */
export interface DiagnosticsActivities {
  /** Proves a workflow → activity → workflow round trip through the payload codec. */
  echo(text: string): Promise<{ text: string; handledBy: string }>;
}
