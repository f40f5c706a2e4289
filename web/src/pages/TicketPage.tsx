import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { Ticket } from '../api/tickets.ts';
import { getTicket } from '../api/tickets.ts';
import { useApp } from '../app-context.ts';
import { PriorityBadge, StatusBadge } from '../components/Badge.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';

type Load = { state: 'loading' } | { state: 'loaded'; ticket: Ticket } | { state: 'failed'; error: unknown };

export function TicketPage({ id }: { id: string }) {
  const { t, formatDate } = useI18n();
  const { api } = useApp();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    getTicket(api, id).then(
      (ticket) => current && setLoad({ state: 'loaded', ticket }),
      (error: unknown) => current && setLoad({ state: 'failed', error }),
    );
    // A slower response for a previous id must not overwrite the ticket now on screen.
    return () => {
      current = false;
    };
  }, [api, id]);

  const back = (
    <a class="back-link" href={paths.tickets}>
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

  if (load.state === 'failed') {
    const error = load.error;
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

  const { ticket } = load;
  return (
    <section class="page">
      {back}
      <div class="ticket-header">
        <span class="ticket-number" data-testid="ticket-number">
          #{ticket.number}
        </span>
        <PageHeading testId="ticket-subject">{ticket.subject}</PageHeading>
        <div class="ticket-badges">
          <StatusBadge status={ticket.status} testId="ticket-status" />
          <PriorityBadge priority={ticket.priority} testId="ticket-priority" />
        </div>
      </div>

      <div class="ticket-layout">
        <article class="card ticket-description">
          <h2 class="card-title">{t('ticket.description')}</h2>
          {/* Rendered as a text node: customer-supplied text is never parsed as HTML. */}
          <div class="prose" data-testid="ticket-description">
            {ticket.description}
          </div>
        </article>

        <aside class="card ticket-details">
          <h2 class="card-title">{t('ticket.details')}</h2>
          <dl class="details-list">
            <dt>{t('ticket.status')}</dt>
            <dd>{t(`status.${ticket.status}`)}</dd>
            <dt>{t('ticket.priority')}</dt>
            <dd>{t(`priority.${ticket.priority}`)}</dd>
            <dt>{t('ticket.channel')}</dt>
            <dd data-testid="ticket-channel">{t(`channel.${ticket.channel}`)}</dd>
            <dt>{t('ticket.customerEmail')}</dt>
            <dd data-testid="ticket-customer-email">
              {ticket.customerEmail ? <Email address={ticket.customerEmail} /> : <span class="muted">{t('ticket.noCustomer')}</span>}
            </dd>
            <dt>{t('ticket.created')}</dt>
            <dd data-testid="ticket-created">
              <time dateTime={ticket.createdAt}>{formatDate(ticket.createdAt)}</time>
            </dd>
            <dt>{t('ticket.updated')}</dt>
            <dd>
              <time dateTime={ticket.updatedAt}>{formatDate(ticket.updatedAt)}</time>
            </dd>
          </dl>
        </aside>
      </div>
    </section>
  );
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
