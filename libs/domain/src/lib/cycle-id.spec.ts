import { cycleWorkflowId, InvalidCycleIdError } from './cycle-id';

describe('cycleWorkflowId', () => {
  it('derives one workflow id per cycle', () => {
    expect(cycleWorkflowId('KH-2026-gsp')).toBe('cycle-KH-2026-gsp');
    expect(cycleWorkflowId('KH-2026-gsp')).toBe(cycleWorkflowId('KH-2026-gsp'));
  });

  it.each(['', 'ab', 'has space', '../etc', 'x'.repeat(65), '-leading'])('rejects %p', (bad) => {
    expect(() => cycleWorkflowId(bad)).toThrow(InvalidCycleIdError);
  });
});
