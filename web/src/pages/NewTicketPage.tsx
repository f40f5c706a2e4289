import { useEffect, useRef, useState } from 'preact/hooks';
import type { Customer } from '../api/customers.ts';
import { createCustomer, customerQueryFor, getCustomer360 } from '../api/customers.ts';
import type { CustomField } from '../api/directory.ts';
import { TICKET_TYPES, fieldsForType, labelIn } from '../api/directory.ts';
import { ApiError } from '../api/errors.ts';
import { PRIORITIES, createTicket } from '../api/tickets.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { FormField } from '../components/FormField.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { CustomerSummary } from '../customers/CustomerBits.tsx';
import { useCustomerSearch } from '../customers/search.ts';
import { useDirectory } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import { navigate, paths } from '../router.ts';
import type { CustomFieldRaw, CustomFieldValues } from '../tickets/custom-field-form.ts';
import { customFieldKeyOf, customFieldsRequest, validateCustomFieldValues } from '../tickets/custom-field-form.ts';
import type { FieldErrors, FieldMessage, NewTicketField, NewTicketValues } from '../tickets/new-ticket-form.ts';
import { DESCRIPTION_MAX, SUBJECT_MAX, fieldForPath, toRequest, validateNewCustomer, validateNewTicket } from '../tickets/new-ticket-form.ts';

const EMPTY: NewTicketValues = { subject: '', description: '', priority: 'normal', customerEmail: '', customerName: '', customerPhone: '', type: '', categoryId: '' };

/** Input ids double as test ids, so the error elements get predictable ids too. */
const IDS: Record<NewTicketField, string> = {
  customerName: 'new-ticket-customer-name',
  customerEmail: 'new-ticket-customer-email',
  customerPhone: 'new-ticket-customer-phone',
  subject: 'new-ticket-subject',
  description: 'new-ticket-description',
  type: 'new-ticket-type',
  categoryId: 'new-ticket-category',
  priority: 'new-ticket-priority',
};
const FIELD_ORDER = Object.keys(IDS) as NewTicketField[];
const cfId = (key: string) => `new-ticket-cf-${key}`;

type CustomerMode = 'search' | 'selected' | 'new';

/** A customer that already owns the email or phone the agent typed for a "new" one. */
interface Owner {
  field: 'customerEmail' | 'customerPhone';
  customerId: string;
}

/**
 * A ticket for a phone call: find the caller first (by name, email or phone), or enter a new
 * customer; then what they need, with the category, type and the custom fields of that type.
 */
