import { useState } from 'react';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { commandLabel, type CommandSpec } from '../../api/commands';
import { formatDate } from '../../format/dates';
import type { ActionPoint } from './cycle-types';

/** The commands that make sense for an action point in its status (the API decides in the end). */
function fitsStatus(spec: CommandSpec, ap: ActionPoint): boolean {
  const status = ap.status.code;
  const closed = ['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED', 'WITHDRAWN'].includes(status);
  if (spec.path.endsWith('/agree')) return status === 'PROPOSED';
  if (spec.path.endsWith('/individual-case')) return !ap.individualCase && !closed;
  return !closed && (status !== 'PROPOSED' || spec.path.endsWith('/amend') || spec.path.endsWith('/withdraw'));
}

/**
 * One action point in its round's table, its commands (those that fit its status) behind a
 * disclosure. The round's table passes `t` and the language: a translation hook in each of a long
 * cycle's hundreds of rows was a subscription each, and part of its page's time to show (bench:web).
 */
export function ActionPointRow({
  ap,
  commands,
  onCommand,
  t,
  language,
}: {
  ap: ActionPoint;
  commands: CommandSpec[];
  onCommand(spec: CommandSpec, extra: Record<string, string>, subject: string): void;
  t: TFunction;
  language: string;
}) {
  const usable = commands.filter((spec) => fitsStatus(spec, ap));
  // The buttons are drawn once the list is opened: hidden buttons on every row of a long cycle
  // made its page slow to show (bench:web).
  const [actionsOpen, setActionsOpen] = useState(false);
  const listId = `actions-${ap.actionPointId}`;
  return (
    <tr className="ecl-table__row" id={ap.actionPointId} data-testid={`action-point-${ap.actionPointId}`}>
      <th scope="row" className="ecl-table__cell">
        {ap.actionPointId}
      </th>
      <td className="ecl-table__cell">
        {ap.text}
        {ap.individualCase && (
          <div className="suivi-muted">
            <Link to={`/cases/${encodeURIComponent(ap.individualCase.caseRef)}`}>
              {t('cycle.individualCase', { ref: ap.individualCase.caseRef })}
            </Link>
          </div>
        )}
        {usable.length > 0 && (
          <div className="suivi-row-actions">
            {/* A disclosure button, not <details>: hundreds of <details> (a shadow tree each) made a
                long cycle's page slow to lay out (bench:web). */}
            <button
              type="button"
              className="suivi-disclosure"
              aria-expanded={actionsOpen}
              aria-controls={actionsOpen ? listId : undefined}
              onClick={() => setActionsOpen((open) => !open)}
            >
              {t('cycle.rowActions', { id: ap.actionPointId })}
            </button>
            {actionsOpen && (
              <div id={listId} className="suivi-row-actions__list">
                {usable.map((spec) => (
                  <button
                    key={spec.path}
                    type="button"
                    className="ecl-button ecl-button--secondary"
                    onClick={() =>
                      onCommand(spec, { actionPointId: ap.actionPointId }, `${ap.actionPointId} · ${ap.text}`)
                    }
                  >
                    {commandLabel(spec, language)}
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
      </td>
      <td className="ecl-table__cell">{ap.owner.label}</td>
      <td className="ecl-table__cell">
        {formatDate(ap.deadline, language)}
        {ap.overdue && <span className="suivi-badge suivi-badge--danger">{t('cycle.overdue')}</span>}
      </td>
      <td className="ecl-table__cell">{ap.themes.map((theme) => theme.code).join(', ')}</td>
      <td className="ecl-table__cell">{ap.status.label}</td>
      <td className="ecl-table__cell">{ap.roundsCarried}</td>
      <td className="ecl-table__cell">{formatDate(ap.lastProgressOn, language)}</td>
    </tr>
  );
}
