import type { MessagePublisher } from '@suivi/kafka';
import type { DiagnosticsActivities } from '@suivi/workflows';

export interface DiagnosticsDependencies {
  /** Identifies this worker process in replies (host and pid). */
  workerIdentity: string;
  publisher: MessagePublisher;
}

/** Activities get their collaborators injected, never reach for globals. */
export function createDiagnosticsActivities(deps: DiagnosticsDependencies): DiagnosticsActivities {
  return {
    async echo(text: string) {
      return { text, handledBy: deps.workerIdentity };
    },
    async publishBenchMessages({ topic, key, count, dueAtMs }) {
      await deps.publisher.publish(
        Array.from({ length: count }, (_, i) => ({
          topic,
          key,
          value: JSON.stringify({ key, i, dueAtMs }),
          headers: { 'event-id': `${key}:${i}` },
        })),
      );
    },
  };
}
