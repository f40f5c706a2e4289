import { useEffect, useState } from 'preact/hooks';
import type { Asset, Customer, Customer360, CustomerChanges, CustomerLanguage, CustomerTier, NewAssetInput } from '../api/customers.ts';
import { CUSTOMER_LANGUAGES, CUSTOMER_TIERS, addAsset, getCustomer360, isCustomer, listOrganizations, updateCustomer, warrantyStatus } from '../api/customers.ts';
import { ApiError } from '../api/errors.ts';
import type { FieldError } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { PriorityBadge, StatusBadge } from '../components/Badge.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { FormField } from '../components/FormField.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { StaleDialog } from '../components/StaleDialog.tsx';
import { TierBadge } from '../customers/CustomerBits.tsx';
import { useCached } from '../data/cache.ts';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { TAGS_MAX, TAG_MAX_LENGTH, normalizeTag } from '../tickets/ticket-edit.ts';

type Load = { state: 'loading' } | { state: 'loaded' } | { state: 'failed'; error: unknown };

interface Draft {
  tier: CustomerTier;
  language: CustomerLanguage;
  tags: string[];
}

const draftOf = (c: Customer): Draft => ({ tier: c.tier, language: c.language, tags: [...c.tags] });

/** Only what the user changed, so a save never overwrites a field they did not touch. */
function changesOf(draft: Draft, base: Customer): CustomerChanges {
  const changes: CustomerChanges = {};
  if (draft.tier !== base.tier) changes.tier = draft.tier;
  if (draft.language !== base.language) changes.language = draft.language;
  if (draft.tags.join('\u0000') !== base.tags.join('\u0000')) changes.tags = draft.tags;
  return changes;
}

