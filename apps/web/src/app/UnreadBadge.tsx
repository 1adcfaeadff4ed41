import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../api/client';
import { NOTIFICATIONS_KEY } from '../screens/notification-kinds';

/** How often the header asks again for the unread count (a page load asks once; no push channel). */
const REFRESH_MS = 60_000;

/**
 * The number of unread notifications, beside the inbox link: nothing when there are none or the
 * count could not be read (the inbox page says why).
 */
export function UnreadBadge() {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: [NOTIFICATIONS_KEY, 'unread-count'],
    // One item is enough: `unread` counts them all, whatever the page.
    queryFn: () => dataOf(api.GET('/v1/me/notifications', { params: { query: { unread: true, pageSize: 1 } } })),
    select: (page) => page.unread,
    refetchInterval: REFRESH_MS,
    staleTime: 30_000,
  });
  if (!unread.data) return null;
  return (
    <span className="suivi-badge suivi-badge--count" data-testid="unread-count">
      <span aria-hidden="true">{unread.data > 99 ? '99+' : unread.data}</span>
      <span className="ecl-u-sr-only">{` ${t('app.unread', { count: unread.data })}`}</span>
    </span>
  );
}
