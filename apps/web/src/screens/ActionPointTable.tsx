import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { paths } from '../api/schema';
import { countryName, formatDate } from '../format/dates';

type ListItem = paths['/v1/action-points']['get']['responses'][200]['content']['application/json']['items'][number];

/** Action points across cycles, each linking to its cycle (My work, lists). */
export function ActionPointTable({ items, caption }: { items: readonly ListItem[]; caption: string }) {
  const { t, i18n } = useTranslation();
  if (!items.length) return <p className="ecl-u-type-paragraph">{t('myWork.none')}</p>;
  return (
    <table className="ecl-table ecl-table--zebra suivi-table">
      <caption className="ecl-table__caption">{caption}</caption>
      <thead className="ecl-table__head">
        <tr className="ecl-table__row">
          <th scope="col" className="ecl-table__header">
            {t('cycle.columns.text')}
          </th>
          <th scope="col" className="ecl-table__header">
            {t('cycles.columns.country')}
          </th>
          <th scope="col" className="ecl-table__header">
            {t('cycle.columns.deadline')}
          </th>
          <th scope="col" className="ecl-table__header">
            {t('cycle.columns.status')}
          </th>
        </tr>
      </thead>
      <tbody className="ecl-table__body">
        {items.map((ap) => (
          <tr key={`${ap.cycleId}/${ap.actionPointId}`} className="ecl-table__row">
            <td className="ecl-table__cell">
              <Link to={`/cycles/${encodeURIComponent(ap.cycleId)}#${encodeURIComponent(ap.actionPointId)}`}>
                {ap.actionPointId}
              </Link>{' '}
              {ap.text}
              <div className="suivi-muted">{ap.cycleTitle}</div>
            </td>
            <td className="ecl-table__cell">{countryName(ap.country, i18n.language)}</td>
            <td className="ecl-table__cell">
              {formatDate(ap.deadline, i18n.language)}
              {ap.overdue && <span className="suivi-badge suivi-badge--danger">{t('cycle.overdue')}</span>}
            </td>
            <td className="ecl-table__cell">{ap.status.label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
