import { useEffect, useRef, useState } from 'preact/hooks';
import type { WorkOfferNotice } from '../api/jobs.ts';
import type { Notice } from '../api/notifications.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { markRead, useNotices } from '../data/notifications.ts';
import { useI18n } from '../i18n/context.tsx';
import { canUseTickets } from '../modules.ts';
import { paths } from '../router.ts';

/**
 * The bell's list: newest first, unread ones marked, each naming what happened (warning, breach,
 * escalation), to which SLA target, on which ticket, when, and when it is due. Opening a notice
 * marks it read; "Mark all read" clears the rest.
 */
export function NoticePanel({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const { api, user } = useApp();
  const notices = useNotices();
  const [failure, setFailure] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  // Work offers arrive in the same list as the SLA notices (technicians get them).
  const items: (Notice | WorkOfferNotice)[] = notices.data?.items ?? [];
  const unread = items.filter((n) => !n.read);
  const linked = canUseTickets(user.roles);

  // Focus moves into the panel, so keyboard and screen-reader users land on what just opened.
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);

  function read(list: (Notice | WorkOfferNotice)[]) {
    setFailure(undefined);
    // Marking read needs only id, time and the read flag, which every kind has.
    markRead(api, list as Notice[]).catch(setFailure);
  }

  return (
    <section class="notice-panel-body" aria-labelledby="notice-panel-title">
      <div class="notice-panel-head">
        <h2 class="notice-panel-title" id="notice-panel-title" tabIndex={-1} ref={heading}>
          {t('notices.title')}
        </h2>
        <button type="button" class="button button-quiet button-small" data-testid="notice-mark-all" disabled={unread.length === 0} onClick={() => read(unread)}>
          {t('notices.markAllRead')}
        </button>
      </div>
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      {!notices.data && notices.error ? (
        <ErrorBanner error={notices.error} />
      ) : !notices.data ? (
        <p class="muted notice-panel-note" role="status">
          {t('app.loading')}
        </p>
      ) : items.length === 0 ? (
        <p class="muted notice-panel-note" data-testid="notice-empty">
          {t('notices.empty')}
        </p>
      ) : (
        <ul class="notice-list" data-testid="notice-list">
          {items.map((n) => (
            <NoticeItem
              key={n.id}
              notice={n}
              linked={linked}
              onOpen={() => {
                read([n]);
                onClose();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function NoticeItem({ notice: n, linked, onOpen }: { notice: Notice | WorkOfferNotice; linked: boolean; onOpen(): void }) {
  const { t, formatDate, formatRelative } = useI18n();
  if (n.kind === 'work_offer') return <WorkOfferItem notice={n} onOpen={onOpen} />;
  const what = `${t(`notices.kind.${n.kind}`)} · ${t(`sla.target.${n.target}`)}`;
  const ticket = `#${n.ticketNumber} ${n.subject}`;
  return (
    <li class={n.read ? 'notice-item' : 'notice-item is-unread'} data-testid="notice" data-kind={n.kind} data-read={String(n.read)} data-ticket-id={n.ticketId}>
      {n.read ? null : <span class="visually-hidden">{t('notices.unreadMark')}: </span>}
      <span class={`notice-kind notice-kind-${n.kind}`} data-testid="notice-kind">
        {what}
      </span>
      {linked ? (
        <a class="notice-ticket" href={paths.ticket(n.ticketId)} data-testid="notice-link" onClick={onOpen}>
          {ticket}
        </a>
      ) : (
        <span class="notice-ticket">{ticket}</span>
      )}
      <span class="notice-meta">
        <time dateTime={n.at} title={formatDate(n.at)}>
          {formatRelative(n.at)}
        </time>
        {' · '}
        {t('sla.due', { time: formatDate(n.dueAt) })}
      </span>
    </li>
  );
}

/** "New job offered: <summary> (#1001), answer by <time>", opening the job on the technician's page. */
function WorkOfferItem({ notice: n, onOpen }: { notice: WorkOfferNotice; onOpen(): void }) {
  const { t, formatDate, formatRelative } = useI18n();
  return (
    <li class={n.read ? 'notice-item' : 'notice-item is-unread'} data-testid="notice" data-kind={n.kind} data-read={String(n.read)} data-work-order-id={n.workOrderId}>
      {n.read ? null : <span class="visually-hidden">{t('notices.unreadMark')}: </span>}
      <span class="notice-kind notice-kind-work_offer" data-testid="notice-kind">
        {t('notices.kind.work_offer')}
      </span>
      <a class="notice-ticket" href={paths.job(n.workOrderId)} data-testid="notice-link" onClick={onOpen}>
        {t('notices.workOffer', { summary: n.subject, number: n.ticketNumber, time: formatDate(n.dueAt) })}
      </a>
      <span class="notice-meta">
        <time dateTime={n.at} title={formatDate(n.at)}>
          {formatRelative(n.at)}
        </time>
      </span>
    </li>
  );
}
