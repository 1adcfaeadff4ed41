import { connectTemporalClient } from '@suivi/temporal';
import type { Client } from '@temporalio/client';
import { readApiConfig } from '../config/api-config';
import { TEST_CODEC_KEYS } from '../testing/test-app';
import { TemporalClientService } from './temporal-client.service';

jest.mock('@suivi/temporal', () => ({
  ...jest.requireActual('@suivi/temporal'),
  connectTemporalClient: jest.fn(),
}));
const connect = jest.mocked(connectTemporalClient);

const config = readApiConfig({
  TEMPORAL_CODEC_KEYS: TEST_CODEC_KEYS,
  DATABASE_URL: 'postgres://x@127.0.0.1/x',
  API_MIGRATIONS_DIR: 'apps/api/migrations',
  AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
  CALENDAR_FEED_SECRET: Buffer.alloc(32, 7).toString('base64'),
});
const fakeClient = () => {
  const close = jest.fn(async () => undefined);
  return { client: { connection: { close } } as unknown as Client, close };
};

describe('TemporalClientService', () => {
  beforeEach(() => connect.mockReset());

  it('does not connect until asked', () => {
    new TemporalClientService(config);
    expect(connect).not.toHaveBeenCalled();
  });

  it('retries after a failed attempt and then keeps the client', async () => {
    const { client } = fakeClient();
    connect.mockRejectedValueOnce(new Error('Failed to connect to Temporal server')).mockResolvedValueOnce(client);
    const service = new TemporalClientService(config);

    await expect(service.getClient()).rejects.toThrow('Failed to connect');
    await expect(service.getClient()).resolves.toBe(client);
    await expect(service.getClient()).resolves.toBe(client);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(connect).toHaveBeenCalledWith({
      address: '127.0.0.1:7233',
      namespace: 'suivi',
      codecKeys: TEST_CODEC_KEYS,
    });
  });

  it('shares one attempt between concurrent callers', async () => {
    const { client } = fakeClient();
    connect.mockResolvedValue(client);
    const service = new TemporalClientService(config);
    const [a, b] = await Promise.all([service.getClient(), service.getClient()]);
    expect(a).toBe(b);
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('closes the connection on shutdown, even one still being established', async () => {
    const { client, close } = fakeClient();
    let finishConnecting: (c: Client) => void = () => undefined;
    connect.mockReturnValue(new Promise((resolve) => (finishConnecting = resolve)));
    const service = new TemporalClientService(config);
    void service.getClient();

    const shutdown = service.onApplicationShutdown();
    finishConnecting(client);
    await shutdown;
    expect(close).toHaveBeenCalledTimes(1);
    await expect(service.getClient()).rejects.toThrow('shutting down');
  });
});
