import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatSize } from '../api/attachments.ts';
import { ApiError } from '../api/errors.ts';
import type { HeldMailRow } from '../api/mail.ts';
import { UNFILEABLE_REASONS, listHeldMail, releaseHeldMail } from '../api/mail.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/context.tsx';
import { isAdmin } from '../modules.ts';
import type { HeldMailView } from '../router.ts';
import { HELD_MAIL_VIEWS, paths } from '../router.ts';

type Load = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

/** What happened to a row's release on this page (the list itself is only re-read on reload). */
type Release = { state: 'confirming' } | { state: 'releasing' } | { state: 'released' } | { state: 'unfileable' } | { state: 'failed'; message: MessageKey };

const KNOWN_REASONS = ['spam', 'virus', 'dmarc-reject', 'unparseable', 'too-large', 'no-sender'] as const;
const unfileableKey = (reason: string): MessageKey =>
  reason === 'unparseable' || reason === 'too-large' || reason === 'no-sender' ? `held.cannotFile.${reason}` : 'held.error.notFileable';
const reasonKey = (reason: string): MessageKey | undefined => {
  const known = KNOWN_REASONS.find((r) => r === reason);
  return known ? `held.reason.${known}` : undefined;
};

/**
 * Mail kept aside instead of filed: spam (agents and admins) and the quarantine (admins only).
 * Newest first, a page at a time; releasing hands a message back to the filer, which files it
 * moments later, so the row says so instead of disappearing.
 */
