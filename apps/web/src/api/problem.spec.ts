import { fieldOfPointer, messagesOf } from './problem';

describe('a problem’s messages beside their fields', () => {
  it('reads JSON Pointers into the body, escapes undone', () => {
    expect(fieldOfPointer('#/unReferences/0/mechanism')).toBe('unReferences.0.mechanism');
    expect(fieldOfPointer('/a~1b/c~0d')).toBe('a/b.c~d');
    expect(fieldOfPointer('#/')).toBeUndefined();
    expect(fieldOfPointer(undefined)).toBeUndefined();
  });

  it('puts each message beside the form field that holds it, the rest at the top', () => {
    const { byField, top } = messagesOf(
      {
        status: 400,
        detail: 'summary',
        errors: [
          { pointer: '#/themes/2', detail: 'unknown theme' },
          { pointer: '#/deadline', detail: 'not a date' },
          { pointer: '#/nope', detail: 'unknown field' },
        ],
      },
      ['themes', 'deadline'],
    );
    expect(byField).toEqual({ themes: ['unknown theme'], deadline: ['not a date'] });
    expect(top).toEqual(['nope: unknown field']);
  });

  it('shows a refusal without fields at the top', () => {
    expect(messagesOf({ status: 422, detail: 'The round is closed.' }, ['text'])).toEqual({
      byField: {},
      top: ['The round is closed.'],
    });
  });
});
