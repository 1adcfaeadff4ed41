import { copyText } from './copy-rows';

describe('copyText', () => {
  it('writes one tab-separated line per row, fields in column order, null as \\N', () => {
    const rows = [
      { id: 'C-1', version: 3, closed: null, withdrawn: true },
      { id: 'C-2', version: 0, withdrawn: false },
    ];
    expect(copyText(rows, ['id', 'version', 'closed', 'withdrawn'])).toBe('C-1\t3\t\\N\tt\nC-2\t0\t\\N\tf\n');
  });

  it('escapes backslashes, tabs, newlines and carriage returns', () => {
    expect(copyText([{ text: 'a\\b\tc\nd\re' }], ['text'])).toBe('a\\\\b\\tc\\nd\\re\n');
  });

  it('writes jsonb as JSON and text[] as a quoted array literal, both escaped for COPY', () => {
    const row = {
      summary: { reason: 'line 1\nline "2" \\ end' },
      themes: ['I.C', 'say "no"', 'back\\slash', 'a,b {c}'],
    };
    const text = copyText([row], ['summary', 'themes'], { summary: 'jsonb', themes: 'text[]' });
    expect(text).toBe(
      '{"reason":"line 1\\\\nline \\\\"2\\\\" \\\\\\\\ end"}\t{"I.C","say \\\\"no\\\\"","back\\\\\\\\slash","a,b {c}"}\n',
    );
  });

  it('writes an empty text[] as {}', () => {
    expect(copyText([{ themes: [] }], ['themes'], { themes: 'text[]' })).toBe('{}\n');
  });

  it('refuses an object in a column not declared jsonb or text[]', () => {
    expect(() => copyText([{ summary: { a: 1 } }], ['summary'])).toThrow('column summary');
  });
});
