import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/problem';
import { api, dataOf } from '../api/client';
import { commandLabel, commandsFor, type CommandSpec } from '../api/commands';
import { cycleDocumentPath, takeEarlyResponse, TIMELINE_FIRST_SHOWN } from '../app/early-fetch';
import { usePrincipal } from '../auth/AuthProvider';
import { formatInstant } from '../format/dates';
import { CommandForm } from '../forms/CommandForm';
import type { FormValues } from '../forms/schema-form';
import { AsOfPicker } from './cycle/AsOfPicker';
import { CycleHeader } from './cycle/CycleHeader';
import type { Cycle } from './cycle/cycle-types';
import { CycleTimeline } from './cycle/CycleTimeline';
import { ProcedureFacts } from './cycle/ProcedureFacts';
import { RoundSection } from './cycle/RoundSection';
import { CsvDownload } from './CsvDownload';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

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
    queryFn: async () => {
      // The answer asked for while the app loaded (app/early-fetch.ts), if it is this one and usable.
      const early = asOf || minVersion ? undefined : takeEarlyResponse(cycleDocumentPath(cycleId));
      const answer = early && (await early.catch(() => undefined));
      if (answer?.ok) return (await answer.json()) as Cycle;
      return dataOf(
        api.GET('/v1/cycles/{cycleId}', {
          params: {
            path: { cycleId },
            query: {
              timelineLimit: TIMELINE_FIRST_SHOWN,
              ...(asOf && { asOf }),
              ...(minVersion && !asOf && { minVersion }),
            } as never,
          },
        }),
      );
    },
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
  const openRound = cycle.rounds.find((r) => r.status.code !== 'CLOSED');

  return (
    <>
      <CycleHeader cycle={cycle} />
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
              {commandLabel(spec, i18n.language)}
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
      <CycleTimeline cycle={cycle} />
    </>
  );
}
