import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format/dates';
import type { Cycle } from './cycle-types';
import { Fact } from './Fact';

/** GSP+ stages recorded and the withdrawal procedure's milestones, with their dates. */
export function ProcedureFacts({ cycle }: { cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  const { gsp, withdrawal } = cycle;
  const date = (value: string | null | undefined) => (value ? formatDate(value, i18n.language) : '—');
  return (
    <>
      {gsp && (
        <section aria-labelledby="gsp-stages" className="ecl-u-mt-l">
          <h2 id="gsp-stages" className="ecl-u-type-heading-4">
            {t('cycle.gsp')}
          </h2>
          <dl className="suivi-facts">
            {Object.entries(gsp.stages ?? {}).map(([stage, on]) => (
              <Fact key={stage} term={t(`values.stage.${stage}`, { defaultValue: stage })} value={date(on)} />
            ))}
            {gsp.repliesDueOn && <Fact term={t('fields.repliesDueOn')} value={date(gsp.repliesDueOn)} />}
          </dl>
        </section>
      )}
      {withdrawal && (
        <section aria-labelledby="withdrawal" className="ecl-u-mt-l">
          <h2 id="withdrawal" className="ecl-u-type-heading-4">
            {t('cycle.withdrawal')}
          </h2>
          <dl className="suivi-facts">
            {Object.entries(withdrawal.milestones ?? {}).map(([milestone, on]) => (
              <Fact
                key={milestone}
                term={t(`values.milestone.${milestone}`, { defaultValue: milestone })}
                value={date(on)}
              />
            ))}
            {withdrawal.decidedOn && <Fact term={t('fields.decidedOn')} value={date(withdrawal.decidedOn)} />}
            {withdrawal.withdrawn !== null && (
              <Fact term={t('fields.withdrawn')} value={t(withdrawal.withdrawn ? 'values.yes' : 'values.no')} />
            )}
          </dl>
        </section>
      )}
    </>
  );
}
