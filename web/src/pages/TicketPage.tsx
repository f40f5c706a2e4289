import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { EntryKind, Ticket, TicketDetail } from '../api/tickets.ts';
import { addEntry, getTicketDetail, ifMatchFor, takeTicket, updateTicket } from '../api/tickets.ts';
import type { AttachmentInfo } from '../api/attachments.ts';
import { downloadLink, registerAttachment } from '../api/attachments.ts';
import type { CustomField } from '../api/directory.ts';
import { labelIn } from '../api/directory.ts';
import { useApp } from '../app-context.ts';
import { useDirectory, useNames } from '../data/directory.ts';
import { PriorityBadge, StatusBadge } from '../components/Badge.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { Composer } from '../tickets/Composer.tsx';
import { takeComposerFocus } from '../tickets/composer-focus.ts';
import { ConflictDialog } from '../tickets/ConflictDialog.tsx';
import { HistoryList } from '../tickets/HistoryList.tsx';
import { PropertiesPanel } from '../tickets/PropertiesPanel.tsx';
import { SlaBadge } from '../tickets/SlaBadge.tsx';
import type { Edit } from '../tickets/ticket-edit.ts';
import { isTicket, updateFor, withEdit } from '../tickets/ticket-edit.ts';
import { Thread } from '../tickets/Thread.tsx';

type Load = { state: 'loading' } | { state: 'loaded' } | { state: 'failed'; error: unknown };

/** Error codes after which the page re-reads the ticket, because what it shows is out of date. */
const STALE_CODES = new Set(['TICKET_CLOSED', 'INVALID_TRANSITION', 'CONFLICT', 'NOT_FOUND']);

