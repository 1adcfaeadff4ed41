import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, dataOf } from '../api/client';
import { ApiProblem } from '../api/problem';
import type { paths } from '../api/schema';
import { countryName, formatDate, formatInstant } from '../format/dates';
import { browserTimeZone, cyclePath, kindLabel, NOTIFICATIONS_KEY } from './notification-kinds';
import { Pager } from './Pager';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

type NotificationItem =
  paths['/v1/me/notifications']['get']['responses'][200]['content']['application/json']['items'][number];

const PAGE_SIZE = 50;

const messageOf = (error: unknown) =>
  error instanceof ApiProblem ? (error.problem.detail ?? error.message) : String(error);

/** The user's in-app inbox: unread first, then newest first (the API's order), with "mark read". */
export function Notifications() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('notifications.title'));
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string }>();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = { page, pageSize: PAGE_SIZE };
  const result = useQuery({
    queryKey: [NOTIFICATIONS_KEY, query],
    queryFn: () => dataOf(api.GET('/v1/me/notifications', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY] });

  const markRead = useMutation({
    mutationFn: (notificationId: string) =>
      dataOf(api.POST('/v1/me/notifications/{notificationId}/read', { params: { path: { notificationId } } })),
    onMutate: () => setNotice(undefined),
    onSuccess: () => refresh(),
    onError: (error) => setNotice({ kind: 'error', text: t('commands.refused', { message: messageOf(error) }) }),
  });
  const markAll = useMutation({
    mutationFn: () => dataOf(api.POST('/v1/me/notifications/read-all')),
    onMutate: () => setNotice(undefined),
    onSuccess: async (answer) => {
      setNotice({ kind: 'success', text: t('notifications.markedAll', { count: answer.marked }) });
      await refresh();
    },
    onError: (error) => setNotice({ kind: 'error', text: t('commands.refused', { message: messageOf(error) }) }),
  });

  const zone = browserTimeZone();
  const goTo = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    setParams(next);
  };

  return (
    <>
      <div className="suivi-title-row">
        <h1 className="ecl-u-type-heading-1">{t('notifications.title')}</h1>
        {result.data && result.data.unread > 0 && (
          <button
            type="button"
            className="ecl-button ecl-button--primary"
            disabled={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            {t('notifications.markAllRead')}
          </button>
        )}
      </div>
      <p className="ecl-u-type-paragraph-lead">{t('notifications.lead')}</p>
      <div aria-live="polite">
        {notice && (
          <p
            className={`suivi-message suivi-message--${notice.kind}`}
            role={notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="notifications-notice"
          >
            {notice.text}
          </p>
        )}
      </div>
      {result.isPending ? (
        <Loading />
      ) : result.isError ? (
        <QueryError error={result.error} />
      ) : result.data.items.length === 0 ? (
        <p className="ecl-u-type-paragraph" data-testid="notifications-empty">
          {t('notifications.empty')}
        </p>
      ) : (
        <>
          <p className="suivi-count">
            {t('notifications.count', { total: result.data.total, unread: result.data.unread })}
          </p>
          <table className="ecl-table suivi-table" data-testid="notifications-table">
            <caption className="ecl-table__caption">{t('notifications.title')}</caption>
            <thead className="ecl-table__head">
              <tr className="ecl-table__row">
                {(['kind', 'country', 'cycle', 'deadline', 'received', 'actions'] as const).map((c) => (
                  <th key={c} scope="col" className="ecl-table__header">
                    {t(`notifications.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="ecl-table__body">
              {result.data.items.map((item) => (
                <NotificationRow
                  key={item.notificationId}
                  item={item}
                  language={i18n.language}
                  zone={zone}
                  busy={markRead.isPending && markRead.variables === item.notificationId}
                  onRead={() => markRead.mutate(item.notificationId)}
                />
              ))}
            </tbody>
          </table>
          {result.data.total > PAGE_SIZE && (
            <Pager page={page} pages={Math.ceil(result.data.total / PAGE_SIZE)} onPage={goTo} />
          )}
        </>
      )}
    </>
  );
}

function NotificationRow({
  item,
  language,
  zone,
  busy,
  onRead,
}: {
  item: NotificationItem;
  language: string;
  zone: string;
  busy: boolean;
  onRead(): void;
}) {
  const { t } = useTranslation();
  const unread = item.readAt === null;
  const country = countryName(item.country, language);
  return (
    <tr
      className={`ecl-table__row${unread ? ' suivi-unread' : ''}`}
      data-testid={`notification-${item.notificationId}`}
      data-unread={unread}
    >
      <td className="ecl-table__cell">
        {kindLabel(item.kind, (key) => t(key))}
        {unread && <span className="suivi-badge suivi-badge--info">{t('notifications.unread')}</span>}
        {item.unassigned && (
          <>
            <span className="suivi-badge suivi-badge--warning">{t('notifications.unassigned')}</span>
            <div className="suivi-muted">
              {item.recipientRole
                ? t('notifications.unassignedRole', { role: item.recipientRole.label, country })
                : t('notifications.unassignedExplained', { country })}
            </div>
          </>
        )}
      </td>
      <td className="ecl-table__cell">{country}</td>
      <td className="ecl-table__cell">
        <Link to={cyclePath(item.cycleId, item.actionPointId)}>
          {item.cycleId}
          {item.actionPointId && ` · ${item.actionPointId}`}
        </Link>
      </td>
      <td className="ecl-table__cell">{item.deadline ? formatDate(item.deadline, language) : '—'}</td>
      <td className="ecl-table__cell">{formatInstant(item.createdAt, language, zone)}</td>
      <td className="ecl-table__cell">
        {unread && (
          <button type="button" className="ecl-button ecl-button--secondary" disabled={busy} onClick={onRead}>
            {t('notifications.markRead')}
          </button>
        )}
      </td>
    </tr>
  );
}
