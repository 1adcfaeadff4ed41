import { cycleTypes } from './cycle/cycle-types';
import {
  conventionDefinition,
  cycleTypeDefinition,
  defaultReminderPolicy,
  isConventionId,
  isRegionalBodyCode,
  isThemeCode,
  referenceData,
  themeDefinition,
} from './reference-data';

describe('reference data', () => {
  it('is versioned, file by file', () => {
    for (const file of Object.values(referenceData)) expect(file.version).toBe(1);
  });

  it('is read-only', () => {
    expect(Object.isFrozen(referenceData.gspConventions.conventions[0].labels)).toBe(true);
  });

  it('has the five pillars of the EU Action Plan 2020-2024 and their 20 sub-codes', () => {
    const { pillars } = referenceData.actionPlanTaxonomy;
    expect(pillars.map((p) => `${p.code}:${p.themes.map((t) => t.code.slice(p.code.length + 1)).join('')}`)).toEqual([
      'I:ABCDEF',
      'II:ABCD',
      'III:ABCDEF',
      'IV:AB',
      'V:AB',
    ]);
    expect(themeDefinition('I.C')?.labels).toEqual({
      en: 'Promoting fundamental freedoms, strengthening civic and political space',
      fr: "Promouvoir les libertés fondamentales et renforcer l'espace civique et politique",
    });
    expect(themeDefinition('V')?.labels.fr).toBe('Atteindre les objectifs fixés en travaillant de concert');
  });

  it('has the 27 GSP+ conventions in four groups (7 + 8 + 8 + 4)', () => {
    const { conventions } = referenceData.gspConventions;
    expect(conventions).toHaveLength(27);
    expect(new Set(conventions.map((c) => c.id)).size).toBe(27);
    const count = (group: string) => conventions.filter((c) => c.group === group).length;
    expect([count('human-rights'), count('labour'), count('environment'), count('good-governance')]).toEqual([
      7, 8, 8, 4,
    ]);
    // prettier-ignore
    expect(conventions.map((c) => c.id)).toEqual([
      'CPPCG', 'ICERD', 'ICCPR', 'ICESCR', 'CEDAW', 'CAT', 'CRC',
      'ILO-C029', 'ILO-C087', 'ILO-C098', 'ILO-C100', 'ILO-C105', 'ILO-C111', 'ILO-C138', 'ILO-C182',
      'MONTREAL', 'BASEL', 'STOCKHOLM', 'CITES', 'CBD', 'CARTAGENA', 'KYOTO', 'UNFCCC',
      'UN-1961', 'UN-1971', 'UN-1988', 'UNCAC',
    ]);
    expect(conventionDefinition('ILO-C182')).toMatchObject({ year: 1999, group: 'labour' });
  });

  it('labels everything in English and French', () => {
    const labelled = [
      ...referenceData.cycleTypes.cycleTypes,
      ...referenceData.cycleTypes.cycleTypes.flatMap((t) => t.stages),
      ...referenceData.actionPlanTaxonomy.pillars,
      ...referenceData.actionPlanTaxonomy.pillars.flatMap((p) => p.themes),
      ...referenceData.gspConventions.conventions,
      ...referenceData.unMechanisms.mechanisms,
      ...referenceData.regionalBodies.regionalBodies,
    ];
    for (const item of labelled) {
      expect(item.labels.en.trim()).not.toBe('');
      expect(item.labels.fr.trim()).not.toBe('');
    }
  });

  it('defines each of the six cycle types, with stages and a reminder policy', () => {
    expect(referenceData.cycleTypes.cycleTypes.map((t) => t.code)).toEqual([...cycleTypes]);
    for (const type of cycleTypes) {
      const definition = cycleTypeDefinition(type);
      expect(definition.stages.length).toBeGreaterThanOrEqual(2);
      expect(definition.reminderPolicyRationale).not.toBe('');
      expect(Object.keys(defaultReminderPolicy(type)).sort()).toEqual([
        'beforeDeadline',
        'escalations',
        'localTime',
        'onDeadline',
      ]);
    }
    expect(cycleTypeDefinition('NOPE')).toBeUndefined();
  });

  it('has the three UN mechanisms', () => {
    expect(referenceData.unMechanisms.mechanisms.map((m) => m.code)).toEqual([
      'UPR',
      'TREATY_BODY',
      'SPECIAL_PROCEDURE',
    ]);
  });

  it('answers membership questions', () => {
    expect([isThemeCode('I.C'), isThemeCode('III'), isThemeCode('I.G'), isThemeCode('i.c'), isThemeCode(3)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([isConventionId('ICCPR'), isConventionId('ILO-C081'), isConventionId(undefined)]).toEqual([
      true,
      false,
      false,
    ]);
    expect([isRegionalBodyCode('ECOWAS'), isRegionalBodyCode('EU')]).toEqual([true, false]);
  });
});