export function TicketPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { api, user } = useApp();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [detail, setDetail] = useState<TicketDetail>();
  const [etag, setEtag] = useState<string>();
  /** The edit being saved, or refused by a conflict and waiting for the user's decision. */
  const [pending, setPending] = useState<Edit>();
  /** The server's ticket when a save hit VERSION_CONFLICT. */
  const [conflict, setConflict] = useState<Ticket>();
  const [saving, setSaving] = useState(false);
  const [saveState, setSaveState] = useState<'saving' | 'saved'>();
  const [failure, setFailure] = useState<unknown>();
  const [focusComposer] = useState(() => takeComposerFocus(id));
  /** Highest version on screen: a slow re-read must never replace a newer ticket with an older one. */
  const shownVersion = useRef(0);

  function accept(ticket: Ticket, newEtag?: string) {
    if (ticket.version < shownVersion.current) return;
    shownVersion.current = ticket.version;
    // A write's answer may leave out the description and its mail; then the ones on screen stand.
    setDetail((d) => {
      if (!d) return d;
      const descriptionEmail = ticket.descriptionEmail ?? d.ticket.descriptionEmail;
      return { ...d, ticket: { ...ticket, description: ticket.description ?? d.ticket.description, ...(descriptionEmail ? { descriptionEmail } : {}) } };
    });
    setEtag(newEtag);
  }

  /** Re-reads header, thread and history (after a save, to show the new history line). */
  async function refresh(force = false) {
    try {
      const { detail: fresh, etag: freshEtag } = await getTicketDetail(api, id);
      if (!force && fresh.ticket.version < shownVersion.current) return;
      shownVersion.current = fresh.ticket.version;
      setDetail(fresh);
      setEtag(freshEtag);
    } catch (error) {
      if (force) setFailure(error);
    }
  }

  useEffect(() => {
    let current = true;
    getTicketDetail(api, id).then(
      ({ detail: fresh, etag: freshEtag }) => {
        if (!current) return;
        shownVersion.current = fresh.ticket.version;
        setDetail(fresh);
        setEtag(freshEtag);
        setLoad({ state: 'loaded' });
      },
      (error: unknown) => current && setLoad({ state: 'failed', error }),
    );
    // A slower response for a previous id must not overwrite the ticket now on screen.
    return () => {
      current = false;
    };
  }, [api, id]);

  useEffect(() => {
    if (detail) document.title = `#${detail.ticket.number} ${detail.ticket.subject} · ${t('app.name')}`;
    return () => {
      document.title = t('app.name');
    };
  }, [detail?.ticket.number, detail?.ticket.subject, t]);

  /** Saves one edit on `base` (the version the user saw, or the server's newer one after a conflict). */
  async function save(edit: Edit, base: Ticket, ifMatch: string) {
    setPending(edit);
    setSaving(true);
    setSaveState('saving');
    setFailure(undefined);
    try {
      const result = await updateTicket(api, id, ifMatch, updateFor(edit, base));
      accept(result.ticket, result.etag);
      setPending(undefined);
      setConflict(undefined);
      setSaveState('saved');
      void refresh();
    } catch (error) {
      setSaveState(undefined);
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT' && isTicket(error.details['current'])) {
        // Keep the edit: the dialog shows it beside the current values until the user decides.
        setConflict(error.details['current']);
        return;
      }
      setPending(undefined);
      setConflict(undefined);
      setFailure(error);
      if (error instanceof ApiError && STALE_CODES.has(error.code)) void refresh(true);
    } finally {
      setSaving(false);
    }
  }

  async function take() {
    setSaving(true);
    setSaveState('saving');
    setFailure(undefined);
    try {
      accept(await takeTicket(api, id));
      setSaveState('saved');
      void refresh();
    } catch (error) {
      setSaveState(undefined);
      setFailure(error);
      if (error instanceof ApiError && STALE_CODES.has(error.code)) void refresh(true);
    } finally {
      setSaving(false);
    }
  }

  async function send(kind: EntryKind, body: string, files: AttachmentInfo[]) {
    try {
      const result = await addEntry(api, id, { kind, body, ...(files.length ? { attachmentIds: files.map((f) => f.id) } : {}) });
      setDetail((d) =>
        d
          ? {
              ...d,
              entries: [...d.entries.filter((e) => e.id !== result.entry.id), result.entry],
              attachments: [...(d.attachments ?? []).filter((a) => !files.some((f) => f.id === a.id)), ...(files as TicketDetail['attachments'])],
            }
          : d,
      );
      accept(result.ticket, result.etag);
      void refresh();
    } catch (error) {
      if (error instanceof ApiError && STALE_CODES.has(error.code)) void refresh(true);
      throw error;
    }
  }

  const back = (
    <a class="back-link" href={paths.lastQueue()}>
      ← {t('tickets.back')}
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

  if (load.state === 'failed' || !detail) {
    const error = load.state === 'failed' ? load.error : undefined;
    if (error instanceof ApiError && error.status === 401) return null;
    return (
      <section class="page">
        {back}
        {error instanceof ApiError && error.status === 403 ? (
          <NoAccess />
        ) : error instanceof ApiError && (error.status === 404 || error.status === 400) ? (
          <div class="notice" role="alert" data-testid="ticket-not-found">
            <p>{t('ticket.notFound')}</p>
          </div>
        ) : (
          <ErrorBanner error={error} />
        )}
      </section>
    );
  }

  const { ticket } = detail;
  const readOnly = ticket.status === 'closed';
  const shown = withEdit(ticket, pending);

  return (
    <section class="page page-wide ticket-page">
      {back}
      <div class="ticket-header">
        <span class="ticket-number" data-testid="ticket-number">
          #{ticket.number}
        </span>
        <PageHeading testId="ticket-subject" focusOnMount={!focusComposer}>
          {ticket.subject}
        </PageHeading>
        <div class="ticket-badges">
          <StatusBadge status={ticket.status} testId="ticket-status" />
          <PriorityBadge priority={ticket.priority} testId="ticket-priority" />
          <SlaBadge sla={ticket.sla} testId="ticket-sla" />
        </div>
      </div>

      {readOnly ? (
        <div class="notice notice-closed" role="note" data-testid="ticket-closed-note">
          <p>{t('ticket.closedNote')}</p>
          {ticket.mergedIntoId ? (
            <p>
              <a href={paths.ticket(ticket.mergedIntoId)}>{t('ticket.mergedInto')}</a>
            </p>
          ) : null}
        </div>
      ) : null}
      {ticket.followUpOfId ? (
        <p class="follow-up-of">
          <a href={paths.ticket(ticket.followUpOfId)}>{t('ticket.followUpOf')}</a>
        </p>
      ) : null}

      {failure && !(failure instanceof ApiError && failure.status === 401) ? (
        <SaveFailure error={failure} onDismiss={() => setFailure(undefined)} />
      ) : null}

      <div class="ticket-layout">
        <div class="ticket-main">
          <Thread ticket={ticket} entries={detail.entries} attachments={detail.attachments ?? []} me={user.sub} onDownload={(attachmentId) => downloadLink(api, id, attachmentId)} />
          {readOnly ? null : <Composer autoFocus={focusComposer} onSend={send} onRegister={(file) => registerAttachment(api, id, file)} />}
          <HistoryList history={detail.history} me={user.sub} />
        </div>

        <div class="ticket-side">
          <PropertiesPanel
            ticket={ticket}
            shown={shown}
            me={user.sub}
            readOnly={readOnly}
            busy={saving || conflict !== undefined}
            saveState={saveState}
            onEdit={(edit) => void save(edit, ticket, ifMatchFor(ticket, etag))}
            onTake={() => void take()}
          />
          <CustomerPanel ticket={ticket} />
          <DetailsPanel ticket={ticket} />
        </div>
      </div>

      {conflict && pending ? (
        <ConflictDialog
          current={conflict}
          edit={pending}
          me={user.sub}
          busy={saving}
          onReload={() => {
            setPending(undefined);
            setConflict(undefined);
            void refresh(true);
          }}
          onApplyAgain={() => {
            accept(conflict);
            void save(pending, conflict, ifMatchFor(conflict));
          }}
        />
      ) : null}
    </section>
  );
}

