import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, dataOf } from '../api/client';
import { COMMANDS } from '../api/commands';
import { usePrincipal } from '../auth/AuthProvider';
import { countryName, formatInstant } from '../format/dates';
import { CommandForm } from '../forms/CommandForm';
import { Loading, QueryError } from './Problems';
import { Pager } from './Pager';
import { usePageTitle } from './page-title';

const FILTERS = ['type', 'country', 'status', 'stage', 'theme', 'convention'] as const;
/** The GSP+ and EBA stages a cycle can be in (other cycle types have none). */
const STAGES = [
  'LIST_OF_ISSUES_SENT',
  'REPLIES_DUE',
  'MONITORING_MISSION',
  'FOLLOW_UP_OF_OUTSTANDING_ISSUES',
  'ASSESSMENT',
  'REPORT',
] as const;
const SORTS = ['-startedAt', 'startedAt', 'country', '-country', 'title', '-title'] as const;
const PAGE_SIZE = 20;
const startCycle = COMMANDS.find((c) => c.method === 'POST' && c.path === '/v1/cycles');
const cycleTypes = (startCycle?.body?.properties?.['type']?.enum ?? []).map(String);

/** The list of cycles; the filters live in the URL, so a list can be shared and Back works. */
export function Cycles() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  usePageTitle(t('cycles.title'));
  const [params, setParams] = useSearchParams();
  const [starting, setStarting] = useState(false);
  const navigate = useNavigate();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as (typeof SORTS)[number])
    : '-startedAt';
  const query = {
    ...Object.fromEntries(FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f) as string]] : []))),
    sort,
    page,
    pageSize: PAGE_SIZE,
  };
  const result = useQuery({
    queryKey: ['cycles', query],
    queryFn: () => dataOf(api.GET('/v1/cycles', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  // The same query (and cache) as the forms' pickers.
  const reference = useQuery({
    queryKey: ['reference-data', i18n.language],
    queryFn: () => dataOf(api.GET('/v1/reference-data')),
    staleTime: Infinity,
  });

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const f of [...FILTERS, 'sort'] as const) {
      const value = String(form.get(f) ?? '').trim();
      if (value) next.set(f, f === 'country' ? value.toUpperCase() : value);
    }
    setParams(next);
  };
  const goTo = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    setParams(next);
  };
  const pages = result.data ? Math.max(1, Math.ceil(result.data.total / PAGE_SIZE)) : 1;
  const mayStart = startCycle?.roles?.includes(principal.role) === true;

  return (
    <>
      <div className="suivi-title-row">
        <h1 className="ecl-u-type-heading-1">{t('cycles.title')}</h1>
        {mayStart && !starting && (
          <button type="button" className="ecl-button ecl-button--primary" onClick={() => setStarting(true)}>
            {t('cycles.start')}
          </button>
        )}
      </div>
      <p className="ecl-u-type-paragraph-lead">{t('cycles.lead')}</p>
      {starting && startCycle && (
        <CommandForm
          spec={startCycle}
          params={{}}
          onDone={(reply) => {
            setStarting(false);
            // The new cycle's page, which waits for the read model to hold it (read your writes).
            if (reply.cycleId) {
              navigate(`/cycles/${encodeURIComponent(reply.cycleId)}`, { state: { minVersion: reply.version } });
            }
          }}
          onCancel={() => setStarting(false)}
        />
      )}
      <form className="suivi-filters" onSubmit={apply} aria-label={t('cycles.filters')} key={params.toString()}>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-type">
            {t('cycles.columns.type')}
          </label>
          <select id="filter-type" name="type" className="ecl-select" defaultValue={params.get('type') ?? ''}>
            <option value="">—</option>
            {cycleTypes.map((code) => (
              <option key={code} value={code}>
                {t(`values.type.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-country">
            {t('cycles.columns.country')}
          </label>
          <input
            id="filter-country"
            name="country"
            className="ecl-text-input ecl-text-input--s"
            defaultValue={params.get('country') ?? ''}
            placeholder="PH, LK"
          />
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-status">
            {t('cycles.columns.status')}
          </label>
          <select id="filter-status" name="status" className="ecl-select" defaultValue={params.get('status') ?? ''}>
            <option value="">—</option>
            {['ACTIVE', 'CLOSED', 'CANCELLED'].map((code) => (
              <option key={code} value={code}>
                {t(`values.status.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-stage">
            {t('cycles.columns.stage')}
          </label>
          <select id="filter-stage" name="stage" className="ecl-select" defaultValue={params.get('stage') ?? ''}>
            <option value="">—</option>
            {STAGES.map((code) => (
              <option key={code} value={code}>
                {t(`values.currentStage.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-theme">
            {t('fields.themes')}
          </label>
          <input
            id="filter-theme"
            name="theme"
            className="ecl-text-input ecl-text-input--s"
            defaultValue={params.get('theme') ?? ''}
            placeholder="I.A, III"
          />
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-convention">
            {t('fields.conventions')}
          </label>
          <select
            id="filter-convention"
            name="convention"
            className="ecl-select"
            defaultValue={params.get('convention') ?? ''}
          >
            <option value="">—</option>
            {(reference.data?.conventions ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} · {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="filter-sort">
            {t('cycles.sort')}
          </label>
          <select id="filter-sort" name="sort" className="ecl-select" defaultValue={sort}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`cycles.sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="suivi-filters__buttons">
          <button type="submit" className="ecl-button ecl-button--primary">
            {t('cycles.apply')}
          </button>
          <button
            type="button"
            className="ecl-button ecl-button--secondary"
            onClick={() => setParams(new URLSearchParams())}
          >
            {t('cycles.clear')}
          </button>
        </div>
      </form>
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <QueryError error={result.error} />
      ) : (
        <>
          <p className="suivi-count" aria-live="polite">
            {t('cycles.count', { count: result.data.total })}
          </p>
          {result.data.items.length === 0 ? (
            <p>{t('cycles.none')}</p>
          ) : (
            <table className="ecl-table ecl-table--zebra suivi-table">
              <caption className="ecl-table__caption">{t('cycles.title')}</caption>
              <thead className="ecl-table__head">
                <tr className="ecl-table__row">
                  {(
                    ['title', 'type', 'country', 'status', 'stage', 'startedAt', 'rounds', 'actionPoints'] as const
                  ).map((c) => (
                    <th key={c} scope="col" className="ecl-table__header">
                      {t(`cycles.columns.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="ecl-table__body">
                {result.data.items.map((cycle) => (
                  <tr key={cycle.cycleId} className="ecl-table__row">
                    <td className="ecl-table__cell">
                      <Link to={`/cycles/${encodeURIComponent(cycle.cycleId)}`}>{cycle.title}</Link>
                      {cycle.projection.status === 'NEEDS_REPAIR' && (
                        <span className="suivi-badge suivi-badge--danger">{t('cycles.needsRepair')}</span>
                      )}
                    </td>
                    <td className="ecl-table__cell">{cycle.type.label}</td>
                    <td className="ecl-table__cell">{countryName(cycle.country, i18n.language)}</td>
                    <td className="ecl-table__cell">{cycle.status.label}</td>
                    <td className="ecl-table__cell">{cycle.stage?.label ?? '—'}</td>
                    <td className="ecl-table__cell">{formatInstant(cycle.startedAt, i18n.language, cycle.timeZone)}</td>
                    <td className="ecl-table__cell">{cycle.roundsScheduled}</td>
                    <td className="ecl-table__cell">
                      {cycle.actionPoints.open} / {cycle.actionPoints.overdue}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager page={page} pages={pages} onPage={goTo} />
        </>
      )}
    </>
  );
}
