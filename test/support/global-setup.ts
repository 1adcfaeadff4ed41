import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { launch, readStackFile, stackFilePath, suiviHome, waitForReady, type LaunchedStack } from './stack-launcher';

declare global {
  var __SUIVI_TEST_SERVERS__: LaunchedStack | undefined;
}

/**
 * Starts real Temporal, Kafka and PostgreSQL for the integration tier, on the test
 * profile's own ports and fresh data, through the same launcher as `npm start`.
 */
export default async function globalSetup(): Promise<void> {
  rmSync(join(suiviHome(), 'test', 'data'), { recursive: true, force: true });
  rmSync(stackFilePath('test'), { force: true });
  const servers = launch('servers', 'test');
  globalThis.__SUIVI_TEST_SERVERS__ = servers;
  await waitForReady(servers, 300_000);
  const stack = readStackFile('test');
  Object.assign(process.env, stack.env, {
    SUIVI_TEMPORAL_CLI: stack.tools.temporalCli,
    SUIVI_TEMPORAL_TEST_SERVER: stack.tools.temporalTestServer,
  });
}
