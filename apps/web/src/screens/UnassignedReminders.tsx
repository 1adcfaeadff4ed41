import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, dataOf } from '../api/client';
import { countryName, formatDate } from '../format/dates';
import { cyclePath, kindLabel } from './notification-kinds';
import { Loading, QueryError } from './Problems';

/**
 * Reminders nobody was assigned to receive (the reviewers got them instead): the roles still to
 * assign per country. On the dashboard of reviewers and auditors, who read every country.
 */
export function UnassignedReminders() {
  const { t, i18n } = useTranslation();
  const result = useQuery({
    queryKey: ['unassigned-reminders'],
    queryFn: () => dataOf(api.GET('/v1/unassigned-reminders')),
  });
  return (
    <section aria-labelledby="unassigned-reminders" className="ecl-u-mt-xl" data-testid="unassigned-reminders">
      <h2 id="unassigned-reminders" className="ecl-u-type-heading-2">
        {t('unassigned.title')}
        {result.data && (
          <span className="suivi-count"> · {t('unassigned.count', { count: result.data.items.length })}</span>
        )}
      </h2>
      <p className="ecl-u-type-paragraph">{t('unassigned.lead')}</p>
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <QueryError error={result.error} />
      ) : result.data.items.length === 0 ? (
        <p className="ecl-u-type-paragraph" data-testid="unassigned-none">
          {t('unassigned.none')}
        </p>
      ) : (
        <table className="ecl-table ecl-table--zebra suivi-table">
          <caption className="ecl-table__caption">{t('unassigned.title')}</caption>
          <thead className="ecl-table__head">
            <tr className="ecl-table__row">
              {(['country', 'cycle', 'kind', 'deadline', 'role'] as const).map((c) => (
                <th key={c} scope="col" className="ecl-table__header">
                  {t(`unassigned.columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="ecl-table__body">
            {result.data.items.map((item) => (
              <tr key={item.sourceEventId} className="ecl-table__row">
                <td className="ecl-table__cell">{countryName(item.country, i18n.language)}</td>
                <td className="ecl-table__cell">
                  <Link to={cyclePath(item.cycleId, item.actionPointId)}>
                    {item.cycleId}
                    {item.actionPointId && ` · ${item.actionPointId}`}
                  </Link>
                </td>
                <td className="ecl-table__cell">{kindLabel(item.kind, (key) => t(key))}</td>
                <td className="ecl-table__cell">{item.deadline ? formatDate(item.deadline, i18n.language) : '—'}</td>
                <td className="ecl-table__cell">{item.recipientRole?.label ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
