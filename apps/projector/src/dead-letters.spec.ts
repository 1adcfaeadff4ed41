import { deadLetterMessage, DeadLetterHeaders } from './dead-letters';

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
        detail: 'Unexpected token',
      },
      'suivi-projector',
    );
    expect(message.key).toEqual(Buffer.from('KH-HRD-2026'));
    expect(message.value).toBe(value);
    expect(message.headers).toEqual({
      'event-type': 'CycleStarted',
      [DeadLetterHeaders.reason]: 'NOT_JSON',
      [DeadLetterHeaders.detail]: 'Unexpected token',
      [DeadLetterHeaders.deadLetteredBy]: 'suivi-projector',
      [DeadLetterHeaders.originalTopic]: 'suivi.cycle-log.v1',
      [DeadLetterHeaders.originalPartition]: '4',
      [DeadLetterHeaders.originalOffset]: '1234',
      [DeadLetterHeaders.originalTimestamp]: '1767225600000',
    });
  });
});