/** The API's refusal in the user's language where we know the code; the server's text otherwise. */
function SaveFailure({ error, onDismiss }: { error: unknown; onDismiss(): void }) {
  const { t } = useI18n();
  const code = error instanceof ApiError ? error.code : undefined;
  const known =
    code === 'INVALID_TRANSITION'
      ? t('save.invalidTransition')
      : code === 'TICKET_CLOSED'
        ? t('save.closed')
        : code === 'CONFLICT'
          ? t('save.alreadyAssigned')
          : undefined;
  if (!known) return <ErrorBanner error={error} onDismiss={onDismiss} />;
  return (
    <div class="banner banner-error" role="alert" data-testid="save-error" data-code={code}>
      <div class="banner-body">
        <strong class="banner-title">{t('save.failed')}</strong>
        <p>{known}</p>
      </div>
      <button type="button" class="button button-quiet" onClick={onDismiss}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}

function CustomerPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  return (
    <section class="card panel" data-testid="customer-panel" aria-labelledby="customer-title">
      <h2 class="card-title" id="customer-title">
        {t('customer.title')}
      </h2>
      {ticket.customerName ? (
        <p class="customer-name" data-testid="ticket-customer-name" translate={false}>
          {ticket.customerName}
        </p>
      ) : null}
      <p class="customer-email" data-testid="ticket-customer-email">
        {ticket.customerEmail ? <Email address={ticket.customerEmail} /> : <span class="muted">{t('ticket.noCustomer')}</span>}
      </p>
      {ticket.customerId ? (
        <p class="customer-profile">
          <a href={paths.customer(ticket.customerId)} data-testid="customer-profile-link">
            {t('customer.openProfile')} →
          </a>
        </p>
      ) : null}
    </section>
  );
}

function DetailsPanel({ ticket }: { ticket: Ticket }) {
  const { t, formatDate, language } = useI18n();
  const names = useNames();
  const fields = useDirectory('custom-fields').data?.items ?? [];
  const values = Object.entries(ticket.customFields ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  return (
    <section class="card panel ticket-details" aria-labelledby="details-title">
      <h2 class="card-title" id="details-title">
        {t('ticket.details')}
      </h2>
      <dl class="details-list">
        <dt>{t('ticket.channel')}</dt>
        <dd data-testid="ticket-channel">{t(`channel.${ticket.channel}`)}</dd>
        {ticket.type ? (
          <>
            <dt>{t('field.type')}</dt>
            <dd data-testid="ticket-type">{t(`type.${ticket.type}`)}</dd>
          </>
        ) : null}
        {ticket.categoryId ? (
          <>
            <dt>{t('field.category')}</dt>
            <dd data-testid="ticket-category">{names.category(ticket.categoryId) ?? ticket.categoryId}</dd>
          </>
        ) : null}
        <dt>{t('field.team')}</dt>
        <dd data-testid="ticket-team">{ticket.teamId ? (names.team(ticket.teamId) ?? ticket.teamId) : <span class="muted">{t('value.none')}</span>}</dd>
        {values.map(([key, value]) => {
          const def = fields.find((f) => f.key === key);
          return (
            <Fragment key={key}>
              <dt>{def ? labelIn(def.label, language) : key}</dt>
              <dd data-testid={`ticket-field-${key}`}>{customValueText(t, language, def, value)}</dd>
            </Fragment>
          );
        })}
        <dt>{t('ticket.created')}</dt>
        <dd data-testid="ticket-created">
          <time dateTime={ticket.createdAt}>{formatDate(ticket.createdAt)}</time>
        </dd>
        <dt>{t('ticket.updated')}</dt>
        <dd data-testid="ticket-updated">
          <time dateTime={ticket.updatedAt}>{formatDate(ticket.updatedAt)}</time>
        </dd>
      </dl>
    </section>
  );
}

/** A custom field value in words: option labels for choices, yes/no for checkboxes. */
function customValueText(t: ReturnType<typeof useI18n>['t'], language: string, def: CustomField | undefined, value: unknown): string {
  const option = (v: unknown) => {
    const found = def?.options.find((o) => o.value === v);
    return found ? labelIn(found.label, language) : String(v);
  };
  if (typeof value === 'boolean') return value ? t('value.yes') : t('value.no');
  if (Array.isArray(value)) return value.map(option).join(t('list.separator'));
  if (def?.type === 'select') return option(value);
  return String(value);
}

/** Offers line breaks before each '.' and '@' so a long address wraps between its parts, not mid-word. */
function Email({ address }: { address: string }) {
  return (
    <>
      {address.split(/(?=[.@])/).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
