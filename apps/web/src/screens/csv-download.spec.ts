import { fileNameOf } from './CsvDownload';

describe('the CSV file name', () => {
  it('is the one the API gives', () => {
    expect(fileNameOf('attachment; filename="points-d-action-2026-12-06.csv"')).toBe('points-d-action-2026-12-06.csv');
  });

  it('falls back to a plain name when the API gives none or a name with a path in it', () => {
    expect(fileNameOf(null)).toBe('action-points.csv');
    expect(fileNameOf('attachment; filename="../../etc/passwd"')).toBe('action-points.csv');
  });
});
