import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../format/dates';
import type { Cycle } from './cycle-types';

/**
 * How many of the latest events the page shows at first. A long cycle has hundreds, and drawing
 * them all made its page slow to show (bench:web); the rest is one click away, and in the audit log.
 */
export const TIMELINE_FIRST_SHOWN = 20;

/** What happened to the cycle, latest first, with who did it (the user id for auditors only). */
export function CycleTimeline({ cycle }: { cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const latestFirst = [...cycle.timeline].reverse();
  const shown = showAll ? latestFirst : latestFirst.slice(0, TIMELINE_FIRST_SHOWN);
  return (
    <section aria-labelledby="timeline" className="ecl-u-mt-xl">
      <h2 id="timeline" className="ecl-u-type-heading-2">
        {t('cycle.timeline')}
      </h2>
      <ol className="suivi-timeline" reversed>
        {shown.map((entry) => (
          <li key={entry.sequence}>
            <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt, i18n.language, cycle.timeZone)}</time>{' '}
            <strong>{t(`events.${entry.type}`, { defaultValue: entry.type })}</strong> · {entry.actor.role.label}
            {entry.actor.userId && <> ({entry.actor.userId})</>}
          </li>
        ))}
      </ol>
      {shown.length < latestFirst.length && (
        <button type="button" className="ecl-button ecl-button--tertiary" onClick={() => setShowAll(true)}>
          {t('cycle.timelineShowAll', { count: latestFirst.length })}
        </button>
      )}
    </section>
  );
}
