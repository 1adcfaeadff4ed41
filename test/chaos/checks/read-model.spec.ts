import { canonical, compareReadModels } from './read-model';

const keys = { cycles: ['cycle_id'], timeline: ['cycle_id', 'sequence'] };
const cycle = (id: string, version: number) => ({ cycle_id: id, version, gsp_stages: { b: 1, a: [2] } });
const entry = (id: string, sequence: number) => ({ cycle_id: id, sequence, summary: { what: 'x' } });

describe('compareReadModels', () => {
  it('passes equal read models, whatever the row and key order', () => {
    const live = { cycles: [cycle('c2', 1), cycle('c1', 3)], timeline: [entry('c1', 1)] };
    const rebuilt = {
      cycles: [{ gsp_stages: { a: [2], b: 1 }, version: 3, cycle_id: 'c1' }, cycle('c2', 1)],
      timeline: [entry('c1', 1)],
    };
    expect(compareReadModels(live, rebuilt, keys)).toEqual({ figures: { rows: 3, differences: 0 }, problems: [] });
  });

  it('fails on a row missing from the live read model (an event lost by the projector)', () => {
    const verdict = compareReadModels({ cycles: [], timeline: [] }, { cycles: [cycle('c1', 1)], timeline: [] }, keys);
    expect(verdict.problems).toEqual(['cycles c1: in the rebuild only']);
  });

  it('fails on a row only the live read model has, and on a differing column, naming both values', () => {
    const verdict = compareReadModels(
      { cycles: [cycle('c1', 4)], timeline: [entry('c1', 1), entry('c1', 2)] },
      { cycles: [cycle('c1', 3)], timeline: [entry('c1', 1)] },
      keys,
    );
    expect(verdict.problems).toEqual([
      'cycles c1: version 4 vs 3 (live vs rebuilt)',
      'timeline c1/2: in the live read model only',
    ]);
    expect(verdict.figures.differences).toBe(2);
  });

  it('lists a few differences per table and counts the rest', () => {
    const live = { cycles: Array.from({ length: 8 }, (_, i) => cycle(`c${i}`, 1)), timeline: [] };
    const verdict = compareReadModels(live, { cycles: [], timeline: [] }, keys);
    expect(verdict.problems).toHaveLength(6);
    expect(verdict.problems[5]).toBe('cycles: 3 more differences');
  });
});

describe('canonical', () => {
  it('sorts object keys and writes dates as ISO text', () => {
    expect(canonical({ b: [1, { d: 1, c: 2 }], a: new Date(0) })).toBe(
      '{"a":"1970-01-01T00:00:00.000Z","b":[1,{"c":2,"d":1}]}',
    );
  });
});
