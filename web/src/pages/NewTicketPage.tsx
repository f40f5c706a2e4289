import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import { PRIORITIES, createTicket } from '../api/tickets.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { FormField } from '../components/FormField.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { navigate, paths } from '../router.ts';
import type { FieldErrors, FieldMessage, NewTicketField, NewTicketValues } from '../tickets/new-ticket-form.ts';
import { DESCRIPTION_MAX, SUBJECT_MAX, fieldForPath, toRequest, validateNewTicket } from '../tickets/new-ticket-form.ts';

const EMPTY: NewTicketValues = { subject: '', description: '', priority: 'normal', customerEmail: '' };

/** Input ids double as test ids, so the error elements get predictable ids too. */
const IDS: Record<NewTicketField, string> = {
  subject: 'new-ticket-subject',
  description: 'new-ticket-description',
  priority: 'new-ticket-priority',
  customerEmail: 'new-ticket-customer-email',
};

export function NewTicketPage() {
  const { t } = useI18n();
  const { api } = useApp();
  const [values, setValues] = useState<NewTicketValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  const render = (message: FieldMessage | undefined) =>
    !message ? undefined : 'text' in message ? message.text : t(message.key, message.params);

  function update<K extends NewTicketField>(field: K, value: NewTicketValues[K]) {
    setValues((prev) => ({ ...prev, [field]: value }));
    // Clear the complaint as soon as the user acts on it.
    if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
  }

  function focusFirstInvalid(found: FieldErrors) {
    const first = (Object.keys(IDS) as NewTicketField[]).find((f) => found[f]);
    if (first) document.getElementById(IDS[first])?.focus();
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (submitting) return;
    setFailure(undefined);
    const found = validateNewTicket(values);
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirstInvalid(found);
      return;
    }
    setSubmitting(true);
    try {
      const ticket = await createTicket(api, toRequest(values));
      navigate(paths.ticket(ticket.id));
    } catch (error) {
      setSubmitting(false);
      if (error instanceof ApiError && error.fields.length) {
        const fromServer: FieldErrors = {};
        for (const f of error.fields) {
          const field = fieldForPath(f.path);
          if (field && !fromServer[field]) fromServer[field] = { text: f.message };
        }
        setErrors(fromServer);
        focusFirstInvalid(fromServer);
        // Problems that belong to no visible input still need to be seen somewhere.
        if (Object.keys(fromServer).length === error.fields.length) return;
      }
      setFailure(error);
    }
  }

  if (failure instanceof ApiError && failure.status === 403) return <NoAccess />;
  const hasErrors = Object.values(errors).some(Boolean);

  return (
    <section class="page page-narrow">
      <a class="back-link" href={paths.lastQueue()}>
        ← {t('tickets.back')}
      </a>
      <PageHeading>{t('newTicket.title')}</PageHeading>
      {failure && !(failure instanceof ApiError && failure.status === 401) ? (
        <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} />
      ) : null}
      {hasErrors ? (
        <p class="form-summary" role="status">
          {t('newTicket.fixErrors')}
        </p>
      ) : null}
      <form class="card form" noValidate onSubmit={onSubmit} data-testid="new-ticket-form">
        <FormField
          id={IDS.subject}
          label={t('newTicket.subject')}
          error={render(errors.subject)}
          hint={t('newTicket.charCount', { count: values.subject.length, max: SUBJECT_MAX })}
        >
          {(describedBy) => (
            <input
              id={IDS.subject}
              data-testid={IDS.subject}
              type="text"
              required
              maxLength={SUBJECT_MAX}
              autoComplete="off"
              value={values.subject}
              aria-invalid={errors.subject ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => update('subject', e.currentTarget.value)}
            />
          )}
        </FormField>

        <FormField id={IDS.description} label={t('newTicket.description')} error={render(errors.description)}>
          {(describedBy) => (
            <textarea
              id={IDS.description}
              data-testid={IDS.description}
              required
              rows={8}
              maxLength={DESCRIPTION_MAX}
              value={values.description}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => update('description', e.currentTarget.value)}
            />
          )}
        </FormField>

        <div class="field-row">
          <FormField id={IDS.priority} label={t('newTicket.priority')} error={render(errors.priority)}>
            {(describedBy) => (
              <select
                id={IDS.priority}
                data-testid={IDS.priority}
                value={values.priority}
                aria-describedby={describedBy}
                onChange={(e) => {
                  const chosen = PRIORITIES.find((p) => p === e.currentTarget.value);
                  if (chosen) update('priority', chosen);
                }}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>

          <FormField
            id={IDS.customerEmail}
            label={t('newTicket.customerEmail')}
            optional
            error={render(errors.customerEmail)}
          >
            {(describedBy) => (
              <input
                id={IDS.customerEmail}
                data-testid={IDS.customerEmail}
                type="email"
                inputMode="email"
                autoComplete="off"
                value={values.customerEmail}
                aria-invalid={errors.customerEmail ? true : undefined}
                aria-describedby={describedBy}
                onInput={(e) => update('customerEmail', e.currentTarget.value)}
              />
            )}
          </FormField>
        </div>

        <div class="form-actions">
          <a class="button button-quiet" href={paths.lastQueue()}>
            {t('newTicket.cancel')}
          </a>
          <button type="submit" class="button button-primary" data-testid="new-ticket-submit" disabled={submitting}>
            {submitting ? t('newTicket.submitting') : t('newTicket.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
