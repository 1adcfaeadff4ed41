import { Labeller } from './labels';

describe('Labeller', () => {
  it('gives a round\'s status in the feminine in French ("une session") and a cycle\'s in the masculine', () => {
    const fr = new Labeller('fr');
    expect(['SCHEDULED', 'HELD', 'CLOSED'].map((code) => fr.roundStatus(code).label)).toEqual([
      'Programmée',
      'Tenue',
      'Clôturée',
    ]);
    expect(fr.cycleStatus('CLOSED')).toEqual({ code: 'CLOSED', label: 'Clôturé' });
  });

  it('gives English labels, and an unknown code as itself', () => {
    const en = new Labeller('en');
    expect(en.roundStatus('HELD')).toEqual({ code: 'HELD', label: 'Held' });
    expect(en.roundStatus('POSTPONED')).toEqual({ code: 'POSTPONED', label: 'POSTPONED' });
  });
});
