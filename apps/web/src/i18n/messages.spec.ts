import i18next from 'i18next';
import { COMMANDS, commandKey, commandLabel } from '../api/commands';
import { CATALOGUE, PARTS } from './catalogue';
import { initialLanguage } from './i18n';

const keysOf = (value: unknown, prefix = ''): string[] =>
  value !== null && typeof value === 'object'
    ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];

const { en, fr } = CATALOGUE;

describe('messages', () => {
  it('keeps each top-level key in one file of the language only', () => {
    for (const parts of Object.values(PARTS)) {
      const keys = parts.flatMap((part) => Object.keys(part));
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    }
  });

  it('says everything in French that it says in English, and nothing more', () => {
    expect(keysOf(fr).sort()).toEqual(keysOf(en).sort());
  });

  it('agrees counts in number, as each language does (French: 0 and 1 are singular)', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { en: { translation: en }, fr: { translation: fr } },
      lng: 'fr',
      interpolation: { escapeValue: false },
    });
    const say = (lng: string, key: string, count: number, values: Record<string, string> = {}) =>
      i18n.getFixedT(lng)(key, { count, next: 'R2', ...values });
    expect([0, 1, 2].map((n) => say('fr', 'myWork.count', n))).toEqual([
      '0 point d’action',
      '1 point d’action',
      '2 points d’action',
    ]);
    expect([0, 1, 2].map((n) => say('en', 'myWork.count', n))).toEqual([
      '0 action points',
      '1 action point',
      '2 action points',
    ]);
    expect([1, 2].map((n) => say('fr', 'cycles.count', n))).toEqual(['1 cycle', '2 cycles']);
    expect([1, 2].map((n) => say('en', 'unassigned.count', n))).toEqual(['1 reminder', '2 reminders']);
    expect([1, 3].map((n) => say('fr', 'cycle.carriedOver', n))).toEqual(['1 reporté à R2', '3 reportés à R2']);
    expect([1, 3].map((n) => say('fr', 'notifications.markedAll', n))).toEqual([
      '1 notification marquée comme lue.',
      '3 notifications marquées comme lues.',
    ]);
    // French puts a space before a colon.
    expect(say('fr', 'cycle.roundDate', 0, { date: '14 déc. 2026' })).toBe('Date : 14 déc. 2026');
    expect(say('en', 'cycle.roundDate', 0, { date: '14 Dec 2026' })).toBe('Date: 14 Dec 2026');
    // No "(s)" left: a count's words follow the count.
    const texts = (tree: unknown): string[] =>
      typeof tree === 'string' ? [tree] : Object.values(tree as Record<string, unknown>).flatMap(texts);
    expect(texts(fr).filter((text) => text.includes('{{count}}') && text.includes('(s)'))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const at = (tree: unknown, key: string) =>
      key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], tree) as string;
    const mismatched = keysOf(en).filter(
      (key) => placeholders(at(en, key)).join() !== placeholders(at(fr, key)).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('labels every body field the API documents, and names every command route in both languages', () => {
    const commands = COMMANDS.filter((c) => c.path.startsWith('/v1/cycles'));
    const fieldNames = new Set<string>();
    const walk = (schema: { properties?: Record<string, unknown>; items?: unknown } | null | undefined) => {
      for (const [name, property] of Object.entries(schema?.properties ?? {})) {
        fieldNames.add(name);
        const p = property as {
          properties?: Record<string, unknown>;
          items?: { properties?: Record<string, unknown> };
        };
        walk(p);
        walk(p.items);
      }
    };
    for (const command of commands) walk(command.body as never);
    const missingFields = [...fieldNames].filter((name) => !(name in en.fields));
    // A command's name comes with the API's document (x-suivi-label, from the domain's catalogue).
    const missingCommands = commands
      .filter((c) => !c.label?.en.trim() || !c.label?.fr.trim() || c.label.en === c.label.fr)
      .map((c) => commandKey(c.path));
    expect({ missingFields, missingCommands }).toEqual({ missingFields: [], missingCommands: [] });
    expect(commands.find((c) => c.path === '/v1/cycles/{cycleId}/rounds')?.label).toEqual({
      en: 'Schedule a round',
      fr: 'Programmer une session',
    });
    expect(commandLabel({ label: { en: 'Amend', fr: 'Modifier' }, summary: 'x' }, 'fr')).toBe('Modifier');
    expect(commandLabel({ label: null, summary: 'Amend an action point' }, 'fr')).toBe('Amend an action point');
  });
});

describe('the first language', () => {
  it('is the one chosen before, else French for a browser that prefers it, else English', () => {
    expect(initialLanguage('fr', ['en-GB'])).toBe('fr');
    expect(initialLanguage(null, ['fr-BE', 'en'])).toBe('fr');
    expect(initialLanguage(null, ['en-GB', 'fr'])).toBe('en');
    expect(initialLanguage(null, ['de-DE'])).toBe('en');
    expect(initialLanguage('xx', [])).toBe('en');
  });
});