/** Customer 360: profile, equipment and tickets on one page. */
export function CustomerPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { api } = useApp();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [view, setView] = useState<Customer360>();
  const [etag, setEtag] = useState<string>();

  async function read(): Promise<void> {
    try {
      const { view: fresh, etag: freshEtag } = await getCustomer360(api, id);
      setView(fresh);
      setEtag(freshEtag);
      setLoad({ state: 'loaded' });
    } catch (error) {
      setLoad({ state: 'failed', error });
    }
  }

  useEffect(() => {
    void read();
  }, [api, id]);

  useEffect(() => {
    if (view) document.title = `${view.customer.name} · ${t('app.name')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [view?.customer.name, t]);

  const back = (
    <a class="back-link" href={paths.lastCustomers()}>
      ← {t('customers.back')}
    </a>
  );

  if (load.state === 'loading') {
    return (
      <section class="page">
        {back}
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      </section>
    );
  }
  if (load.state === 'failed' || !view) {
    const error = load.state === 'failed' ? load.error : undefined;
    if (error instanceof ApiError && error.status === 401) return null;
    if (error instanceof ApiError && error.status === 403) return <NoAccess />;
    return (
      <section class="page">
        {back}
        {error instanceof ApiError && (error.status === 404 || error.status === 400) ? (
          <div class="notice" role="alert" data-testid="customer-not-found">
            <p>{t('customer.notFound')}</p>
          </div>
        ) : (
          <ErrorBanner error={error} />
        )}
      </section>
    );
  }

  const { customer } = view;
  return (
    <section class="page page-wide customer-page" data-testid="customer-page" data-customer-id={customer.id}>
      {back}
      <div class="customer-header">
        <PageHeading testId="customer-name">
          <span translate={false}>{customer.name}</span>
        </PageHeading>
        <TierBadge tier={customer.tier} testId="customer-tier" />
        <a class="button button-primary customer-new-ticket" href={paths.newTicketFor(customer.id)} data-testid="customer-new-ticket">
          {t('customer.newTicket')}
        </a>
      </div>
      <div class="customer-layout">
        <div class="customer-side">
          <ProfileCard
            customer={customer}
            etag={etag}
            onSaved={(saved, newEtag) => {
              setView((v) => (v ? { ...v, customer: saved } : v));
              setEtag(newEtag ?? `"${saved.version}"`);
            }}
            onReload={() => read()}
          />
        </div>
        <div class="customer-main">
          <EquipmentCard customerId={customer.id} assets={view.assets} onAdded={(asset) => setView((v) => (v ? { ...v, assets: [...v.assets, asset] } : v))} />
          <TicketsCard view={view} />
        </div>
      </div>
    </section>
  );
}

function ProfileCard({ customer, etag, onSaved, onReload }: { customer: Customer; etag?: string; onSaved(c: Customer, etag?: string): void; onReload(): Promise<void> }) {
  const { t, formatDate } = useI18n();
  const { api } = useApp();
  const organizations = useCached(api, 'organizations', () => listOrganizations(api));
  const organization = customer.organizationId ? organizations.data?.find((o) => o.id === customer.organizationId) : undefined;
  const [draft, setDraft] = useState<Draft>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [conflict, setConflict] = useState<{ current: Customer; changes: CustomerChanges }>();
  const [saved, setSaved] = useState(false);

  async function save(changes: CustomerChanges, ifMatch: string) {
    setSaving(true);
    setFailure(undefined);
    setSaved(false);
    try {
      const result = await updateCustomer(api, customer.id, ifMatch, changes);
      onSaved(result.customer, result.etag);
      setDraft(undefined);
      setConflict(undefined);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT' && isCustomer(error.details['current'])) {
        setConflict({ current: error.details['current'], changes });
      } else {
        setConflict(undefined);
        setFailure(error);
      }
    } finally {
      setSaving(false);
    }
  }

  const tierText = (tier: CustomerTier | undefined) => (tier ? t(`tier.${tier}`) : '');
  const languageText = (lang: CustomerLanguage | undefined) => (lang ? t(`lang.${lang}`) : '');
  const tagsText = (tags: string[] | undefined) => (tags && tags.length ? tags.join(t('list.separator')) : t('value.none'));

  return (
    <section class="card panel customer-profile-card" data-testid="customer-profile" aria-labelledby="profile-title">
      <div class="panel-head">
        <h2 class="card-title" id="profile-title">
          {t('customer.profileTitle')}
        </h2>
        <span class="save-state" role="status" data-testid="customer-save-state">
          {saving ? t('props.saving') : saved ? t('props.saved') : ''}
        </span>
      </div>
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      <dl class="details-list profile-list">
        <dt>{t('customer.emails')}</dt>
        <dd data-testid="customer-emails">
          {customer.emails.length ? (
            <ul class="plain-list">
              {customer.emails.map((email) => (
                <li key={email}>
                  <a href={`mailto:${email}`}>{email}</a>
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">{t('value.none')}</span>
          )}
        </dd>
        <dt>{t('customer.phones')}</dt>
        <dd data-testid="customer-phones">
          {customer.phones.length ? (
            <ul class="plain-list">
              {customer.phones.map((phone) => (
                <li key={phone}>
                  <a href={`tel:${phone}`}>{phone}</a>
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">{t('value.none')}</span>
          )}
        </dd>
        <dt>{t('customer.organization')}</dt>
        <dd data-testid="customer-organization">
          {customer.organizationId ? organization ? <span translate={false}>{organization.name}</span> : t('app.loading') : <span class="muted">{t('value.none')}</span>}
        </dd>
        {draft ? null : (
          <>
            <dt>{t('customer.tier')}</dt>
            <dd data-testid="customer-profile-tier">{tierText(customer.tier)}</dd>
            <dt>{t('customer.language')}</dt>
            <dd data-testid="customer-language">{languageText(customer.language)}</dd>
            <dt>{t('field.tags')}</dt>
            <dd data-testid="customer-tags">
              {customer.tags.length ? (
                <ul class="tag-list">
                  {customer.tags.map((tag) => (
                    <li key={tag} class="tag tag-static" data-tag={tag}>
                      {tag}
                    </li>
                  ))}
                </ul>
              ) : (
                <span class="muted">{t('tags.none')}</span>
              )}
            </dd>
          </>
        )}
        <dt>{t('customer.since')}</dt>
        <dd>
          <time dateTime={customer.createdAt}>{formatDate(customer.createdAt)}</time>
        </dd>
      </dl>

      {draft ? (
        <ProfileForm
          draft={draft}
          busy={saving || conflict !== undefined}
          onChange={setDraft}
          onCancel={() => setDraft(undefined)}
          onSave={() => {
            const changes = changesOf(draft, customer);
            if (Object.keys(changes).length === 0) return setDraft(undefined);
            void save(changes, etag ?? `"${customer.version}"`);
          }}
        />
      ) : (
        <div class="panel-actions">
          <button
            type="button"
            class="button button-quiet button-small"
            data-testid="customer-edit"
            onClick={() => {
              setSaved(false);
              setDraft(draftOf(customer));
            }}
          >
            {t('customer.edit')}
          </button>
        </div>
      )}

      {conflict ? (
        <StaleDialog
          testId="customer-conflict"
          title={t('customer.conflict.title')}
          body={t('customer.conflict.body', { name: conflict.current.name })}
          busy={saving}
          rows={[
            { key: 'tier', label: t('customer.tier'), now: tierText(conflict.current.tier), ...('tier' in conflict.changes ? { yours: tierText(conflict.changes.tier) } : {}) },
            { key: 'language', label: t('customer.language'), now: languageText(conflict.current.language), ...('language' in conflict.changes ? { yours: languageText(conflict.changes.language) } : {}) },
            { key: 'tags', label: t('field.tags'), now: tagsText(conflict.current.tags), ...('tags' in conflict.changes ? { yours: tagsText(conflict.changes.tags) } : {}) },
          ]}
          reloadLabel={t('conflict.reload')}
          applyLabel={t('conflict.apply')}
          onReload={() => {
            setConflict(undefined);
            setDraft(undefined);
            void onReload();
          }}
          onApply={() => {
            const { current, changes } = conflict;
            onSaved(current, `"${current.version}"`);
            void save(changes, `"${current.version}"`);
          }}
        />
      ) : null}
    </section>
  );
}

function ProfileForm({ draft, busy, onChange, onCancel, onSave }: { draft: Draft; busy: boolean; onChange(d: Draft): void; onCancel(): void; onSave(): void }) {
  const { t } = useI18n();
  const [tagText, setTagText] = useState('');
  const [tagProblem, setTagProblem] = useState<string>();

  function addTag() {
    if (!tagText.trim()) return;
    const tag = normalizeTag(tagText);
    if (!tag) return setTagProblem(t('tags.invalid', { max: TAG_MAX_LENGTH }));
    if (draft.tags.includes(tag)) return setTagText('');
    if (draft.tags.length >= TAGS_MAX) return setTagProblem(t('tags.tooManyCustomer', { max: TAGS_MAX }));
    setTagProblem(undefined);
    setTagText('');
    onChange({ ...draft, tags: [...draft.tags, tag] });
  }

  return (
    <form
      class="profile-form"
      data-testid="customer-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (tagText.trim()) return addTag();
        onSave();
      }}
    >
      <div class="field-row field-row-even">
        <FormField id="customer-tier-input" label={t('customer.tier')}>
          {() => (
            <select
              id="customer-tier-input"
              data-testid="customer-tier-input"
              value={draft.tier}
              onChange={(e) => {
                const tier = CUSTOMER_TIERS.find((x) => x === e.currentTarget.value);
                if (tier) onChange({ ...draft, tier });
              }}
            >
              {CUSTOMER_TIERS.map((tier) => (
                <option key={tier} value={tier}>
                  {t(`tier.${tier}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="customer-language-input" label={t('customer.language')}>
          {() => (
            <select
              id="customer-language-input"
              data-testid="customer-language-input"
              value={draft.language}
              onChange={(e) => {
                const language = CUSTOMER_LANGUAGES.find((x) => x === e.currentTarget.value);
                if (language) onChange({ ...draft, language });
              }}
            >
              {CUSTOMER_LANGUAGES.map((lang) => (
                <option key={lang} value={lang} lang={lang}>
                  {t(`lang.${lang}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div class="field">
        <span class="field-label" id="customer-tags-label">
          {t('field.tags')}
        </span>
        <ul class="tag-list" aria-labelledby="customer-tags-label" data-testid="customer-tags-edit">
          {draft.tags.length === 0 ? <li class="muted">{t('tags.none')}</li> : null}
          {draft.tags.map((tag) => (
            <li key={tag} class="tag" data-tag={tag}>
              <span>{tag}</span>
              <button
                type="button"
                class="tag-remove"
                aria-label={t('tags.remove', { tag })}
                title={t('tags.remove', { tag })}
                onClick={() => onChange({ ...draft, tags: draft.tags.filter((x) => x !== tag) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div class="tag-add">
          <label class="visually-hidden" for="customer-tag-input">
            {t('tags.add')}
          </label>
          <input
            id="customer-tag-input"
            type="text"
            data-testid="customer-tag-input"
            autoComplete="off"
            maxLength={TAG_MAX_LENGTH}
            placeholder={t('tags.placeholder')}
            value={tagText}
            aria-invalid={tagProblem ? true : undefined}
            aria-describedby={tagProblem ? 'customer-tag-problem' : undefined}
            onInput={(e) => {
              setTagText(e.currentTarget.value);
              setTagProblem(undefined);
            }}
          />
          <button type="button" class="button button-quiet button-small" data-testid="customer-tag-add" disabled={!tagText.trim()} onClick={addTag}>
            {t('tags.add')}
          </button>
          {tagProblem ? (
            <p class="field-error" id="customer-tag-problem">
              {tagProblem}
            </p>
          ) : null}
        </div>
      </div>
      <div class="form-actions">
        <button type="button" class="button button-quiet" data-testid="customer-cancel" disabled={busy} onClick={onCancel}>
          {t('newTicket.cancel')}
        </button>
        <button type="submit" class="button button-primary" data-testid="customer-save" disabled={busy}>
          {t('customer.save')}
        </button>
      </div>
    </form>
  );
}

const EMPTY_ASSET = { productModel: '', serialNumber: '', installDate: '', warrantyEnd: '', address: '' };
type AssetField = keyof typeof EMPTY_ASSET;

function EquipmentCard({ customerId, assets, onAdded }: { customerId: string; assets: Asset[]; onAdded(a: Asset): void }) {
  const { t, formatDay, today } = useI18n();
  const { api } = useApp();
  const [form, setForm] = useState<typeof EMPTY_ASSET>();
  const [errors, setErrors] = useState<Partial<Record<AssetField, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const now = today();

  function update(field: AssetField, value: string) {
    setForm((f) => (f ? { ...f, [field]: value } : f));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!form || busy) return;
    const found: Partial<Record<AssetField, string>> = {};
    if (!form.productModel.trim()) found.productModel = t('validation.required');
    if (!form.serialNumber.trim()) found.serialNumber = t('validation.required');
    if (form.installDate && form.warrantyEnd && form.warrantyEnd < form.installDate) found.warrantyEnd = t('equipment.warrantyBeforeInstall');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length) {
      document.getElementById(`asset-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const input: NewAssetInput = {
      productModel: form.productModel.trim(),
      serialNumber: form.serialNumber.trim(),
      ...(form.installDate ? { installDate: form.installDate } : {}),
      ...(form.warrantyEnd ? { warrantyEnd: form.warrantyEnd } : {}),
      ...(form.address.trim() ? { address: form.address.trim() } : {}),
    };
    setBusy(true);
    try {
      onAdded(await addAsset(api, customerId, input));
      setForm(undefined);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : [];
      const mapped = mapFields(fields, Object.keys(EMPTY_ASSET) as AssetField[]);
      setErrors(mapped);
      if (Object.keys(mapped).length < fields.length || !fields.length) setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card panel equipment" data-testid="equipment" aria-labelledby="equipment-title">
      <div class="panel-head">
        <h2 class="card-title" id="equipment-title">
          {t('equipment.title', { count: assets.length })}
        </h2>
        {form ? null : (
          <button type="button" class="button button-quiet button-small" data-testid="equipment-add" onClick={() => setForm({ ...EMPTY_ASSET })}>
            + {t('equipment.add')}
          </button>
        )}
      </div>
      {assets.length === 0 && !form ? <p class="muted">{t('equipment.none')}</p> : null}
      {assets.length ? (
        <ul class="equipment-list">
          {assets.map((asset) => {
            const warranty = warrantyStatus(asset, now);
            return (
              <li key={asset.id} class="equipment-item" data-testid="equipment-item" data-serial={asset.serialNumber}>
                <div class="equipment-head">
                  <strong class="equipment-model" translate={false}>
                    {asset.productModel}
                  </strong>
                  <span class={`badge badge-warranty-${warranty}`} data-testid="equipment-warranty" data-warranty={warranty}>
                    {t(`equipment.warranty.${warranty}`)}
                  </span>
                </div>
                <dl class="equipment-facts">
                  <div>
                    <dt>{t('equipment.serial')}</dt>
                    <dd class="mono" data-testid="equipment-serial" translate={false}>
                      {asset.serialNumber}
                    </dd>
                  </div>
                  {asset.installDate ? (
                    <div>
                      <dt>{t('equipment.installed')}</dt>
                      <dd>
                        <time dateTime={asset.installDate}>{formatDay(asset.installDate)}</time>
                      </dd>
                    </div>
                  ) : null}
                  {asset.warrantyEnd ? (
                    <div>
                      <dt>{t('equipment.warrantyEnd')}</dt>
                      <dd>
                        <time dateTime={asset.warrantyEnd} data-testid="equipment-warranty-end">
                          {formatDay(asset.warrantyEnd)}
                        </time>
                      </dd>
                    </div>
                  ) : null}
                  {asset.address ? (
                    <div class="equipment-address">
                      <dt>{t('equipment.address')}</dt>
                      <dd translate={false}>{asset.address}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            );
          })}
        </ul>
      ) : null}

      {form ? (
        <form class="equipment-form" noValidate data-testid="equipment-form" onSubmit={submit}>
          <h3 class="form-subtitle">{t('equipment.new')}</h3>
          {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
          <div class="field-row field-row-even">
            <FormField id="asset-productModel" label={t('equipment.model')} required error={errors.productModel}>
              {(describedBy) => (
                <input id="asset-productModel" data-testid="asset-productModel" type="text" maxLength={120} value={form.productModel} aria-invalid={errors.productModel ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('productModel', e.currentTarget.value)} />
              )}
            </FormField>
            <FormField id="asset-serialNumber" label={t('equipment.serial')} required error={errors.serialNumber}>
              {(describedBy) => (
                <input id="asset-serialNumber" data-testid="asset-serialNumber" type="text" maxLength={120} value={form.serialNumber} aria-invalid={errors.serialNumber ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('serialNumber', e.currentTarget.value)} />
              )}
            </FormField>
          </div>
          <div class="field-row field-row-even">
            <FormField id="asset-installDate" label={t('equipment.installed')} optional error={errors.installDate}>
              {(describedBy) => (
                <input id="asset-installDate" data-testid="asset-installDate" type="date" value={form.installDate} aria-invalid={errors.installDate ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('installDate', e.currentTarget.value)} />
              )}
            </FormField>
            <FormField id="asset-warrantyEnd" label={t('equipment.warrantyEnd')} optional error={errors.warrantyEnd}>
              {(describedBy) => (
                <input id="asset-warrantyEnd" data-testid="asset-warrantyEnd" type="date" value={form.warrantyEnd} aria-invalid={errors.warrantyEnd ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('warrantyEnd', e.currentTarget.value)} />
              )}
            </FormField>
          </div>
          <FormField id="asset-address" label={t('equipment.address')} optional error={errors.address}>
            {(describedBy) => (
              <input id="asset-address" data-testid="asset-address" type="text" maxLength={500} value={form.address} aria-invalid={errors.address ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('address', e.currentTarget.value)} />
            )}
          </FormField>
          <div class="form-actions">
            <button type="button" class="button button-quiet" disabled={busy} onClick={() => { setForm(undefined); setErrors({}); setFailure(undefined); }}>
              {t('newTicket.cancel')}
            </button>
            <button type="submit" class="button button-primary" data-testid="asset-submit" disabled={busy}>
              {busy ? t('equipment.adding') : t('equipment.save')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** API field paths (last segment) onto the inputs that show them. */
function mapFields<F extends string>(fields: FieldError[], known: readonly F[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const last = f.path.split('.').pop() as F;
    if (known.includes(last) && !out[last]) out[last] = f.message;
  }
  return out;
}

function TicketsCard({ view }: { view: Customer360 }) {
  const { t, formatDate, formatRelative } = useI18n();
  const rows = view.tickets.items;
  return (
    <section class="card panel customer-tickets" data-testid="customer-tickets" aria-labelledby="customer-tickets-title">
      <div class="panel-head">
        <h2 class="card-title" id="customer-tickets-title">
          {t('customer.tickets', { count: rows.length })}
        </h2>
      </div>
      {rows.length === 0 ? (
        <p class="muted">{t('customer.noTickets')}</p>
      ) : (
        <ul class="customer-ticket-list">
          {rows.map((row) => (
            <li key={row.id} class="customer-ticket" data-testid="customer-ticket" data-ticket-id={row.id}>
              <a class="customer-ticket-subject" href={paths.ticket(row.id)} data-testid="customer-ticket-link">
                <span class="queue-number">#{row.number}</span> <span translate={false}>{row.subject}</span>
              </a>
              <span class="customer-ticket-meta">
                <StatusBadge status={row.status} />
                <PriorityBadge priority={row.priority} />
                <time dateTime={row.updatedAt} title={formatDate(row.updatedAt)}>
                  {formatRelative(row.updatedAt)}
                </time>
              </span>
            </li>
          ))}
        </ul>
      )}
      {view.tickets.cursor ? <p class="muted customer-tickets-more">{t('customer.latestTickets')}</p> : null}
    </section>
  );
}
