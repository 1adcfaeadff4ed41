import type { MessagePublisher, OutgoingMessage } from '@suivi/kafka';
import { createDiagnosticsActivities } from './diagnostics.activities';

describe('diagnostics activities', () => {
  const sent: OutgoingMessage[] = [];
  const publisher: MessagePublisher = { publish: async (m) => void sent.push(...m), close: async () => undefined };

  it('echo returns the text and the injected worker identity', async () => {
    const activities = createDiagnosticsActivities({ workerIdentity: 'worker-1@host', publisher });
    await expect(activities.echo('bonjour')).resolves.toEqual({ text: 'bonjour', handledBy: 'worker-1@host' });
  });

  it('publishBenchMessages publishes the requested number of keyed messages with distinct ids', async () => {
    const activities = createDiagnosticsActivities({ workerIdentity: 'w', publisher });
    await activities.publishBenchMessages({ topic: 't', key: 'k', count: 3, dueAtMs: 5 });
    expect(sent.map((m) => [m.topic, m.key, m.headers['event-id']])).toEqual([
      ['t', 'k', 'k:0'],
      ['t', 'k', 'k:1'],
      ['t', 'k', 'k:2'],
    ]);
  });
});
