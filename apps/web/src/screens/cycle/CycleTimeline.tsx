import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf } from '../../api/client';
import { formatInstant } from '../../format/dates';
import { Loading, QueryError } from '../Problems';
import type { Cycle } from './cycle-types';

/**
 * What happened to the cycle, latest first, with who did it (the user id for auditors only).
 * The page's document holds only the latest entries (TIMELINE_FIRST_SHOWN); "show all" asks for
 * the whole timeline, at the same version (or the same "as of" instant).
 */
export function CycleTimeline({ cycle }: { cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const whole = useQuery({
    queryKey: ['cycle-timeline', cycle.cycleId, cycle.asOf ?? null, cycle.version],
    enabled: showAll && cycle.timeline.length < cycle.timelineTotal,
    queryFn: async () =>
      (
        await dataOf(
          api.GET('/v1/cycles/{cycleId}', {
            params: {
              path: { cycleId: cycle.cycleId },
              query: (cycle.asOf ? { asOf: cycle.asOf } : { minVersion: cycle.version }) as never,
            },
          }),
        )
      ).timeline,
  });
  const latestFirst = [...(whole.data ?? cycle.timeline)].reverse();
  return (
    <section aria-labelledby="timeline" className="ecl-u-mt-xl">
      <h2 id="timeline" className="ecl-u-type-heading-2">
        {t('cycle.timeline')}
      </h2>
      <ol className="suivi-timeline" reversed start={cycle.timelineTotal}>
        {latestFirst.map((entry) => (
          <li key={entry.sequence}>
            <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt, i18n.language, cycle.timeZone)}</time>{' '}
            <strong>{entry.label}</strong> · {entry.actor.role.label}
            {entry.actor.userId && <> ({entry.actor.userId})</>}
          </li>
        ))}
      </ol>
      {latestFirst.length < cycle.timelineTotal &&
        (showAll ? (
          whole.isError ? (
            <QueryError error={whole.error} />
          ) : (
            <Loading />
          )
        ) : (
          <button type="button" className="ecl-button ecl-button--tertiary" onClick={() => setShowAll(true)}>
            {t('cycle.timelineShowAll', { count: cycle.timelineTotal })}
          </button>
        ))}
    </section>
  );
}
