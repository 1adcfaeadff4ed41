import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/client';
import { commandKey, commandLabel, urlOf, type CommandSpec } from '../api/commands';
import { messagesOf, problemOf } from '../api/problem';
import { FieldView, type FieldErrors } from './FieldView';
import { bodyOf, fieldsOf, initialValues, type FormValues } from './schema-form';
import { check } from './validate';

/** What the API answered to an accepted command. */
export interface CommandReply {
  cycleId?: string;
  version?: number;
  [key: string]: unknown;
}

interface Props {
  spec: CommandSpec;
  /** Values of the path's parameters (cycleId, roundId, actionPointId). */
  params: Readonly<Record<string, string>>;
  /** The cycle's version the form was opened on: sent as If-Match, so a stale form is refused. */
  version?: number;
  /** Values to start with (e.g. the round the action point goes in). */
  initial?: FormValues;
  onDone(reply: CommandReply): void;
  onCancel(): void;
}

/**
 * One command as a form, drawn from its body schema: checks before sending (same schema),
 * the API's refusals beside their fields, If-Match from the version shown, and one
 * Idempotency-Key per submission so that a double click or a retry acts once.
 */
export function CommandForm({ spec, params, version, initial, onDone, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const fields = useMemo(() => (spec.body ? fieldsOf(spec.body, spec.pathParameters) : []), [spec]);
  const [values, setValues] = useState<FormValues>(() => ({ ...initialValues(fields), ...initial }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [top, setTop] = useState<string[]>([]);
  const [stale, setStale] = useState(false);
  const [sending, setSending] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());
  const title = commandLabel(spec, i18n.language);
  const formId = `command-${commandKey(spec.path)}`;

  const change = (next: FormValues) => {
    // Another body is another submission: a new key (the API refuses a key reused with another body).
    idempotencyKey.current = crypto.randomUUID();
    setValues(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const body = bodyOf(fields, values);
    const findings = spec.body ? check(spec.body, body) : [];
    if (findings.length) {
      const byField: FieldErrors = {};
      for (const f of findings) (byField[f.field] ??= []).push(t(`validation.${f.rule}`, { limit: f.limit }));
      setErrors(byField);
      setTop([t('commands.fixFields')]);
      return;
    }
    setSending(true);
    setErrors({});
    setTop([]);
    try {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (spec.idempotencyKey) headers['Idempotency-Key'] = idempotencyKey.current;
      if (spec.ifMatch && version !== undefined) headers['If-Match'] = `"${version}"`;
      const response = await send(urlOf(spec, params), { method: spec.method, headers, body: JSON.stringify(body) });
      if (response.ok) {
        const reply = (await response.json().catch(() => ({}))) as CommandReply;
        idempotencyKey.current = crypto.randomUUID();
        await queryClient.invalidateQueries();
        onDone(reply);
        return;
      }
      const problem = await problemOf(response);
      if (response.status === 412) {
        setStale(true);
        return;
      }
      const messages = messagesOf(
        problem,
        fields.map((f) => f.key),
      );
      setErrors(messages.byField);
      setTop(
        messages.top.length
          ? messages.top.map((m) => t('commands.refused', { message: m }))
          : [t('commands.fixFields')],
      );
    } catch (error) {
      setTop([t('errors.generic', { message: error instanceof Error ? error.message : String(error) })]);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="suivi-command" onSubmit={(e) => void submit(e)} aria-labelledby={`${formId}--heading`} noValidate>
      <h2 id={`${formId}--heading`} className="ecl-u-type-heading-3">
        {title}
      </h2>
      {stale && (
        <div className="suivi-message suivi-message--warning" role="alert">
          <p>{t('commands.stale')}</p>
          <button type="button" className="ecl-button ecl-button--secondary" onClick={() => window.location.reload()}>
            {t('commands.reload')}
          </button>
        </div>
      )}
      {top.length > 0 && (
        <div className="suivi-message suivi-message--error" role="alert" data-testid="form-problem">
          {top.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      {fields.map((field) => (
        <FieldView
          key={field.key}
          field={field}
          idPrefix={formId}
          path={field.key}
          value={values[field.key]}
          errors={errors}
          onChange={(value) => change({ ...values, [field.key]: value })}
        />
      ))}
      <div className="suivi-command__buttons">
        <button type="submit" className="ecl-button ecl-button--primary" disabled={sending || stale}>
          {sending ? t('commands.sending') : t('commands.submit')}
        </button>
        <button type="button" className="ecl-button ecl-button--secondary" onClick={onCancel}>
          {t('commands.cancel')}
        </button>
      </div>
    </form>
  );
}
