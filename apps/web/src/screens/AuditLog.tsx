import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, dataOf } from '../api/client';
import { formatInstant } from '../format/dates';
import { Loading, QueryError } from './Problems';
import { Pager } from './Pager';
import { usePageTitle } from './page-title';

const PAGE_SIZE = 50;

/** Auditors: who read a name, granted or revoked access, or erased a case, and why. Never a name. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('audit.title'));
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const result = useQuery({
    queryKey: ['audit', page],
    queryFn: () => dataOf(api.GET('/v1/audit', { params: { query: { page, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  if (result.isPending) return <Loading />;
  if (result.isError) return <QueryError error={result.error} />;
  const pages = Math.max(1, Math.ceil(result.data.total / PAGE_SIZE));
  return (
    <>
      <h1 className="ecl-u-type-heading-1">{t('audit.title')}</h1>
      <p className="ecl-u-type-paragraph-lead">{t('audit.lead')}</p>
      {result.data.items.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <table className="ecl-table ecl-table--zebra suivi-table">
          <caption className="ecl-table__caption">{t('audit.title')}</caption>
          <thead className="ecl-table__head">
            <tr className="ecl-table__row">
              {(['when', 'who', 'action', 'case', 'reason'] as const).map((c) => (
                <th key={c} scope="col" className="ecl-table__header">
                  {t(`audit.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="ecl-table__body">
            {result.data.items.map((entry, index) => (
              <tr key={`${entry.at}/${index}`} className="ecl-table__row">
                <td className="ecl-table__cell">{formatInstant(entry.at, i18n.language, 'UTC')}</td>
                <td className="ecl-table__cell">
                  {entry.actor.userId}
                  {entry.actor.role && <> ({t(`roles.${entry.actor.role}`, { defaultValue: entry.actor.role })})</>}
                </td>
                <td className="ecl-table__cell">
                  {t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}
                  {entry.subjectUserId && <> → {entry.subjectUserId}</>}
                </td>
                <td className="ecl-table__cell">
                  <Link to={`/cases/${encodeURIComponent(entry.caseRef)}`}>{entry.caseRef}</Link>
                </td>
                <td className="ecl-table__cell">{entry.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} onPage={(target) => setParams({ page: String(target) })} />
    </>
  );
}
