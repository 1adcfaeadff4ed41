import { check } from './validate';

const schema = {
  type: 'object',
  required: ['text', 'themes'],
  properties: {
    text: { type: 'string', maxLength: 10, pattern: '^\\S' },
    deadline: { type: 'string', format: 'date' },
    themes: { type: 'array', minItems: 1, items: { type: 'string', enum: ['I', 'II'] } },
    nextRound: { type: 'object', required: ['date'], properties: { date: { type: 'string', format: 'date' } } },
  },
};

describe('client-side checks from the command schema', () => {
  it('accepts a body the schema accepts', () => {
    expect(check(schema, { text: 'Adopt', themes: ['I'], deadline: '2027-01-31' })).toEqual([]);
  });

  it('names each field at fault and the rule it breaks', () => {
    const findings = check(schema, { text: ' starts with a space and is long', themes: [], deadline: '2027-02-30' });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'text' }),
        { field: 'themes', rule: 'minItems' },
        { field: 'deadline', rule: 'format' },
      ]),
    );
  });

  it('names a missing required field, nested ones by their path', () => {
    expect(check(schema, { themes: ['I'], nextRound: {} })).toEqual([
      { field: 'text', rule: 'required' },
      { field: 'nextRound.date', rule: 'required' },
    ]);
  });

  it('refuses a code outside the vocabulary', () => {
    expect(check(schema, { text: 'A', themes: ['IX'] })).toEqual([{ field: 'themes.0', rule: 'enum' }]);
  });
});
