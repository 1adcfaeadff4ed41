import { firstBrokerToAnswer } from './kafka-client';

const never = () => new Promise<never>(() => undefined);

describe('firstBrokerToAnswer', () => {
  it('is up as soon as one broker answers, even while another hangs (frozen) and a third refused', async () => {
    const answer = { brokers: 3, controller: 2 };
    await expect(
      firstBrokerToAnswer([never(), Promise.reject(new Error('Connection refused')), Promise.resolve(answer)]),
    ).resolves.toBe(answer);
  });

  it('is down only when no broker answers, naming each reason once', async () => {
    const timedOut = () => Promise.reject(new Error('Request ApiVersions(key: 18, version: 2) timed out'));
    await expect(
      firstBrokerToAnswer([timedOut(), timedOut(), Promise.reject(new Error('Connection refused'))]),
    ).rejects.toThrow(
      'no Kafka broker answered: Request ApiVersions(key: 18, version: 2) timed out; Connection refused',
    );
  });
});
