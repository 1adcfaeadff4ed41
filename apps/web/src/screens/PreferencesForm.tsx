import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, messagesOf } from '../api/problem';
import { LANGUAGES } from '../i18n/i18n';
import { patchMe, type Me } from './me';
import {
  apiTimeZones,
  browserTimeZones,
  DELIVERIES,
  isKnownTimeZone,
  preferencesPatch,
  timeZoneChoices,
  type Delivery,
  type PreferenceLanguage,
  type Preferences,
} from './preferences-model';

const FIELDS = ['language', 'timeZone', 'delivery', 'dailyDigest'] as const;
type FieldErrors = Partial<Record<(typeof FIELDS)[number], string[]>>;

interface Props {
  saved: Preferences;
  chosen: { language: boolean; timeZone: boolean };
  onSaving(): void;
  onSaved(reply: Me): void;
  onUnchanged(): void;
}

/** The preferences as a form; Save sends only what changed (a JSON merge patch). */
export function PreferencesForm({ saved, chosen, onSaving, onSaved, onUnchanged }: Props) {
  const { t } = useTranslation();
  const [edited, setEdited] = useState<Preferences>(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [top, setTop] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const zones = useMemo(() => timeZoneChoices(apiTimeZones(), browserTimeZones(), saved.timeZone), [saved.timeZone]);
  const change = (next: Partial<Preferences>) => setEdited((current) => ({ ...current, ...next }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setErrors({});
    setTop([]);
    if (!isKnownTimeZone(edited.timeZone, zones)) {
      setErrors({ timeZone: [t('preferences.timeZoneInvalid')] });
      setTop([t('commands.fixFields')]);
      return;
    }
    const patch = preferencesPatch(saved, edited);
    if (Object.keys(patch).length === 0) {
      onUnchanged();
      return;
    }
    onSaving();
    setSending(true);
    try {
      onSaved(await patchMe(patch));
    } catch (error) {
      if (error instanceof ApiProblem) {
        const messages = messagesOf(error.problem, FIELDS);
        setErrors(messages.byField);
        setTop(
          messages.top.length
            ? messages.top.map((message) => t('commands.refused', { message }))
            : [t('commands.fixFields')],
        );
      } else {
        setTop([t('errors.generic', { message: error instanceof Error ? error.message : String(error) })]);
      }
    } finally {
      setSending(false);
    }
  };

  const feedback = (field: keyof FieldErrors, hints: Array<string | false> = []) => {
    const shown = hints.filter((h): h is string => Boolean(h));
    return (
      <>
        {shown.map((hint) => (
          <div key={hint} className="ecl-help-block">
            {hint}
          </div>
        ))}
        {errors[field]?.length ? (
          <div id={`pref-${field}-error`} className="ecl-feedback-message" data-testid={`error-${field}`}>
            {errors[field]?.join(' ')}
          </div>
        ) : null}
      </>
    );
  };
  const invalid = (field: keyof FieldErrors) =>
    errors[field]?.length ? { 'aria-invalid': true, 'aria-describedby': `pref-${field}-error` } : {};

  return (
    <form
      className="suivi-command suivi-preferences"
      onSubmit={(e) => void submit(e)}
      aria-label={t('preferences.title')}
      noValidate
    >
      {top.length > 0 && (
        <div className="suivi-message suivi-message--error" role="alert" data-testid="form-problem">
          {top.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <Group>
        <label className="ecl-form-label" htmlFor="pref-language">
          {t('preferences.language')}
        </label>
        {feedback('language', [t('preferences.languageHint'), !chosen.language && t('preferences.fromSignIn')])}
        <select
          id="pref-language"
          className="ecl-select"
          value={edited.language}
          onChange={(e) => change({ language: e.target.value as PreferenceLanguage })}
          {...invalid('language')}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {l === 'en' ? 'English' : 'Français'}
            </option>
          ))}
        </select>
      </Group>
      <Group>
        <label className="ecl-form-label" htmlFor="pref-timeZone">
          {t('preferences.timeZone')}
        </label>
        {feedback('timeZone', [!chosen.timeZone && t('preferences.fromSignIn')])}
        <select
          id="pref-timeZone"
          className="ecl-select"
          value={edited.timeZone}
          onChange={(e) => change({ timeZone: e.target.value })}
          {...invalid('timeZone')}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </Group>
      <fieldset
        className="ecl-form-group suivi-fieldset"
        aria-describedby={errors.delivery?.length ? 'pref-delivery-error' : undefined}
      >
        <legend className="ecl-form-label">{t('preferences.delivery')}</legend>
        {feedback('delivery')}
        {DELIVERIES.map((delivery) => (
          <div key={delivery}>
            <label className="suivi-choice">
              <input
                type="radio"
                name="delivery"
                value={delivery}
                checked={edited.delivery === delivery}
                onChange={() => change({ delivery: delivery as Delivery })}
              />{' '}
              {t(`preferences.deliveries.${delivery}`)}
            </label>
          </div>
        ))}
      </fieldset>
      <Group>
        <label className="suivi-choice" htmlFor="pref-dailyDigest">
          <input
            id="pref-dailyDigest"
            type="checkbox"
            checked={edited.dailyDigest}
            disabled={edited.delivery === 'none'}
            onChange={(e) => change({ dailyDigest: e.target.checked })}
            {...invalid('dailyDigest')}
          />{' '}
          {t('preferences.dailyDigest')}
        </label>
        {feedback('dailyDigest', [edited.delivery === 'none' && t('preferences.dailyDigestOff')])}
      </Group>
      <div className="suivi-command__buttons">
        <button type="submit" className="ecl-button ecl-button--primary" disabled={sending}>
          {sending ? t('preferences.saving') : t('preferences.save')}
        </button>
      </div>
    </form>
  );
}

const Group = ({ children }: { children: ReactNode }) => <div className="ecl-form-group">{children}</div>;
