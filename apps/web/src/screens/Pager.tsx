import { useTranslation } from 'react-i18next';

/** Previous / page n of m / next, for the paginated lists. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  return (
    <nav className="suivi-pager" aria-label={t('cycles.page', { page, pages })}>
      <button
        type="button"
        className="ecl-button ecl-button--secondary"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t('cycles.previous')}
      </button>
      <span>{t('cycles.page', { page, pages })}</span>
      <button
        type="button"
        className="ecl-button ecl-button--secondary"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('cycles.next')}
      </button>
    </nav>
  );
}
