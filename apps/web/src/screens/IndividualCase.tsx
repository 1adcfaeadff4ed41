import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { send } from '../api/client';
import { ApiProblem, problemOf } from '../api/problem';
import { usePrincipal } from '../auth/AuthProvider';
import type { Principal } from '../auth/principal';
import { formatInstant } from '../format/dates';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

interface RedactedCase {
  caseRef: string;
  cycleId: string;
  actionPointId: string;
  country: string;
  createdAt: string;
  erased: boolean;
  erasedAt?: string;
}

interface CaseAudit {
  reads: Array<{ userId: string; role: string; readAt: string; reason: string; what: string }>;
  grantChanges?: Array<Record<string, unknown>>;
}

/** The rules of apps/api/src/individual-cases/case-permissions.ts, to offer only what may succeed. */
const mayManage = (p: Principal, country: string) =>
  p.role === 'reviewer' || (p.role === 'desk-officer' && p.countries.includes(country));
const mayReveal = (p: Principal) => p.role !== 'auditor';
const mayAudit = (p: Principal) => p.role === 'auditor' || p.role === 'reviewer';

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await send(path, init);
  if (!response.ok) throw new ApiProblem(await problemOf(response));
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/**
 * An individual case (reprisal risk): its reference only, unless the user asks to see the name,
 * gives a reason and is granted. The name lives in this component's memory only: never in the
 * URL, the title, the query cache, storage or logs, and it is gone when the page is left.
 */
export function IndividualCase() {
  const { t, i18n } = useTranslation();
  const principal = usePrincipal();
  const { caseRef = '' } = useParams();
  usePageTitle(t('cases.title', { ref: caseRef }));
  const path = `/v1/individual-cases/${encodeURIComponent(caseRef)}`;
  const redacted = useQuery({ queryKey: ['case', caseRef], queryFn: () => json<RedactedCase>(path) });
  const [revealed, setRevealed] = useState<string>();
  useEffect(() => () => setRevealed(undefined), []);

  if (redacted.isPending) return <Loading />;
  if (redacted.isError) return <QueryError error={redacted.error} />;
  const found = redacted.data;
  return (
    <>
      <p className="suivi-breadcrumb">
        <Link to={`/cycles/${encodeURIComponent(found.cycleId)}#${encodeURIComponent(found.actionPointId)}`}>
          {found.cycleId} · {found.actionPointId}
        </Link>
      </p>
      <h1 className="ecl-u-type-heading-1">{t('cases.title', { ref: found.caseRef })}</h1>
      <p className="ecl-u-type-paragraph">{t('cases.lead')}</p>
      <dl className="suivi-facts">
        <div className="suivi-fact">
          <dt>{t('cases.attachedAt')}</dt>
          <dd>{formatInstant(found.createdAt, i18n.language, 'UTC')}</dd>
        </div>
        {found.erased && (
          <div className="suivi-fact">
            <dt>{t('cases.erasedAt')}</dt>
            <dd>{formatInstant(found.erasedAt, i18n.language, 'UTC')}</dd>
          </div>
        )}
      </dl>
      {!found.erased && mayReveal(principal) && (
        <Reveal path={path} revealed={revealed} onRevealed={setRevealed} onHide={() => setRevealed(undefined)} />
      )}
      {!found.erased && mayManage(principal, found.country) && <Manage path={path} />}
      {mayAudit(principal) && <Audit path={path} />}
    </>
  );
}

function Reveal({
  path,
  revealed,
  onRevealed,
  onHide,
}: {
  path: string;
  revealed?: string;
  onRevealed(name: string): void;
  onHide(): void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    setProblem(undefined);
    try {
      const query = new URLSearchParams({ reveal: 'name', reason });
      const answer = await json<{ name: string }>(`${path}?${query}`, { cache: 'no-store' });
      setAsking(false);
      onRevealed(answer.name);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? (error.problem.detail ?? error.message) : String(error));
    }
  };
  if (revealed !== undefined) {
    return (
      <section className="suivi-message suivi-message--warning" aria-labelledby="case-name">
        <h2 id="case-name" className="ecl-u-type-heading-4">
          {t('cases.name')}
        </h2>
        <p data-testid="case-name">{revealed}</p>
        <button type="button" className="ecl-button ecl-button--secondary" onClick={onHide}>
          {t('cases.hide')}
        </button>
      </section>
    );
  }
  if (!asking) {
    return (
      <button type="button" className="ecl-button ecl-button--primary" onClick={() => setAsking(true)}>
        {t('cases.show')}
      </button>
    );
  }
  return (
    <form className="suivi-command" onSubmit={(e) => void submit(e)} aria-labelledby="reveal-title">
      <h2 id="reveal-title" className="ecl-u-type-heading-3">
        {t('cases.show')}
      </h2>
      <p className="suivi-message suivi-message--info">{t('cases.audited')}</p>
      {problem && (
        <p className="suivi-message suivi-message--error" role="alert">
          {problem}
        </p>
      )}
      <div className="ecl-form-group">
        <label className="ecl-form-label" htmlFor="reveal-reason">
          {t('cases.reason')}
        </label>
        <textarea
          id="reveal-reason"
          name="reason"
          className="ecl-text-area"
          required
          minLength={10}
          maxLength={500}
          autoComplete="off"
        />
      </div>
      <div className="suivi-command__buttons">
        <button type="submit" className="ecl-button ecl-button--primary">
          {t('cases.showNow')}
        </button>
        <button type="button" className="ecl-button ecl-button--secondary" onClick={() => setAsking(false)}>
          {t('commands.cancel')}
        </button>
      </div>
    </form>
  );
}

