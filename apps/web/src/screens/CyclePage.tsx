import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/problem';
import { api, dataOf } from '../api/client';
import { commandKey, commandsFor, type CommandSpec } from '../api/commands';
import type { paths } from '../api/schema';
import { usePrincipal } from '../auth/AuthProvider';
import { countryName, formatDate, formatInstant } from '../format/dates';
import { CommandForm } from '../forms/CommandForm';
import type { FormValues } from '../forms/schema-form';
import { CsvDownload } from './CsvDownload';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

type Cycle = paths['/v1/cycles/{cycleId}']['get']['responses'][200]['content']['application/json'];
type ActionPoint = Cycle['actionPoints'][number];
type Round = Cycle['rounds'][number];

interface OpenCommand {
  spec: CommandSpec;
  params: Record<string, string>;
  initial?: FormValues;
  /** What the command acts on, said above the form. */
  subject: string;
}

/** One cycle: header, rounds with their action points, timeline; commands as forms; as of a date. */
export function CyclePage() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const { cycleId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? undefined;
  // Read your writes: after a command, ask for at least the version it returned (bounded wait in the API).
  const location = useLocation();
  const [minVersion, setMinVersion] = useState<number | undefined>(
    (location.state as { minVersion?: number } | null)?.minVersion,
  );
  const [command, setCommand] = useState<OpenCommand>();
  const [notice, setNotice] = useState<string>();
  const commandRef = useRef<HTMLDivElement>(null);

  const result = useQuery({
    queryKey: ['cycle', cycleId, asOf ?? null, minVersion ?? null],
    // A cycle just started may not be in the read model yet (403/404 until it is): ask again a
    // few times before saying so.
    retry: (count, error) =>
      minVersion !== undefined && error instanceof ApiProblem && [403, 404].includes(error.problem.status)
        ? count < 20
        : count < 2 && !(error instanceof ApiProblem && error.problem.status < 500),
    retryDelay: 500,
    queryFn: () =>
      dataOf(
        api.GET('/v1/cycles/{cycleId}', {
          params: {
            path: { cycleId },
            query: { ...(asOf && { asOf }), ...(minVersion && !asOf && { minVersion }) } as never,
          },
        }),
      ),
  });
  const cycle = result.data;
  usePageTitle(cycle ? cycle.title : t('cycles.title'));

  useEffect(() => {
    if (command) commandRef.current?.querySelector('h2')?.focus();
  }, [command]);

  if (result.isPending) return <Loading />;
  if (result.isError || !cycle) return <QueryError error={result.error} />;

  const readOnly = Boolean(asOf) || cycle.status.code !== 'ACTIVE';
  const offer = (target: Parameters<typeof commandsFor>[1]) =>
    readOnly || (principal.role !== 'reviewer' && !principal.countries.includes(cycle.country))
      ? []
      : commandsFor(principal.role, target);
  const open = (spec: CommandSpec, extra: Record<string, string>, subject: string, initial?: FormValues) => {
    setNotice(undefined);
    setCommand({ spec, params: { cycleId, ...extra }, subject, initial });
  };
  const done = (reply: { version?: number }) => {
    setCommand(undefined);
    setNotice(t('commands.done'));
    if (typeof reply.version === 'number') setMinVersion(reply.version);
  };
  // The desk officer who started the cycle (the read model keeps user ids, not names).
  const startedBy = cycle.timeline.find((entry) => entry.type === 'CycleStarted')?.actor.userId;
  const openRound = cycle.rounds.find((r) => r.status.code !== 'CLOSED');

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
      <ProcedureFacts cycle={cycle} />
      <AsOfPicker
        asOf={asOf}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          if (value) next.set('asOf', value);
          else next.delete('asOf');
          setParams(next);
        }}
        timeZone={cycle.timeZone}
      />
      {asOf && (
        <p className="suivi-message suivi-message--info" role="status">
          {t('cycle.asOfBanner', { date: formatInstant(asOf, i18n.language, cycle.timeZone) })}
        </p>
      )}
      {notice && (
        <p className="suivi-message suivi-message--success" role="status">
          {notice}
        </p>
      )}
      {offer('cycle').length > 0 && (
        <section aria-labelledby="cycle-actions" className="suivi-actions">
          <h2 id="cycle-actions" className="ecl-u-type-heading-4">
            {t('cycle.actions')}
          </h2>
          {offer('cycle').map((spec) => (
            <button
              key={spec.path}
              type="button"
              className="ecl-button ecl-button--secondary"
              onClick={() =>
                open(
                  spec,
                  {},
                  cycle.title,
                  spec.path.endsWith('/action-points') && openRound ? { roundId: openRound.roundId } : undefined,
                )
              }
            >
              {t(`commands.${commandKey(spec.path)}`)}
            </button>
          ))}
        </section>
      )}
      {command && (
        <div ref={commandRef} className="suivi-command-panel">
          <p className="suivi-muted">{command.subject}</p>
          <CommandForm
            key={`${command.spec.path}/${JSON.stringify(command.params)}`}
            spec={command.spec}
            params={command.params}
            version={cycle.version}
            initial={command.initial}
            onDone={done}
            onCancel={() => setCommand(undefined)}
          />
        </div>
      )}
      <section aria-labelledby="rounds" className="ecl-u-mt-xl">
        <h2 id="rounds" className="ecl-u-type-heading-2">
          {t('cycle.rounds')}
        </h2>
        {cycle.rounds.map((round) => (
          <RoundSection
            key={round.roundId}
            cycle={cycle}
            round={round}
            roundCommands={offer('round')}
            actionPointCommands={offer('action-point')}
            onCommand={(spec, extra, subject) => open(spec, extra, subject)}
          />
        ))}
        {cycle.actionPoints.length > 0 && !asOf && (
          <CsvDownload filters={{ cycleId: cycle.cycleId }} label={t('cycle.csv')} />
        )}
      </section>
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
    </>
  );
}

