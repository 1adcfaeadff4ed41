import { useTranslation } from 'react-i18next';
import { commandLabel, type CommandSpec } from '../../api/commands';
import { formatDate } from '../../format/dates';
import { ActionPointRow } from './ActionPointRow';
import type { Cycle, Round } from './cycle-types';

/** One round: its date and status, its commands, and the table of its action points. */
export function RoundSection({
  cycle,
  round,
  roundCommands,
  actionPointCommands,
  onCommand,
}: {
  cycle: Cycle;
  round: Round;
  roundCommands: CommandSpec[];
  actionPointCommands: CommandSpec[];
  onCommand(spec: CommandSpec, extra: Record<string, string>, subject: string): void;
}) {
  const { t, i18n } = useTranslation();
  const points = cycle.actionPoints
    .filter((ap) => ap.roundId === round.roundId)
    .sort((a, b) => byId.compare(a.actionPointId, b.actionPointId));
  const title = round.title ?? t('cycle.round', { position: round.position });
  const usable = roundCommands.filter((spec) =>
    round.status.code === 'CLOSED' ? false : spec.path.endsWith('/held') ? round.status.code === 'SCHEDULED' : true,
  );
  return (
    <section className="suivi-round" aria-labelledby={`round-${round.roundId}`}>
      <h3 id={`round-${round.roundId}`} className="ecl-u-type-heading-3">
        {round.roundId} · {title} <span className="suivi-badge">{round.status.label}</span>
      </h3>
      <p className="suivi-muted">
        {t('cycle.roundDate', { date: formatDate(round.date, i18n.language) })}
        {round.heldOn && <> · {t('cycle.heldOn', { date: formatDate(round.heldOn, i18n.language) })}</>}
        {round.carriedOver.length > 0 && (
          <>
            {' · '}
            <span data-testid={`carried-${round.roundId}`}>
              {t('cycle.carriedOver', { count: round.carriedOver.length, next: round.nextRoundId ?? '' })}
            </span>
          </>
        )}
      </p>
      {usable.length > 0 && (
        <div className="suivi-actions">
          {usable.map((spec) => (
            <button
              key={spec.path}
              type="button"
              className="ecl-button ecl-button--secondary"
              onClick={() => onCommand(spec, { roundId: round.roundId }, `${round.roundId} · ${title}`)}
            >
              {commandLabel(spec, i18n.language)}
            </button>
          ))}
        </div>
      )}
      {points.length === 0 ? (
        <p>{t('cycle.noActionPoints')}</p>
      ) : (
        <table className="ecl-table suivi-table">
          <caption className="ecl-table__caption">
            {t('cycle.actionPoints')} · {round.roundId}
          </caption>
          <thead className="ecl-table__head">
            <tr className="ecl-table__row">
              {(['id', 'text', 'owner', 'deadline', 'themes', 'status', 'carried', 'lastProgress'] as const).map(
                (c) => (
                  <th key={c} scope="col" className="ecl-table__header">
                    {t(`cycle.columns.${c}`)}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody className="ecl-table__body">
            {points.map((ap) => (
              <ActionPointRow
                key={ap.actionPointId}
                ap={ap}
                commands={actionPointCommands}
                onCommand={onCommand}
                t={t}
                language={i18n.language}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** AP2 before AP10. */
const byId = new Intl.Collator('en', { numeric: true });
