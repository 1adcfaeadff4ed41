import { useTranslation } from 'react-i18next';
import type { Field, FormValue, FormValues } from './schema-form';
import { initialValues } from './schema-form';
import { useOptionLabel } from './option-labels';

/** Messages per body path ("text", "nextRound.date", "unReferences.0.mechanism"). */
export type FieldErrors = Record<string, string[]>;

interface Props {
  field: Field;
  idPrefix: string;
  /** The field's path in the body, to find its messages. */
  path: string;
  value: FormValue | undefined;
  errors: FieldErrors;
  onChange(value: FormValue): void;
}

/** Messages for this field: its own, and for a leaf those of its items (themes.2 → themes). */
function messagesFor(errors: FieldErrors, path: string, leaf: boolean): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === path || (leaf && key.startsWith(`${path}.`)))
    .flatMap(([, messages]) => messages);
}

export function FieldView({ field, idPrefix, path, value, errors, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = `${idPrefix}-${path.replace(/\./g, '-')}`;
  const label = t(`fields.${field.key}`, { defaultValue: field.key });
  const hint =
    t(`hints.${field.key}`, { defaultValue: '' }) || (i18n.language === 'en' ? (field.description ?? '') : '');
  const leaf = field.kind !== 'group' && field.kind !== 'repeat';
  const messages = messagesFor(errors, path, leaf);
  const describedBy = [hint && `${id}-hint`, messages.length && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const labelOf = useOptionLabel();
  const optionLabel = (code: string) => labelOf(field.key, code);
  const labelText = (
    <>
      {label}
      <span className={field.required ? 'ecl-form-label__required' : 'ecl-form-label__optional'}>
        {field.required ? ' *' : ` (${t('commands.optional')})`}
      </span>
    </>
  );
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': messages.length ? true : undefined,
    'aria-required': field.required || undefined,
  };
  const text = typeof value === 'string' ? value : '';
  const feedback = (
    <>
      {hint && (
        <div id={`${id}-hint`} className="ecl-help-block">
          {hint}
        </div>
      )}
      {messages.length > 0 && (
        <div id={`${id}-error`} className="ecl-feedback-message" data-testid={`error-${path}`}>
          {messages.join(' ')}
        </div>
      )}
    </>
  );

  switch (field.kind) {
    case 'group':
    case 'repeat':
      return (
        <fieldset className="ecl-form-group suivi-fieldset" aria-describedby={describedBy}>
          <legend className="ecl-form-label">{labelText}</legend>
          {feedback}
          {field.kind === 'group' ? (
            field.fields.map((inner) => (
              <FieldView
                key={inner.key}
                field={inner}
                idPrefix={idPrefix}
                path={`${path}.${inner.key}`}
                value={(value as FormValues | undefined)?.[inner.key]}
                errors={errors}
                onChange={(v) => onChange({ ...((value as FormValues | undefined) ?? {}), [inner.key]: v })}
              />
            ))
          ) : (
            <Repeat
              field={field}
              idPrefix={idPrefix}
              path={path}
              items={(value as FormValues[]) ?? []}
              errors={errors}
              onChange={onChange}
            />
          )}
        </fieldset>
      );
    case 'choices': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset className="ecl-form-group suivi-fieldset" aria-describedby={describedBy}>
          <legend className="ecl-form-label">{labelText}</legend>
          {feedback}
          <div className="suivi-choices">
            {field.options.map((code) => (
              <label key={code} className="suivi-choice">
                <input
                  type="checkbox"
                  name={path}
                  value={code}
                  checked={chosen.includes(code)}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, code] : chosen.filter((c) => c !== code))}
                />{' '}
                {optionLabel(code)}
              </label>
            ))}
          </div>
        </fieldset>
      );
    }
    case 'checkbox':
      return (
        <div className="ecl-form-group">
          <label className="suivi-choice" htmlFor={id}>
            <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />{' '}
            {label}
          </label>
          {feedback}
        </div>
      );
    default:
      return (
        <div className="ecl-form-group">
          <label className="ecl-form-label" htmlFor={id}>
            {labelText}
          </label>
          {feedback}
          {field.kind === 'select' ? (
            <select {...common} className="ecl-select" value={text} onChange={(e) => onChange(e.target.value)}>
              <option value="">—</option>
              {field.options.map((code) => (
                <option key={code} value={code}>
                  {optionLabel(code)}
                </option>
              ))}
            </select>
          ) : field.kind === 'textarea' || field.kind === 'lines' ? (
            <textarea
              {...common}
              // The widest of the design system's sizes: an action point's text runs to sentences.
              className="ecl-text-area ecl-text-area--l"
              rows={field.kind === 'lines' ? 3 : 4}
              value={text}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : (
            <input
              {...common}
              className="ecl-text-input"
              type={
                field.kind === 'date'
                  ? 'date'
                  : field.kind === 'datetime'
                    ? 'datetime-local'
                    : field.kind === 'integer'
                      ? 'number'
                      : 'text'
              }
              value={text}
              onChange={(e) => onChange(e.target.value)}
            />
          )}
        </div>
      );
  }
}

function Repeat({
  field,
  idPrefix,
  path,
  items,
  errors,
  onChange,
}: {
  field: Extract<Field, { kind: 'repeat' }>;
  idPrefix: string;
  path: string;
  items: FormValues[];
  errors: FieldErrors;
  onChange(value: FormValue): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {items.map((item, index) => (
        <div key={index} className="suivi-repeat">
          {field.fields.map((inner) => (
            <FieldView
              key={inner.key}
              field={inner}
              idPrefix={idPrefix}
              path={`${path}.${index}.${inner.key}`}
              value={item[inner.key]}
              errors={errors}
              onChange={(v) => onChange(items.map((it, i) => (i === index ? { ...it, [inner.key]: v } : it)))}
            />
          ))}
          <button
            type="button"
            className="ecl-button ecl-button--tertiary"
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            {t('commands.remove')}
          </button>
        </div>
      ))}
      {(field.maxItems === undefined || items.length < field.maxItems) && (
        <button
          type="button"
          className="ecl-button ecl-button--secondary"
          onClick={() => onChange([...items, initialValues(field.fields)])}
        >
          {t('commands.add')}
        </button>
      )}
    </>
  );
}
