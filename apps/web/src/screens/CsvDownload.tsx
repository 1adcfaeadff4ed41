import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { ApiProblem, problemOf } from '../api/problem';

/** The filters of /v1/action-points.csv the screens use (the API validates them). */
export type CsvFilters = Record<string, string | number | boolean | undefined>;

/** The file name the API gives in Content-Disposition, or a plain default. */
export function fileNameOf(disposition: string | null, fallback = 'action-points.csv'): string {
  const name = /filename="([^"]+)"/.exec(disposition ?? '')?.[1];
  return name && /^[\w.-]+$/.test(name) ? name : fallback;
}

/**
 * "Download (CSV)" of the list on screen: the same filters, fetched with the user's token (a
 * plain link cannot carry it), then handed to the browser as a file. The API labels the columns
 * in the user's language and keeps the file free of individuals' names.
 */
export function CsvDownload({ filters, label }: { filters: CsvFilters; label?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const download = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const query = new URLSearchParams(
        Object.entries(filters).flatMap(([key, value]) =>
          value === undefined || value === '' ? [] : [[key, String(value)]],
        ),
      );
      const response = await send(`/v1/action-points.csv?${query}`, { cache: 'no-store' });
      if (!response.ok) throw new ApiProblem(await problemOf(response));
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response.headers.get('content-disposition'));
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file; the object URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? (error.problem.detail ?? error.problem.title) : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="suivi-csv">
      <button
        type="button"
        className="ecl-button ecl-button--secondary"
        onClick={() => void download()}
        disabled={busy}
        aria-busy={busy}
      >
        {label ?? t('cycles.csv')}
      </button>
      {problem && (
        <p className="suivi-message suivi-message--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
