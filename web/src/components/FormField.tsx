import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/context.tsx';

interface FormFieldProps {
  id: string;
  label: string;
  optional?: boolean;
  /** Marks the field as required (visibly, and for screen readers). */
  required?: boolean;
  error?: string;
  hint?: ComponentChildren;
  /** Receives the ids the control must reference in aria-describedby. */
  children: (describedBy: string | undefined) => ComponentChildren;
}

export function FormField({ id, label, optional, required, error, hint, children }: FormFieldProps) {
  const { t } = useI18n();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id} class="field-label">
        {label}
        {optional ? <span class="field-optional">{t('newTicket.optional')}</span> : null}
        {required ? (
          <span class="field-required" data-testid={`${id}-required`}>
            <span aria-hidden="true">*</span>
            <span class="visually-hidden">{t('form.required')}</span>
          </span>
        ) : null}
      </label>
      {children(describedBy)}
      <div class="field-footer">
        {error ? (
          <p class="field-error" id={errorId} data-testid={`${id}-error`}>
            {error}
          </p>
        ) : (
          <span />
        )}
        {hint ? (
          <span class="field-hint" id={hintId}>
            {hint}
          </span>
        ) : null}
      </div>
    </div>
  );
}
