import { COMMANDS } from '../api/commands';
import { bodyOf, fieldsOf, initialValues, type Field } from './schema-form';

const propose = COMMANDS.find((c) => c.path === '/v1/cycles/{cycleId}/action-points');
const closeRound = COMMANDS.find((c) => c.path === '/v1/cycles/{cycleId}/rounds/{roundId}/close');
const kinds = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.key, f.kind]));

describe('forms drawn from the command schemas', () => {
  it('draws each body field as the input it needs, leaving out what the path gives', () => {
    const fields = fieldsOf(propose?.body ?? {}, propose?.pathParameters);
    expect(kinds(fields)).toEqual({
      actionPointId: 'text',
      roundId: 'text',
      text: 'textarea',
      owner: 'select',
      deadline: 'date',
      priority: 'select',
      themes: 'choices',
      conventions: 'choices',
      unReferences: 'repeat',
      agreed: 'checkbox',
    });
    expect(fields.filter((f) => f.required).map((f) => f.key)).toEqual([
      'roundId',
      'text',
      'owner',
      'deadline',
      'themes',
    ]);
  });

  it('sends only what was filled in: blank optional fields are left to the API (ids, defaults)', () => {
    const fields = fieldsOf(propose?.body ?? {}, propose?.pathParameters);
    const values = {
      ...initialValues(fields),
      roundId: 'R1',
      text: 'Adopt the law.',
      owner: 'PARTNER',
      deadline: '2027-03-31',
      themes: ['I.A'],
      unReferences: [
        { mechanism: 'UPR', text: '', documentSymbol: '', paragraph: '' },
        { mechanism: '', text: '', documentSymbol: '', paragraph: '' },
      ],
    };
    expect(bodyOf(fields, values)).toEqual({
      roundId: 'R1',
      text: 'Adopt the law.',
      owner: 'PARTNER',
      deadline: '2027-03-31',
      priority: 'MEDIUM',
      themes: ['I.A'],
      unReferences: [{ mechanism: 'UPR' }],
    });
  });

  it('sends an optional group only when one of its fields is filled', () => {
    const fields = fieldsOf(closeRound?.body ?? {}, closeRound?.pathParameters);
    expect(kinds(fields)).toEqual({ nextRoundId: 'text', nextRound: 'group' });
    const empty = initialValues(fields);
    expect(bodyOf(fields, empty)).toEqual({});
    expect(bodyOf(fields, { ...empty, nextRound: { roundId: '', date: '2027-05-01', title: '' } })).toEqual({
      nextRound: { date: '2027-05-01' },
    });
  });

  it('splits lines into lists and keeps a non-number as typed so that the API names it', () => {
    const fields = fieldsOf({
      type: 'object',
      properties: { links: { type: 'array', items: { type: 'string' } }, count: { type: 'integer' } },
    });
    expect(bodyOf(fields, { links: ' https://a.eu \n\nhttps://b.eu', count: '12' })).toEqual({
      links: ['https://a.eu', 'https://b.eu'],
      count: 12,
    });
    expect(bodyOf(fields, { links: '', count: 'twelve' })).toEqual({ count: 'twelve' });
  });
});