/** GSP+ stages recorded and the withdrawal procedure's milestones, with their dates. */
function ProcedureFacts({ cycle }: { cycle: Cycle }) {
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

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="suivi-fact">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function AsOfPicker({ asOf, onChange, timeZone }: { asOf?: string; onChange(value?: string): void; timeZone: string }) {
  const { t } = useTranslation();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const date = String(new FormData(event.currentTarget).get('asOfDate') ?? '');
    // The end of that day, as an instant with its offset (the API wants one); the zone is the cycle's.
    if (date) onChange(new Date(`${date}T23:59:59Z`).toISOString().replace('.000Z', 'Z'));
  };
  return (
    <form className="suivi-as-of" onSubmit={submit}>
      <label className="ecl-form-label" htmlFor="asOfDate">
        {t('cycle.asOf')} <span className="suivi-muted">({timeZone})</span>
      </label>
      <input
        id="asOfDate"
        name="asOfDate"
        type="date"
        className="ecl-text-input ecl-text-input--s"
        defaultValue={asOf?.slice(0, 10)}
      />
      <button type="submit" className="ecl-button ecl-button--secondary">
        {t('cycle.asOfShow')}
      </button>
      {asOf && (
        <button type="button" className="ecl-button ecl-button--tertiary" onClick={() => onChange(undefined)}>
          {t('cycle.asOfNow')}
        </button>
      )}
    </form>
  );
}

function RoundSection({
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
        {t('cycle.roundDate')}: {formatDate(round.date, i18n.language)}
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
              {t(`commands.${commandKey(spec.path)}`)}
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
              <ActionPointRow key={ap.actionPointId} ap={ap} commands={actionPointCommands} onCommand={onCommand} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** AP2 before AP10. */
const byId = new Intl.Collator('en', { numeric: true });

/** The commands that make sense for an action point in its status (the API decides in the end). */
function fitsStatus(spec: CommandSpec, ap: ActionPoint): boolean {
  const status = ap.status.code;
  const closed = ['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED', 'WITHDRAWN'].includes(status);
  if (spec.path.endsWith('/agree')) return status === 'PROPOSED';
  if (spec.path.endsWith('/individual-case')) return !ap.individualCase && !closed;
  return !closed && (status !== 'PROPOSED' || spec.path.endsWith('/amend') || spec.path.endsWith('/withdraw'));
}

function ActionPointRow({
  ap,
  commands,
  onCommand,
}: {
  ap: ActionPoint;
  commands: CommandSpec[];
  onCommand(spec: CommandSpec, extra: Record<string, string>, subject: string): void;
}) {
  const { t, i18n } = useTranslation();
  const usable = commands.filter((spec) => fitsStatus(spec, ap));
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
          <details className="suivi-row-actions">
            <summary>{t('cycle.rowActions', { id: ap.actionPointId })}</summary>
            <div className="suivi-row-actions__list">
              {usable.map((spec) => (
                <button
                  key={spec.path}
                  type="button"
                  className="ecl-button ecl-button--secondary"
                  onClick={() =>
                    onCommand(spec, { actionPointId: ap.actionPointId }, `${ap.actionPointId} · ${ap.text}`)
                  }
                >
                  {t(`commands.${commandKey(spec.path)}`)}
                </button>
              ))}
            </div>
          </details>
        )}
      </td>
      <td className="ecl-table__cell">{ap.owner.label}</td>
      <td className="ecl-table__cell">
        {formatDate(ap.deadline, i18n.language)}
        {ap.overdue && <span className="suivi-badge suivi-badge--danger">{t('cycle.overdue')}</span>}
      </td>
      <td className="ecl-table__cell">{ap.themes.map((theme) => theme.code).join(', ')}</td>
      <td className="ecl-table__cell">{ap.status.label}</td>
      <td className="ecl-table__cell">{ap.roundsCarried}</td>
      <td className="ecl-table__cell">{formatDate(ap.lastProgressOn, i18n.language)}</td>
    </tr>
  );
}
