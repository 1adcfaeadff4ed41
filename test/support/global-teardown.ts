import { stopLaunched } from './stack-launcher';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__SUIVI_TEST_SERVERS__;
  if (servers) await stopLaunched(servers);
}