export function HeldMailPage({ view }: { view: HeldMailView }) {
  const { t } = useI18n();
  const { api, user } = useApp();
  const admin = isAdmin(user.roles);
  const views = HELD_MAIL_VIEWS.filter((v) => v === 'spam' || admin);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [items, setItems] = useState<HeldMailRow[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [more, setMore] = useState<'idle' | 'loading' | 'failed'>('idle');
  const [releases, setReleases] = useState<Record<string, Release>>({});
  const confirming = Object.entries(releases).find(([, r]) => r.state === 'confirming')?.[0];

  useEffect(() => {
    document.title = `${t('held.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    if (!views.includes(view)) return;
    let current = true;
    listHeldMail(api, view).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setCursor(page.cursor);
        setLoad({ state: 'ready' });
      },
      (error: unknown) => current && setLoad({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [api, view]);

  async function loadMore() {
    if (!cursor) return;
    setMore('loading');
    try {
      const page = await listHeldMail(api, view, cursor);
      setItems((shown) => [...shown, ...page.items.filter((i) => !shown.some((s) => s.sesMessageId === i.sesMessageId))]);
      setCursor(page.cursor);
      setMore('idle');
    } catch {
      setMore('failed');
    }
  }

  const setRelease = (id: string, release: Release | undefined) =>
    setReleases((all) => {
      const { [id]: _previous, ...rest } = all;
      return release ? { ...rest, [id]: release } : rest;
    });

  async function release(id: string) {
    setRelease(id, { state: 'releasing' });
    try {
      await releaseHeldMail(api, id);
      setRelease(id, { state: 'released' });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      // Released by someone else a moment ago: the outcome the user wanted.
      if (code === 'ALREADY_RELEASED') return setRelease(id, { state: 'released' });
      // The API knows best what can be filed: the row then says so instead of offering the button again.
      if (code === 'NOT_FILEABLE') return setRelease(id, { state: 'unfileable' });
      setRelease(id, { state: 'failed', message: error instanceof ApiError && error.status === 404 ? 'held.error.gone' : 'held.error.failed' });
    }
  }

  if (!views.includes(view) || (load.state === 'failed' && load.error instanceof ApiError && load.error.status === 403)) {
    return (
      <section class="page page-wide held-page">
        <PageHeading>{t('held.title')}</PageHeading>
        <NoAccess />
      </section>
    );
  }

  const confirmRow = confirming ? items.find((i) => i.sesMessageId === confirming) : undefined;

  return (
    <section class="page page-wide held-page" data-testid="held-page" data-view={view}>
      <PageHeading>{t('held.title')}</PageHeading>
      {views.length > 1 ? (
        <nav class="page-tabs" aria-label={t('held.views')}>
          <ul>
            {views.map((v) => (
              <li key={v}>
                <a class="page-tab" href={paths.heldMail(v)} aria-current={v === view ? 'page' : undefined} data-testid={`held-tab-${v}`}>
                  {t(`held.tab.${v}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p class="muted held-intro">{t(`held.intro.${view}`)}</p>

      <div class="held-list" data-testid="held-list" data-state={load.state}>
        {load.state === 'loading' ? (
          <p class="muted" role="status">
            {t('app.loading')}
          </p>
        ) : load.state === 'failed' ? (
          <ErrorBanner error={load.error} />
        ) : items.length === 0 ? (
          <div class="card empty-state" data-testid="held-empty">
            <h2>{t(`held.empty.${view}`)}</h2>
            <p class="muted">{t('held.emptyBody')}</p>
          </div>
        ) : (
          <table class="queue-table held-table">
            <thead>
              <tr>
                <th scope="col">{t('held.col.received')}</th>
                <th scope="col">{t('held.col.message')}</th>
                <th scope="col">{t('held.col.reason')}</th>
                <th scope="col" class="cell-size">
                  {t('held.col.size')}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{t('held.col.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <HeldRow
                  key={item.sesMessageId}
                  item={item}
                  release={releases[item.sesMessageId]}
                  onRelease={() => setRelease(item.sesMessageId, { state: 'confirming' })}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {load.state === 'ready' && cursor ? (
        <div class="load-more">
          <button type="button" class="button button-quiet" data-testid="held-load-more" disabled={more === 'loading'} onClick={() => void loadMore()}>
            {more === 'loading' ? t('app.loading') : t('queue.loadMore')}
          </button>
          {more === 'failed' ? (
            <p class="field-error" role="alert">
              {t('error.network')}
            </p>
          ) : null}
        </div>
      ) : null}

      {confirmRow ? (
        <ReleaseDialog
          item={confirmRow}
          onCancel={() => setRelease(confirmRow.sesMessageId, undefined)}
          onConfirm={() => void release(confirmRow.sesMessageId)}
        />
      ) : null}
    </section>
  );
}

function HeldRow({ item, release, onRelease }: { item: HeldMailRow; release: Release | undefined; onRelease(): void }) {
  const { t, formatDate, language } = useI18n();
  const reason = reasonKey(item.reason);
  const fileable = !UNFILEABLE_REASONS.has(item.reason) && release?.state !== 'unfileable';
  const subject = item.subject.trim() || t('held.noSubject');
  const released = release?.state === 'released' || Boolean(item.released);

  return (
    <tr class={`held-row${released ? ' is-released' : ''}`} data-testid="held-row" data-id={item.sesMessageId} data-reason={item.reason} data-state={released ? 'released' : (release?.state ?? 'held')}>
      <td class="cell-received">
        <time dateTime={item.receivedAt}>{formatDate(item.receivedAt)}</time>
      </td>
      <td class="cell-message">
        <span class="held-subject" data-testid="held-subject" translate={false}>
          {subject}
        </span>
        <span class="held-from" data-testid="held-from" translate={false}>
          {item.from ? <Address text={item.from} /> : <span class="muted">{t('held.noSender')}</span>}
        </span>
      </td>
      <td class="cell-reason" data-testid="held-reason">
        <span class={`badge badge-held-${item.view}`}>{reason ? t(reason) : item.reason}</span>
        {item.detail ? (
          <span class="held-detail muted" translate={false}>
            {item.detail}
          </span>
        ) : null}
      </td>
      <td class="cell-size">{item.size !== undefined ? formatSize(item.size, language) : <span class="muted">{t('value.none')}</span>}</td>
      <td class="cell-action">
        {released ? (
          <span class="held-released" role="status" data-testid="held-released">
            {t('held.released')}
          </span>
        ) : !fileable ? (
          <span class="held-unfileable" data-testid="held-unfileable">
            <strong>{t('held.cannotFile')}</strong>
            <span class="held-unfileable-why" role={release?.state === 'unfileable' ? 'alert' : undefined}>
              {t(release?.state === 'unfileable' ? 'held.error.notFileable' : unfileableKey(item.reason))}
            </span>
          </span>
        ) : (
          <>
            <button
              type="button"
              class="button button-quiet button-small"
              data-testid="held-release"
              aria-label={t('held.releaseLabel', { subject })}
              disabled={release?.state === 'releasing' || release?.state === 'confirming'}
              onClick={onRelease}
            >
              {release?.state === 'releasing' ? t('held.releasing') : t('held.release')}
            </button>
            {release?.state === 'failed' ? (
              <span class="field-error" role="alert" data-testid="held-release-error">
                {t(release.message)}
              </span>
            ) : null}
          </>
        )}
      </td>
    </tr>
  );
}

/** Modal: releasing files mail that a check held back, so it is never one accidental click. */
function ReleaseDialog({ item, onCancel, onConfirm }: { item: HeldMailRow; onCancel(): void; onConfirm(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const reason = reasonKey(item.reason);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has the focus.
    cancel.current?.focus();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      class="conflict-dialog held-dialog"
      data-testid="held-confirm"
      aria-labelledby="held-confirm-title"
      aria-describedby="held-confirm-body"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="held-confirm-title">{t('held.confirm.title')}</h2>
      <p id="held-confirm-body">{t('held.confirm.body', { subject: item.subject.trim() || t('held.noSubject'), from: item.from ?? t('held.noSender') })}</p>
      {item.view === 'quarantine' ? (
        <p class="banner banner-warning" data-testid="held-confirm-warning">
          {t('held.confirm.quarantine', { reason: reason ? t(reason) : item.reason })}
        </p>
      ) : null}
      <div class="conflict-actions">
        <button type="button" ref={cancel} class="button button-quiet" data-testid="held-confirm-cancel" onClick={onCancel}>
          {t('held.confirm.cancel')}
        </button>
        <button type="button" class="button button-primary" data-testid="held-confirm-release" onClick={onConfirm}>
          {t('held.confirm.release')}
        </button>
      </div>
    </dialog>
  );
}

/** Offers line breaks before each '.' and '@', so a long address wraps between its parts. */
function Address({ text }: { text: string }) {
  return (
    <>
      {text.split(/(?=[.@])/).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