function Manage({ path }: { path: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [confirmErase, setConfirmErase] = useState(false);
  const act = async (run: () => Promise<unknown>, done: string) => {
    setMessage(undefined);
    try {
      await run();
      setMessage({ kind: 'success', text: done });
      await queryClient.invalidateQueries({ queryKey: ['case'] });
    } catch (error) {
      setMessage({
        kind: 'error',
        text: error instanceof ApiProblem ? (error.problem.detail ?? error.message) : String(error),
      });
    }
  };
  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { userId: String(form.get('userId') ?? ''), reason: String(form.get('reason') ?? '') };
    const revoke = form.get('action') === 'revoke';
    void act(
      () =>
        revoke
          ? json(`${path}/grants/${encodeURIComponent(body.userId)}?${new URLSearchParams({ reason: body.reason })}`, {
              method: 'DELETE',
            })
          : json(`${path}/grants`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(body),
            }),
      revoke ? t('cases.revoked') : t('cases.granted'),
    );
  };
  const erase = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    void act(() => json(`${path}?${new URLSearchParams({ reason })}`, { method: 'DELETE' }), t('cases.erased'));
    setConfirmErase(false);
  };
  return (
    <section aria-labelledby="case-access" className="ecl-u-mt-xl">
      <h2 id="case-access" className="ecl-u-type-heading-2">
        {t('cases.access')}
      </h2>
      {message && (
        <p
          className={`suivi-message suivi-message--${message.kind}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      <form className="suivi-command" onSubmit={grant}>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="grant-user">
            {t('fields.userId')}
          </label>
          <input id="grant-user" name="userId" className="ecl-text-input" required autoComplete="off" />
        </div>
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor="grant-reason">
            {t('cases.reason')}
          </label>
          <textarea id="grant-reason" name="reason" className="ecl-text-area" required minLength={10} maxLength={500} />
        </div>
        <div className="suivi-command__buttons">
          <button type="submit" name="action" value="grant" className="ecl-button ecl-button--primary">
            {t('cases.grant')}
          </button>
          <button type="submit" name="action" value="revoke" className="ecl-button ecl-button--secondary">
            {t('cases.revoke')}
          </button>
        </div>
      </form>
      {!confirmErase ? (
        <button
          type="button"
          className="ecl-button ecl-button--secondary ecl-u-mt-l"
          onClick={() => setConfirmErase(true)}
        >
          {t('cases.erase')}
        </button>
      ) : (
        <form
          className="suivi-command suivi-message suivi-message--error"
          onSubmit={erase}
          aria-labelledby="erase-title"
        >
          <h3 id="erase-title" className="ecl-u-type-heading-4">
            {t('cases.erase')}
          </h3>
          <p>{t('cases.eraseConsequence')}</p>
          <div className="ecl-form-group">
            <label className="ecl-form-label" htmlFor="erase-reason">
              {t('cases.reason')}
            </label>
            <textarea
              id="erase-reason"
              name="reason"
              className="ecl-text-area"
              required
              minLength={10}
              maxLength={500}
            />
          </div>
          <div className="suivi-command__buttons">
            <button type="submit" className="ecl-button ecl-button--primary">
              {t('cases.eraseConfirm')}
            </button>
            <button type="button" className="ecl-button ecl-button--secondary" onClick={() => setConfirmErase(false)}>
              {t('commands.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Audit({ path }: { path: string }) {
  const { t, i18n } = useTranslation();
  const audit = useQuery({ queryKey: ['case', path, 'audit'], queryFn: () => json<CaseAudit>(`${path}/audit`) });
  return (
    <section aria-labelledby="case-audit" className="ecl-u-mt-xl">
      <h2 id="case-audit" className="ecl-u-type-heading-2">
        {t('audit.title')}
      </h2>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError ? (
        <QueryError error={audit.error} />
      ) : audit.data.reads.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <table className="ecl-table suivi-table">
          <caption className="ecl-table__caption">{t('audit.title')}</caption>
          <thead className="ecl-table__head">
            <tr className="ecl-table__row">
              {(['when', 'who', 'action', 'reason'] as const).map((c) => (
                <th key={c} scope="col" className="ecl-table__header">
                  {t(`audit.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="ecl-table__body">
            {audit.data.reads.map((read) => (
              <tr key={`${read.readAt}/${read.userId}`} className="ecl-table__row">
                <td className="ecl-table__cell">{formatInstant(read.readAt, i18n.language, 'UTC')}</td>
                <td className="ecl-table__cell">
                  {read.userId} ({read.role})
                </td>
                <td className="ecl-table__cell">{read.what}</td>
                <td className="ecl-table__cell">{read.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
