import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../format/dates';
import type { Cycle } from './cycle-types';

/** What happened to the cycle, latest first, with who did it (the user id for auditors only). */
export function CycleTimeline({ cycle }: { cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="timeline" className="ecl-u-mt-xl">
      <h2 id="timeline" className="ecl-u-type-heading-2">
        {t('cycle.timeline')}
      </h2>
      <ol className="suivi-timeline" reversed>
        {[...cycle.timeline].reverse().map((entry) => (
          <li key={entry.sequence}>
            <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt, i18n.language, cycle.timeZone)}</time>{' '}
            <strong>{t(`events.${entry.type}`, { defaultValue: entry.type })}</strong> · {entry.actor.role.label}
            {entry.actor.userId && <> ({entry.actor.userId})</>}
          </li>
        ))}
      </ol>
    </section>
  );
}
