import { createDiagnosticsActivities } from './diagnostics.activities';

describe('diagnostics activities', () => {
  it('echo returns the text and the injected worker identity', async () => {
    const activities = createDiagnosticsActivities({ workerIdentity: 'worker-1@host' });
    await expect(activities.echo('bonjour')).resolves.toEqual({ text: 'bonjour', handledBy: 'worker-1@host' });
  });

  it('offers nothing but the diagnostics (benchmark activities live in bench/)', () => {
    expect(Object.keys(createDiagnosticsActivities({ workerIdentity: 'w' }))).toEqual(['echo']);
  });
});
