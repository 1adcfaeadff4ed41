import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../api/client';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

/** The user's personal calendar feed link, to subscribe to from Outlook or any calendar. */
export function CalendarFeed() {
  const { t } = useTranslation();
  usePageTitle(t('calendar.title'));
  const [copied, setCopied] = useState(false);
  const feed = useQuery({
    queryKey: ['calendar-feed'],
    queryFn: () => dataOf(api.GET('/v1/me/calendar-feed')),
    staleTime: Infinity,
  });
  return (
    <>
      <h1 className="ecl-u-type-heading-1">{t('calendar.title')}</h1>
      <p className="ecl-u-type-paragraph-lead">{t('calendar.lead')}</p>
      {feed.isPending ? (
        <Loading />
      ) : feed.isError ? (
        <QueryError error={feed.error} />
      ) : (
        <>
          <div className="suivi-copy">
            <label className="ecl-form-label" htmlFor="feed-url">
              {t('calendar.title')}
            </label>
            <input
              id="feed-url"
              className="ecl-text-input ecl-text-input--l"
              readOnly
              value={feed.data.url ?? ''}
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              className="ecl-button ecl-button--primary"
              onClick={() => void navigator.clipboard.writeText(feed.data.url ?? '').then(() => setCopied(true))}
            >
              {t('calendar.copy')}
            </button>
            <span role="status">{copied ? t('calendar.copied') : ''}</span>
          </div>
          <p className="ecl-u-type-paragraph">{t('calendar.outlook')}</p>
          <p className="ecl-u-type-paragraph suivi-muted">{t('calendar.private')}</p>
        </>
      )}
    </>
  );
}
