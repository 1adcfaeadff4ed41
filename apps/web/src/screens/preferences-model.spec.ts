import {
  apiTimeZones,
  isKnownTimeZone,
  preferencesPatch,
  timeZoneChoices,
  unsubscribeActionOf,
  unsubscribeApplied,
  unsubscribePatch,
  type Preferences,
} from './preferences-model';

const saved: Preferences = { language: 'en', timeZone: 'Europe/Brussels', delivery: 'digest', dailyDigest: true };

describe('the merge patch a save sends', () => {
  it('holds the changed members only', () => {
    expect(preferencesPatch(saved, { ...saved, delivery: 'immediate' })).toEqual({ delivery: 'immediate' });
    expect(preferencesPatch(saved, { ...saved, language: 'fr', dailyDigest: false })).toEqual({
      language: 'fr',
      dailyDigest: false,
    });
    expect(preferencesPatch(saved, { ...saved, timeZone: 'Asia/Manila' })).toEqual({ timeZone: 'Asia/Manila' });
  });

  it('is empty when nothing changed (including a change undone)', () => {
    expect(preferencesPatch(saved, { ...saved })).toEqual({});
    expect(JSON.stringify(preferencesPatch(saved, { ...saved }))).toBe('{}');
  });
});

describe('the unsubscribe link’s landing', () => {
  it('reads the action of the address, and nothing else', () => {
    expect(unsubscribeActionOf('?unsubscribe=delivery-none')).toBe('delivery-none');
    expect(unsubscribeActionOf('unsubscribe=digest-off&x=1')).toBe('digest-off');
    expect(unsubscribeActionOf(new URLSearchParams({ unsubscribe: 'digest-off' }))).toBe('digest-off');
    expect(unsubscribeActionOf('?unsubscribe=everything')).toBeUndefined();
    expect(unsubscribeActionOf('?token=v1.abc.def')).toBeUndefined();
    expect(unsubscribeActionOf('')).toBeUndefined();
  });

  it('turns the action into its merge patch', () => {
    expect(unsubscribePatch('delivery-none')).toEqual({ delivery: 'none' });
    expect(unsubscribePatch('digest-off')).toEqual({ dailyDigest: false });
  });

  it('knows when there is nothing left to confirm', () => {
    expect(unsubscribeApplied('delivery-none', saved)).toBe(false);
    expect(unsubscribeApplied('delivery-none', { ...saved, delivery: 'none' })).toBe(true);
    expect(unsubscribeApplied('digest-off', saved)).toBe(false);
    expect(unsubscribeApplied('digest-off', { ...saved, dailyDigest: false })).toBe(true);
  });
});

describe('the time zones offered', () => {
  it('are those the API accepts for PATCH /v1/me', () => {
    const zones = apiTimeZones();
    expect(zones).toEqual(expect.arrayContaining(['Europe/Brussels', 'Asia/Ho_Chi_Minh', 'UTC']));
    expect(zones).not.toContain(null);
  });

  it('fall back to the browser’s list, always hold the current zone and UTC, sorted', () => {
    expect(timeZoneChoices(['Europe/Paris', 'Asia/Manila'], ['Africa/Abidjan'], 'Europe/Paris')).toEqual([
      'Asia/Manila',
      'Europe/Paris',
      'UTC',
    ]);
    expect(timeZoneChoices([], ['Europe/Paris'], 'America/Bogota')).toEqual(['America/Bogota', 'Europe/Paris', 'UTC']);
  });

  it('accept only a listed zone', () => {
    const choices = timeZoneChoices(['Europe/Paris'], [], 'UTC');
    expect(isKnownTimeZone('Europe/Paris', choices)).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons', choices)).toBe(false);
    expect(isKnownTimeZone('', [])).toBe(false);
  });
});
