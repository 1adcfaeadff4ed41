import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Picks the day to show the cycle as of (the end of that day), or back to now. */
export function AsOfPicker({
  asOf,
  onChange,
  timeZone,
}: {
  asOf?: string;
  onChange(value?: string): void;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const date = String(new FormData(event.currentTarget).get('asOfDate') ?? '');
    // The end of that day, as an instant with its offset (the API wants one); the zone is the cycle's.
    if (date) onChange(new Date(`${date}T23:59:59Z`).toISOString().replace('.000Z', 'Z'));
  };
  return (
    <form className="suivi-as-of" onSubmit={submit}>
      <label className="ecl-form-label" htmlFor="asOfDate">
        {t('cycle.asOf')} <span className="suivi-muted">({timeZone})</span>
      </label>
      <input
        id="asOfDate"
        name="asOfDate"
        type="date"
        className="ecl-text-input ecl-text-input--s"
        defaultValue={asOf?.slice(0, 10)}
      />
      <button type="submit" className="ecl-button ecl-button--secondary">
        {t('cycle.asOfShow')}
      </button>
      {asOf && (
        <button type="button" className="ecl-button ecl-button--tertiary" onClick={() => onChange(undefined)}>
          {t('cycle.asOfNow')}
        </button>
      )}
    </form>
  );
}
