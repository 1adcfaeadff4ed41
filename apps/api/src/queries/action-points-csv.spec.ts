import { actionPointsCsv } from './action-points-csv';
import type { ActionPointDbRow } from './action-points-sql';
import { Labeller } from './labels';

export function actionPointRow(overrides: Partial<ActionPointDbRow> = {}): ActionPointDbRow {
  return {
    cycle_id: 'KH-HRD-2026',
    country: 'KH',
    cycle_title: 'EU-Cambodia human rights dialogue',
    cycle_type: 'HUMAN_RIGHTS_DIALOGUE',
    cycle_status: 'ACTIVE',
    time_zone: 'Asia/Phnom_Penh',
    action_point_id: 'AP1',
    round_id: 'R1',
    original_round_id: 'R1',
    text: 'Release detained defenders',
    owner: 'PARTNER',
    deadline: '2026-11-30',
    priority: 'HIGH',
    themes: ['I.C'],
    conventions: [],
    un_references: [],
    status: 'AGREED',
    assessment: null,
    assessment_comment: null,
    rounds_carried: 0,
    progress_reports: 0,
    last_progress_on: null,
    reminders_sent: 0,
    escalated: false,
    proposed_at: new Date('2026-02-01T10:00:00Z'),
    agreed_at: new Date('2026-02-02T10:00:00Z'),
    withdrawn_at: null,
    withdrawal_reason: null,
    assessed_at: null,
    case_ref: null,
    case_attached_at: null,
    case_erased_at: null,
    case_erased_by_role: null,
    version: 7,
    updated_at: new Date('2026-02-02T10:00:00Z'),
    overdue: false,
    ...overrides,
  };
}

/** Reads RFC 4180 text back (csv-parse is not a dependency): quoted fields, doubled quotes, CRLF records. */
function records(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') field += csv[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('actionPointsCsv', () => {
  it('writes a header row and one CRLF-terminated record per action point', () => {
    const csv = actionPointsCsv(
      [actionPointRow(), actionPointRow({ action_point_id: 'AP2' })],
      new Labeller('en'),
      true,
    );
    expect(csv.split('\r\n')).toHaveLength(4); // header, two rows, empty after the last CRLF
    const [header, first] = records(csv);
    expect(header.slice(0, 7)).toEqual([
      'Cycle',
      'Country',
      'Cycle title',
      'Cycle type',
      'Action point',
      'Round',
      'Text',
    ]);
    expect(first[header.indexOf('Status')]).toBe('Agreed');
    expect(first[header.indexOf('Themes')]).toBe(
      'Promoting fundamental freedoms, strengthening civic and political space',
    );
  });

  it('quotes commas, double quotes and line breaks so that every field survives a round trip', () => {
    const text = 'Repeal articles 3, 4 and "5",\nthen\r\nreport';
    const csv = actionPointsCsv([actionPointRow({ text })], new Labeller('en'), false);
    expect(csv).toContain('"Repeal articles 3, 4 and ""5"",\nthen\r\nreport"');
    expect(records(csv)[0][6]).toBe(text);
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    const csv = actionPointsCsv([actionPointRow({ text: '=HYPERLINK("http://evil")' })], new Labeller('en'), false);
    expect(records(csv)[0][6]).toBe('\'=HYPERLINK("http://evil")');
  });

  it('writes headers and labels in French', () => {
    const row = actionPointRow({ status: 'IN_PROGRESS', themes: ['I.B'], conventions: ['ICERD'], overdue: true });
    const [header, first] = records(actionPointsCsv([row], new Labeller('fr'), true));
    expect(header).toContain('Échéance');
    expect(first[header.indexOf('Statut')]).toBe('En cours de mise en œuvre');
    expect(first[header.indexOf('Thèmes')]).toBe("Donner aux citoyens les moyens d'agir");
    expect(first[header.indexOf('Conventions')]).toBe(
      "Convention internationale sur l'élimination de toutes les formes de discrimination raciale",
    );
    expect(first[header.indexOf('En retard')]).toBe('oui');
    expect(first[header.indexOf('Responsable')]).toBe('Pays partenaire');
  });
});
