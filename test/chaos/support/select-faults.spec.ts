import { selectByName } from './select-faults';

const faults = [
  { name: 'Kafka broker frozen 60 s' },
  { name: 'leader of partition 0 frozen 60 s' },
  { name: 'PostgreSQL restarted' },
];

describe('selectByName', () => {
  it('keeps every fault without a filter', () => {
    expect(selectByName(faults, undefined)).toEqual(faults);
    expect(selectByName(faults, ' ')).toEqual(faults);
  });

  it('keeps the faults named like each word, in the order given, repeats included', () => {
    expect(selectByName(faults, 'postgres, LEADER,leader').map((f) => f.name)).toEqual([
      'PostgreSQL restarted',
      'leader of partition 0 frozen 60 s',
      'leader of partition 0 frozen 60 s',
    ]);
    expect(selectByName(faults, 'frozen')).toHaveLength(2);
  });

  it('refuses a word that names no fault', () => {
    expect(() => selectByName(faults, 'disk')).toThrow('CHAOS_FAULTS: no fault named like "disk"');
  });
});
