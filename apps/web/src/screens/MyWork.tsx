import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../api/client';
import type { paths } from '../api/schema';
import { ActionPointTable } from './ActionPointTable';
import { CsvDownload } from './CsvDownload';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

type ListQuery = NonNullable<paths['/v1/action-points']['get']['parameters']['query']>;

/** Home: what needs the user's attention in their countries (the API scopes by token). */
export function MyWork() {
  const { t } = useTranslation();
  usePageTitle(t('myWork.title'));
  const lists: Array<{ key: string; title: string; query: ListQuery }> = [
    { key: 'overdue', title: t('myWork.overdue'), query: { overdue: true, sort: 'deadline', pageSize: 50 } },
    { key: 'dueSoon', title: t('myWork.dueSoon'), query: { dueWithinDays: 30, sort: 'deadline', pageSize: 50 } },
    {
      key: 'awaitingAssessment',
      title: t('myWork.awaitingAssessment'),
      query: { awaitingAssessment: true, sort: '-lastProgressOn', pageSize: 50 },
    },
  ];
  return (
    <>
      <h1 className="ecl-u-type-heading-1">{t('myWork.title')}</h1>
      <p className="ecl-u-type-paragraph-lead">{t('myWork.lead')}</p>
      {lists.map((list) => (
        <WorkList key={list.key} id={list.key} title={list.title} query={list.query} />
      ))}
    </>
  );
}

/** The list's filters for its CSV export (the whole list, not one page of it). */
const csvFilters = (query: ListQuery): ListQuery => {
  const filters = { ...query };
  delete filters.page;
  delete filters.pageSize;
  return filters;
};

function WorkList({ id, title, query }: { id: string; title: string; query: ListQuery }) {
  const { t } = useTranslation();
  const result = useQuery({
    queryKey: ['action-points', query],
    queryFn: () => dataOf(api.GET('/v1/action-points', { params: { query } })),
  });
  return (
    <section aria-labelledby={`work-${id}`} className="ecl-u-mt-xl">
      <h2 id={`work-${id}`} className="ecl-u-type-heading-2">
        {title}
        {result.data && <span className="suivi-count"> · {t('myWork.count', { count: result.data.total })}</span>}
      </h2>
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <QueryError error={result.error} />
      ) : (
        <>
          <ActionPointTable items={result.data.items} caption={title} />
          {result.data.total > 0 && (
            <CsvDownload filters={csvFilters(query)} label={t('myWork.csv', { list: title })} />
          )}
        </>
      )}
    </section>
  );
}
