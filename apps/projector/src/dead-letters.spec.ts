import { deadLetterMessage, ProjectorDeadLetterHeaders as H } from './dead-letters';

describe('deadLetterMessage', () => {
  it('keeps the original key, bytes and headers, and adds the reason and the origin', () => {
    const value = Buffer.from([0xff, 0xfe, 0x00]);
    const message = deadLetterMessage(
      {
        topic: 'suivi.cycle-log.v1',
        partition: 4,
        offset: '1234',
        timestamp: '1767225600000',
        key: Buffer.from('KH-HRD-2026'),
        value,
        headers: { 'event-type': 'CycleStarted' },
        reason: 'NOT_JSON',
        detail: 'the value is not JSON',
      },
      'suivi-projector',
    );
    expect(message.key).toEqual(Buffer.from('KH-HRD-2026'));
    expect(message.value).toBe(value);
    expect(Object.keys(message.headers ?? {})).toEqual(expect.arrayContaining(Object.values(H)));
    expect(message.headers).toEqual({
      'event-type': 'CycleStarted',
      'dead-letter-reason': 'NOT_JSON',
      'dead-letter-detail': 'the value is not JSON',
      'dead-letter-consumer': 'suivi-projector',
      'dead-letter-source-topic': 'suivi.cycle-log.v1',
      'dead-letter-source-partition': '4',
      'dead-letter-source-offset': '1234',
      'dead-letter-source-timestamp': '1767225600000',
    });
  });
});
