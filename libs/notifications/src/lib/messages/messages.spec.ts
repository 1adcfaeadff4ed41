import { en } from './en';
import { fr } from './fr';
import { catalogues } from './index';

type Tree = { [key: string]: unknown };

/** Every leaf of a catalogue: its dotted path and what it is (a string, or a function of n arguments). */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'function') found.set(path, `function/${value.length}`);
    else if (typeof value === 'string') found.set(path, 'string');
    else if (typeof value === 'object' && value !== null)
      for (const [p, kind] of leaves(value as Tree, path)) found.set(p, kind);
    else found.set(path, typeof value);
  }
  return found;
}

/** Sample arguments for a message function: a number where a count is expected works as a string too. */
const samples = [3, 'VALUE-B', 'VALUE-C'] as const;

describe('message catalogues', () => {
  it('French has every key English has, of the same kind, and no other', () => {
    const english = leaves(en as unknown as Tree);
    const french = leaves(fr as unknown as Tree);
    expect([...french.entries()].sort()).toEqual([...english.entries()].sort());
  });

  it.each(Object.entries(catalogues))('%s gives a non-empty text for every message', (_language, messages) => {
    for (const [path] of leaves(messages as unknown as Tree)) {
      const value = path.split('.').reduce<unknown>((node, key) => (node as Tree)[key], messages);
      const text = typeof value === 'function' ? (value as (...args: unknown[]) => unknown)(...samples) : value;
      expect({ path, text: typeof text === 'string' && text.trim().length > 0 }).toEqual({ path, text: true });
      expect(String(text)).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('uses each language’s plural: one day, two days; un jour, deux jours', () => {
    expect([en.relative.overdue(1), en.relative.overdue(2)]).toEqual(['1 day overdue', '2 days overdue']);
    expect([fr.relative.dueIn(1), fr.relative.dueIn(2)]).toEqual(['échéance dans 1 jour', 'échéance dans 2 jours']);
    expect(en.roundClosed.body(1)).toMatch(/^1 action point still open was carried over/);
    expect(fr.roundClosed.body(2)).toMatch(/^2 points d’action encore ouverts ont été reportés/);
  });

  it('speaks French in French: dates, labels and the no-break space before a colon', () => {
    expect(fr.locale).toBe('fr-FR');
    expect(fr.status.IN_PROGRESS).toBe('En cours de mise en œuvre');
    expect(fr.fact('Échéance', 'demain')).toBe('Échéance\u00a0: demain');
  });
});