export function NewTicketPage({ customerId }: { customerId?: string }) {
  const { t, language } = useI18n();
  const { api } = useApp();
  const categories = useDirectory('categories').data?.items ?? [];
  const fieldDefs = useDirectory('custom-fields');
  const allFields = fieldDefs.data?.items ?? [];
  const [values, setValues] = useState<NewTicketValues>(EMPTY);
  const [mode, setMode] = useState<CustomerMode>('search');
  const [customer, setCustomer] = useState<Customer>();
  const [custom, setCustom] = useState<CustomFieldValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [customErrors, setCustomErrors] = useState<Record<string, FieldMessage>>({});
  const [owner, setOwner] = useState<Owner>();
  const [failure, setFailure] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  const fields = fieldsForType(allFields, values.type || undefined);

  // Opened from a customer's page: that customer is already chosen.
  useEffect(() => {
    if (!customerId) return;
    let current = true;
    getCustomer360(api, customerId).then(
      ({ view }) => {
        if (!current) return;
        setCustomer(view.customer);
        setMode('selected');
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, customerId]);

  const render = (message: FieldMessage | undefined) => (!message ? undefined : 'text' in message ? message.text : t(message.key, message.params));

  function update<K extends NewTicketField>(field: K, value: NewTicketValues[K]) {
    setValues((prev) => ({ ...prev, [field]: value }));
    // Clear the complaint as soon as the user acts on it.
    if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
    if (owner?.field === field) setOwner(undefined);
  }

  function updateCustom(key: string, value: CustomFieldRaw) {
    setCustom((prev) => ({ ...prev, [key]: value }));
    if (customErrors[key]) setCustomErrors((prev) => ({ ...prev, [key]: undefined }) as Record<string, FieldMessage>);
  }

  function focusFirstInvalid(found: FieldErrors, foundCustom: Record<string, FieldMessage>) {
    const first = FIELD_ORDER.find((f) => found[f]);
    if (first) return document.getElementById(IDS[first])?.focus();
    const key = fields.find((f) => foundCustom[f.key])?.key;
    if (key) document.getElementById(cfId(key))?.focus();
  }

  function chooseCustomer(chosen: Customer) {
    setCustomer(chosen);
    setMode('selected');
    setOwner(undefined);
    setErrors((prev) => ({ ...prev, customerName: undefined, customerEmail: undefined, customerPhone: undefined }));
  }

  /** "New customer" starts from what was typed in the search box. */
  function startNewCustomer(typed: string) {
    const query = customerQueryFor(typed);
    setValues((prev) => ({
      ...prev,
      customerName: query && 'q' in query ? typed.trim() : prev.customerName,
      customerEmail: query && 'email' in query ? typed.trim() : prev.customerEmail,
      customerPhone: query && 'phone' in query ? typed.trim() : prev.customerPhone,
    }));
    setCustomer(undefined);
    setMode('new');
  }

  async function adoptOwner(found: Owner) {
    try {
      const { view } = await getCustomer360(api, found.customerId);
      chooseCustomer(view.customer);
    } catch (error) {
      setFailure(error);
    }
  }

  /** Maps the API's field paths onto the inputs; answers whether every problem found a place. */
  function showApiProblems(error: ApiError, context: 'ticket' | 'customer'): boolean {
    const fromServer: FieldErrors = {};
    const fromServerCustom: Record<string, FieldMessage> = {};
    let placed = 0;
    // A refusal about custom fields may mean an admin just changed them: show the current ones.
    if (error.fields.some((f) => customFieldKeyOf(f.path))) fieldDefs.reload();
    for (const f of error.fields) {
      const key = customFieldKeyOf(f.path);
      if (key && fields.some((x) => x.key === key)) {
        fromServerCustom[key] ??= { text: f.message };
        placed++;
        continue;
      }
      const head = f.path.split('.')[0];
      const field: NewTicketField | undefined =
        context === 'customer'
          ? head === 'name'
            ? 'customerName'
            : head === 'emails'
              ? 'customerEmail'
              : head === 'phones'
                ? 'customerPhone'
                : undefined
          : fieldForPath(f.path);
      if (field) {
        fromServer[field] ??= { text: f.message };
        placed++;
      }
    }
    setErrors(fromServer);
    setCustomErrors(fromServerCustom);
    focusFirstInvalid(fromServer, fromServerCustom);
    return placed === error.fields.length && placed > 0;
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (submitting) return;
    setFailure(undefined);
    setOwner(undefined);
    const found: FieldErrors = { ...validateNewTicket({ ...values, customerEmail: mode === 'new' ? values.customerEmail : '' }) };
    if (mode === 'new') Object.assign(found, validateNewCustomer(values));
    const foundCustom = validateCustomFieldValues(fields, custom);
    setErrors(found);
    setCustomErrors(foundCustom);
    if (Object.values(found).some(Boolean) || Object.keys(foundCustom).length) {
      focusFirstInvalid(found, foundCustom);
      return;
    }
    setSubmitting(true);
    let chosen = mode === 'selected' ? customer : undefined;
    try {
      // Tickets carry no phone number, so a new customer with one is created first.
      if (mode === 'new' && values.customerPhone?.trim()) {
        try {
          chosen = await createCustomer(api, {
            name: values.customerName?.trim() ?? '',
            emails: [values.customerEmail.trim()],
            phones: [values.customerPhone.trim()],
          });
          chooseCustomer(chosen);
        } catch (error) {
          if (error instanceof ApiError && error.status === 409 && typeof error.details['customerId'] === 'string') {
            const field = error.details['field'] === 'phones' ? 'customerPhone' : 'customerEmail';
            setOwner({ field, customerId: error.details['customerId'] });
            setErrors({ [field]: { key: field === 'customerPhone' ? 'newTicket.phoneTaken' : 'newTicket.emailTaken' } });
            document.getElementById(IDS[field])?.focus();
            setSubmitting(false);
            return;
          }
          if (error instanceof ApiError && error.fields.length && showApiProblems(error, 'customer')) {
            setSubmitting(false);
            return;
          }
          throw error;
        }
      }
      const base = toRequest({ ...values, customerEmail: mode === 'new' && !chosen ? values.customerEmail : '', customerName: mode === 'new' && !chosen ? values.customerName : '' });
      const customFields = customFieldsRequest(fields, custom);
      const ticket = await createTicket(api, { ...base, ...(chosen ? { customerId: chosen.id } : {}), ...(customFields ? { customFields } : {}) });
      navigate(paths.ticket(ticket.id));
    } catch (error) {
      setSubmitting(false);
      // Problems that belong to no visible input still need to be seen somewhere.
      if (error instanceof ApiError && error.fields.length && showApiProblems(error, 'ticket')) return;
      setFailure(error);
    }
  }

  if (failure instanceof ApiError && failure.status === 403) return <NoAccess />;
  const hasErrors = Object.values(errors).some(Boolean) || Object.values(customErrors).some(Boolean);

  return (
    <section class="page page-narrow new-ticket-page">
      <a class="back-link" href={paths.lastQueue()}>
        ← {t('tickets.back')}
      </a>
      <PageHeading>{t('newTicket.title')}</PageHeading>
      {failure && !(failure instanceof ApiError && failure.status === 401) ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      {hasErrors ? (
        <p class="form-summary" role="status">
          {t('newTicket.fixErrors')}
        </p>
      ) : null}
      <form class="card form" noValidate onSubmit={onSubmit} data-testid="new-ticket-form">
        <fieldset class="form-section" data-testid="new-ticket-customer" data-mode={mode}>
          <legend class="form-section-title">{t('newTicket.customer')}</legend>
          {mode === 'selected' && customer ? (
            <div class="chosen-customer" data-testid="chosen-customer" data-customer-id={customer.id}>
              <CustomerSummary customer={customer} />
              <button
                type="button"
                class="button button-quiet button-small"
                data-testid="change-customer"
                onClick={() => {
                  setCustomer(undefined);
                  setMode('search');
                }}
              >
                {t('newTicket.changeCustomer')}
              </button>
            </div>
          ) : mode === 'new' ? (
            <NewCustomerFields
              values={values}
              errors={errors}
              owner={owner}
              render={render}
              update={update}
              onUseOwner={(o) => void adoptOwner(o)}
              onSearch={() => setMode('search')}
            />
          ) : (
            <CustomerFinder onChoose={chooseCustomer} onNew={startNewCustomer} />
          )}
        </fieldset>

        <fieldset class="form-section">
          <legend class="form-section-title">{t('newTicket.request')}</legend>
          <FormField id={IDS.subject} label={t('newTicket.subject')} error={render(errors.subject)} hint={t('newTicket.charCount', { count: values.subject.length, max: SUBJECT_MAX })}>
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
                rows={7}
                maxLength={DESCRIPTION_MAX}
                value={values.description}
                aria-invalid={errors.description ? true : undefined}
                aria-describedby={describedBy}
                onInput={(e) => update('description', e.currentTarget.value)}
              />
            )}
          </FormField>

          <div class="field-row field-row-three">
            <FormField id={IDS.type} label={t('field.type')} optional error={render(errors.type)}>
              {(describedBy) => (
                <select
                  id={IDS.type}
                  data-testid={IDS.type}
                  value={values.type ?? ''}
                  aria-describedby={describedBy}
                  onChange={(e) => update('type', TICKET_TYPES.find((x) => x === e.currentTarget.value) ?? '')}
                >
                  <option value="">{t('newTicket.noType')}</option>
                  {TICKET_TYPES.map((x) => (
                    <option key={x} value={x}>
                      {t(`type.${x}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>

            <FormField id={IDS.categoryId} label={t('field.category')} optional error={render(errors.categoryId)}>
              {(describedBy) => (
                <select
                  id={IDS.categoryId}
                  data-testid={IDS.categoryId}
                  value={values.categoryId ?? ''}
                  aria-describedby={describedBy}
                  aria-invalid={errors.categoryId ? true : undefined}
                  onChange={(e) => update('categoryId', e.currentTarget.value)}
                >
                  <option value="">{categories.length ? t('newTicket.noCategory') : t('newTicket.noCategories')}</option>
                  {categories.map((c) => (
                    <option key={c.id} value={c.id}>
                      {labelIn(c.name, language)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>

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
          </div>
        </fieldset>

        {fields.length ? (
          <fieldset class="form-section" data-testid="new-ticket-custom-fields">
            <legend class="form-section-title">{t('newTicket.details')}</legend>
            <div class="custom-fields">
              {fields.map((field) => (
                <CustomFieldInput key={field.key} field={field} value={custom[field.key]} error={render(customErrors[field.key])} onChange={(v) => updateCustom(field.key, v)} />
              ))}
            </div>
          </fieldset>
        ) : null}

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

function CustomerFinder({ onChoose, onNew }: { onChoose(c: Customer): void; onNew(typed: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const result = useCustomerSearch(text);
  const input = useRef<HTMLInputElement>(null);

  return (
    <div class="customer-finder">
      <div class="finder-row">
        <div class="finder-input">
          <label class="field-label" for="new-ticket-customer-search">
            {t('newTicket.findCustomer')}
            <span class="field-optional">{t('newTicket.optional')}</span>
          </label>
          <input
            id="new-ticket-customer-search"
            ref={input}
            type="search"
            class="search-input"
            data-testid="new-ticket-customer-search"
            autoComplete="off"
            placeholder={t('customers.searchPlaceholder')}
            aria-describedby="new-ticket-customer-search-hint"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter picks the only match instead of submitting the whole form.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (result.state === 'done' && result.items.length === 1 && result.items[0]) onChoose(result.items[0]);
            }}
          />
        </div>
        <button type="button" class="button button-quiet finder-new" data-testid="new-ticket-new-customer" onClick={() => onNew(text)}>
          + {t('newTicket.newCustomer')}
        </button>
      </div>
      <p class="field-hint-block" id="new-ticket-customer-search-hint">
        {t('customers.searchHint')}
      </p>
      <div class="finder-results" data-testid="customer-matches" data-state={result.state} aria-live="polite">
        {result.state === 'incomplete' ? (
          <p class="muted">{t('customers.keepTyping')}</p>
        ) : result.state === 'searching' ? (
          <p class="muted">{t('customers.searching')}</p>
        ) : result.state === 'failed' ? (
          <ErrorBanner error={result.error} />
        ) : result.state === 'done' && result.items.length === 0 ? (
          <p class="finder-none" data-testid="customer-no-match">
            {t('newTicket.noMatch')}{' '}
            <button type="button" class="link-button" data-testid="customer-no-match-new" onClick={() => onNew(text)}>
              {t('newTicket.createFromSearch')}
            </button>
          </p>
        ) : result.state === 'done' ? (
          <ul class="match-list">
            {result.items.map((c) => (
              <li key={c.id}>
                <button type="button" class="match" data-testid="customer-match" data-customer-id={c.id} onClick={() => onChoose(c)} aria-label={t('newTicket.chooseCustomer', { name: c.name })}>
                  <CustomerSummary customer={c} />
                  <span class="match-action" aria-hidden="true">
                    {t('newTicket.choose')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

interface NewCustomerFieldsProps {
  values: NewTicketValues;
  errors: FieldErrors;
  owner?: Owner;
  render(m: FieldMessage | undefined): string | undefined;
  update<K extends NewTicketField>(field: K, value: NewTicketValues[K]): void;
  onUseOwner(owner: Owner): void;
  onSearch(): void;
}

function NewCustomerFields({ values, errors, owner, render, update, onUseOwner, onSearch }: NewCustomerFieldsProps) {
  const { t } = useI18n();
  const ownerAction = (field: Owner['field']) =>
    owner?.field === field ? (
      <button type="button" class="link-button owner-action" data-testid="use-existing-customer" onClick={() => onUseOwner(owner)}>
        {t('newTicket.useExisting')}
      </button>
    ) : null;
  return (
    <div class="new-customer" data-testid="new-customer">
      <div class="field-row field-row-even">
        <FormField id={IDS.customerName} label={t('newTicket.customerName')} required error={render(errors.customerName)}>
          {(describedBy) => (
            <input
              id={IDS.customerName}
              data-testid={IDS.customerName}
              type="text"
              autoComplete="off"
              maxLength={200}
              value={values.customerName ?? ''}
              aria-invalid={errors.customerName ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => update('customerName', e.currentTarget.value)}
            />
          )}
        </FormField>
        <FormField id={IDS.customerEmail} label={t('newTicket.customerEmail')} required error={render(errors.customerEmail)} hint={ownerAction('customerEmail')}>
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
      <div class="field-row field-row-even">
        <FormField id={IDS.customerPhone} label={t('newTicket.customerPhone')} optional error={render(errors.customerPhone)} hint={ownerAction('customerPhone')}>
          {(describedBy) => (
            <input
              id={IDS.customerPhone}
              data-testid={IDS.customerPhone}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={40}
              value={values.customerPhone ?? ''}
              aria-invalid={errors.customerPhone ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => update('customerPhone', e.currentTarget.value)}
            />
          )}
        </FormField>
        <div class="new-customer-back">
          <button type="button" class="link-button" data-testid="back-to-search" onClick={onSearch}>
            ← {t('newTicket.searchInstead')}
          </button>
        </div>
      </div>
    </div>
  );
}

function CustomFieldInput({ field, value, error, onChange }: { field: CustomField; value: CustomFieldRaw | undefined; error?: string; onChange(v: CustomFieldRaw): void }) {
  const { t, language } = useI18n();
  const id = cfId(field.key);
  const label = labelIn(field.label, language);
  const invalid = error ? true : undefined;

  if (field.type === 'checkbox') {
    return (
      <div class={error ? 'field field-invalid field-check' : 'field field-check'} data-field-key={field.key}>
        <label class="check-label" for={id}>
          <input id={id} data-testid={id} type="checkbox" checked={value === true} aria-invalid={invalid} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.currentTarget.checked)} />
          <span>{label}</span>
        </label>
        {error ? (
          <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  if (field.type === 'multiselect') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset class={error ? 'field field-invalid field-options' : 'field field-options'} id={id} data-testid={id} data-field-key={field.key} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
        <legend class="field-label">
          {label}
          {field.required ? (
            <span class="field-required" data-testid={`${id}-required`}>
              <span aria-hidden="true">*</span>
              <span class="visually-hidden">{t('form.required')}</span>
            </span>
          ) : (
            <span class="field-optional">{t('newTicket.optional')}</span>
          )}
        </legend>
        <div class="option-grid">
          {field.options.map((option) => (
            <label key={option.value} class="check-label">
              <input
                type="checkbox"
                value={option.value}
                data-testid={`${id}-${option.value}`}
                checked={chosen.includes(option.value)}
                onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value))}
              />
              <span>{labelIn(option.label, language)}</span>
            </label>
          ))}
        </div>
        {error ? (
          <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </fieldset>
    );
  }

  return (
    <div data-field-key={field.key}>
      <FormField id={id} label={label} required={field.required} optional={!field.required} error={error}>
        {(describedBy) =>
          field.type === 'select' ? (
            <select id={id} data-testid={id} value={typeof value === 'string' ? value : ''} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange(e.currentTarget.value)}>
              <option value="">{t('newTicket.choose')}…</option>
              {field.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {labelIn(option.label, language)}
                </option>
              ))}
            </select>
          ) : field.type === 'date' ? (
            <input id={id} data-testid={id} type="date" value={typeof value === 'string' ? value : ''} aria-invalid={invalid} aria-describedby={describedBy} onInput={(e) => onChange(e.currentTarget.value)} />
          ) : (
            <input
              id={id}
              data-testid={id}
              type="text"
              inputMode={field.type === 'number' ? 'decimal' : undefined}
              autoComplete="off"
              maxLength={field.type === 'text' ? 2000 : undefined}
              value={typeof value === 'string' ? value : ''}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onInput={(e) => onChange(e.currentTarget.value)}
            />
          )
        }
      </FormField>
    </div>
  );
}
