import { stringify } from 'csv-stringify/sync';
import type { ActionPointDbRow } from './action-points-sql';
import type { Labeller } from './labels';

/** Columns of the CSV export, in order, with their headers in each language. */
const CSV_COLUMNS: ReadonlyArray<{
  en: string;
  fr: string;
  value: (row: ActionPointDbRow, l: Labeller) => string | number;
}> = [
  { en: 'Cycle', fr: 'Cycle', value: (r) => r.cycle_id },
  { en: 'Country', fr: 'Pays', value: (r) => r.country },
  { en: 'Cycle title', fr: 'Intitulé du cycle', value: (r) => r.cycle_title },
  { en: 'Cycle type', fr: 'Type de cycle', value: (r, l) => l.cycleType(r.cycle_type).label },
  { en: 'Action point', fr: 'Point d’action', value: (r) => r.action_point_id },
  { en: 'Round', fr: 'Session', value: (r) => r.round_id },
  { en: 'Text', fr: 'Texte', value: (r) => r.text },
  { en: 'Owner', fr: 'Responsable', value: (r, l) => l.owner(r.owner).label },
  { en: 'Priority', fr: 'Priorité', value: (r, l) => l.priority(r.priority).label },
  { en: 'Deadline', fr: 'Échéance', value: (r) => r.deadline },
  { en: 'Status', fr: 'Statut', value: (r, l) => l.actionPointStatus(r.status).label },
  { en: 'Overdue', fr: 'En retard', value: (r, l) => (r.overdue ? yes[l.language] : no[l.language]) },
  { en: 'Themes', fr: 'Thèmes', value: (r, l) => r.themes.map((t) => l.theme(t).label).join('; ') },
  { en: 'Conventions', fr: 'Conventions', value: (r, l) => r.conventions.map((c) => l.convention(c).label).join('; ') },
  { en: 'Rounds carried', fr: 'Sessions reportées', value: (r) => r.rounds_carried },
  { en: 'Progress reports', fr: 'Rapports d’avancement', value: (r) => r.progress_reports },
  { en: 'Last progress on', fr: 'Dernier avancement le', value: (r) => r.last_progress_on ?? '' },
  // The reference only: who the case is about is never exported.
  {
    en: 'Individual case',
    fr: 'Cas individuel',
    value: (r, l) => (r.case_ref ? `${r.case_ref}${r.case_erased_at ? ` (${erased[l.language]})` : ''}` : ''),
  },
];
const erased = { en: 'erased', fr: 'effacé' };
const yes = { en: 'yes', fr: 'oui' };
const no = { en: 'no', fr: 'non' };

/**
 * RFC 4180 text: comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break (quotes doubled). A field starting with = + - @ is prefixed with a
 * quote so that a spreadsheet never runs it as a formula (action point text is free text).
 */
export function actionPointsCsv(rows: readonly ActionPointDbRow[], labels: Labeller, withHeader: boolean): string {
  const records: Array<Array<string | number>> = rows.map((row) => CSV_COLUMNS.map((c) => c.value(row, labels)));
  if (withHeader) records.unshift(CSV_COLUMNS.map((column) => column[labels.language]));
  // A bare LF or CR in text also gets quotes: spreadsheets break lines on it too.
  return stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/, escape_formulas: true });
}

/** UTF-8 byte order mark: spreadsheet programs read the file as UTF-8 only with it (accented labels). */
export const UTF8_BOM = '\uFEFF';

export function csvFileName(language: 'en' | 'fr', today: string): string {
  return `${language === 'fr' ? 'points-d-action' : 'action-points'}-${today}.csv`;
}
