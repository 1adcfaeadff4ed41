import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { countryName, formatInstant } from '../../format/dates';
import type { Cycle } from './cycle-types';
import { Fact } from './Fact';

/** The cycle's title under a way back to the list, and its facts: type, country, status, who started it. */
export function CycleHeader({ cycle }: { cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  // The desk officer who started the cycle (the read model keeps user ids, not names).
  const startedBy = cycle.timeline.find((entry) => entry.type === 'CycleStarted')?.actor.userId;
  return (
    <>
      <p className="suivi-breadcrumb">
        <Link to="/cycles">{t('cycles.title')}</Link>
      </p>
      <h1 className="ecl-u-type-heading-1">{cycle.title}</h1>
      <dl className="suivi-facts">
        <Fact term={t('cycle.type')} value={cycle.type.label} />
        <Fact term={t('cycle.country')} value={countryName(cycle.country, i18n.language)} />
        <Fact term={t('cycle.status')} value={cycle.status.label} />
        {cycle.stage && <Fact term={t('cycle.stage')} value={cycle.stage.label} />}
        <Fact term={t('cycle.timeZone')} value={cycle.timeZone} />
        {startedBy && <Fact term={t('cycle.deskOfficer')} value={startedBy} />}
        <Fact term={t('cycle.startedAt')} value={formatInstant(cycle.startedAt, i18n.language, cycle.timeZone)} />
        <Fact term={t('cycle.version')} value={String(cycle.version)} />
      </dl>
    </>
  );
}
