import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, dataOf } from '../api/client';
import { usePrincipal } from '../auth/AuthProvider';
import { readsAllCountries } from '../auth/principal';
import { countryName } from '../format/dates';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';
import { UnassignedReminders } from './UnassignedReminders';

// The chart library is large: loaded with this screen only, not with the app.
const CountryChart = lazy(() => import('./CountryChart'));

/** Reviewers' and auditors' view across countries: open, overdue, carried over, assessed. */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  usePageTitle(t('dashboard.title'));
  const result = useQuery({ queryKey: ['dashboard'], queryFn: () => dataOf(api.GET('/v1/dashboard')) });
  if (result.isPending) return <Loading />;
  if (result.isError) return <QueryError error={result.error} />;
  const rows = result.data.countries.map((c) => ({
    code: c.country,
    name: countryName(c.country, i18n.language),
    ...c.actionPoints,
  }));
  return (
    <>
      <h1 className="ecl-u-type-heading-1">{t('dashboard.title')}</h1>
      <p className="ecl-u-type-paragraph-lead">{t('dashboard.lead')}</p>
      <Suspense fallback={<Loading />}>
        <CountryChart
          title={t('dashboard.chart')}
          rows={rows}
          openLabel={t('dashboard.open')}
          overdueLabel={t('dashboard.overdue')}
        />
      </Suspense>
      <table className="ecl-table ecl-table--zebra suivi-table">
        <caption className="ecl-table__caption">{t('dashboard.title')}</caption>
        <thead className="ecl-table__head">
          <tr className="ecl-table__row">
            {(['country', 'open', 'overdue', 'carriedOver', 'assessed'] as const).map((c) => (
              <th key={c} scope="col" className="ecl-table__header">
                {t(`dashboard.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="ecl-table__body">
          {rows.map((row) => (
            <tr key={row.code} className="ecl-table__row">
              <th scope="row" className="ecl-table__cell">
                <Link to={`/cycles?country=${encodeURIComponent(row.code)}`}>{row.name}</Link>
              </th>
              <td className="ecl-table__cell">{row.open}</td>
              <td className="ecl-table__cell">{row.overdue}</td>
              <td className="ecl-table__cell">{row.carriedOver}</td>
              <td className="ecl-table__cell">{row.assessed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Reviewers and auditors read every country: they see which roles nobody holds. */}
      {readsAllCountries(principal) && <UnassignedReminders />}
    </>
  );
}
