import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PreferencesForm } from './PreferencesForm';
import { fetchMe, ME_KEY, patchMe, preferencesOf, type Me } from './me';
import { unsubscribeActionOf, unsubscribeApplied, unsubscribePatch, type UnsubscribeAction } from './preferences-model';
import { Loading, QueryError } from './Problems';
import { usePageTitle } from './page-title';

/**
 * The user's preferences: language and time zone of e-mails, e-mail delivery, daily digest. An
 * unsubscribe link of an e-mail lands here (`?unsubscribe=delivery-none|digest-off`, the API's
 * GET never acts): the page says what the link would do and does it once the user confirms.
 */
export function PreferencesPage() {
  const { t } = useTranslation();
  usePageTitle(t('preferences.title'));
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [saved, setSaved] = useState<{ kind: 'success' | 'info'; text: string }>();
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe });
  const action = unsubscribeActionOf(params);

  const kept = (reply: Me, message: string) => {
    queryClient.setQueryData(ME_KEY, reply);
    setSaved({ kind: 'success', text: message });
  };
  const leaveUnsubscribe = () => {
    const next = new URLSearchParams(params);
    next.delete('unsubscribe');
    setParams(next, { replace: true });
  };

  return (
    <>
      <h1 className="ecl-u-type-heading-1">{t('preferences.title')}</h1>
      <p className="ecl-u-type-paragraph-lead">{t('preferences.lead')}</p>
      <div aria-live="polite">
        {saved && (
          <p className={`suivi-message suivi-message--${saved.kind}`} role="status" data-testid="preferences-saved">
            {saved.text}
          </p>
        )}
      </div>
      {me.isPending ? (
        <Loading />
      ) : me.isError ? (
        <QueryError error={me.error} />
      ) : (
        <>
          {action && (
            <UnsubscribeNotice
              action={action}
              already={unsubscribeApplied(action, preferencesOf(me.data))}
              onApplied={(reply) => {
                kept(reply, t(`preferences.unsubscribe.${action}.done`));
                leaveUnsubscribe();
              }}
              onKeep={leaveUnsubscribe}
            />
          )}
          <PreferencesForm
            // A new row (saved here or by the link) starts the form again from it.
            key={JSON.stringify(preferencesOf(me.data))}
            saved={preferencesOf(me.data)}
            chosen={me.data.chosen}
            onSaving={() => setSaved(undefined)}
            onSaved={(reply) => kept(reply, t('preferences.saved'))}
            onUnchanged={() => setSaved({ kind: 'info', text: t('preferences.unchanged') })}
          />
        </>
      )}
    </>
  );
}

function UnsubscribeNotice({
  action,
  already,
  onApplied,
  onKeep,
}: {
  action: UnsubscribeAction;
  already: boolean;
  onApplied(reply: Me): void;
  onKeep(): void;
}) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const apply = async () => {
    setSending(true);
    setProblem(undefined);
    try {
      onApplied(await patchMe(unsubscribePatch(action)));
    } catch (error) {
      setProblem(t('commands.refused', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setSending(false);
    }
  };
  return (
    <section
      className="suivi-message suivi-message--info"
      aria-labelledby="unsubscribe-title"
      data-testid="unsubscribe-notice"
    >
      <h2 id="unsubscribe-title" className="ecl-u-type-heading-4">
        {t('preferences.unsubscribe.title')}
      </h2>
      {already ? (
        <p>{t(`preferences.unsubscribe.${action}.already`)}</p>
      ) : (
        <>
          <p>{t('preferences.unsubscribe.explain')}</p>
          <p>{t(`preferences.unsubscribe.${action}.effect`)}</p>
          {problem && (
            <p className="suivi-error" role="alert">
              {problem}
            </p>
          )}
          <div className="suivi-command__buttons">
            <button
              type="button"
              className="ecl-button ecl-button--primary"
              disabled={sending}
              onClick={() => void apply()}
            >
              {t(`preferences.unsubscribe.${action}.action`)}
            </button>
            <button type="button" className="ecl-button ecl-button--secondary" onClick={onKeep}>
              {t('preferences.unsubscribe.keep')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
