import type { Ticket, ThreadEntry } from '../api/tickets.ts';
import { useI18n } from '../i18n/context.tsx';
import { shortId } from './people.tsx';

/** The customer's request first, then replies and internal notes oldest first. Text only, never HTML. */
export function Thread({ ticket, entries, me }: { ticket: Ticket; entries: ThreadEntry[]; me: string }) {
  const { t, formatDate } = useI18n();
  const customer = ticket.customerName ?? ticket.customerEmail ?? t('thread.customer');
  const sorted = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const authorOf = (entry: ThreadEntry) => {
    if (entry.author.type === 'customer') return customer;
    if (entry.author.type === 'system') return t('thread.system');
    if (entry.author.id === me) return t('thread.you');
    return entry.author.name ?? shortId(entry.author.id);
  };

  return (
    <ol class="thread" data-testid="thread" aria-label={t('thread.label')}>
      <li class="entry entry-request" data-testid="thread-request">
        <div class="entry-head">
          <span class="entry-author">{customer}</span>
          <span class="entry-kind">{t('thread.request')}</span>
          <time class="entry-time" dateTime={ticket.createdAt}>
            {formatDate(ticket.createdAt)}
          </time>
        </div>
        {/* Rendered as a text node: customer-supplied text is never parsed as HTML. */}
        <div class="prose" data-testid="ticket-description">
          {ticket.description}
        </div>
      </li>
      {sorted.map((entry) => (
        <li
          key={entry.id}
          class={`entry entry-${entry.kind} entry-by-${entry.author.type}`}
          data-testid="thread-entry"
          data-kind={entry.kind}
          data-entry-id={entry.id}
        >
          <div class="entry-head">
            <span class="entry-author" data-testid="entry-author">
              {authorOf(entry)}
            </span>
            {entry.kind === 'note' ? (
              <span class="entry-kind entry-kind-note" data-testid="entry-note-label">
                {t('thread.internalNote')}
              </span>
            ) : (
              <span class="entry-kind">{entry.author.type === 'customer' ? t('thread.customerMessage') : t('thread.publicReply')}</span>
            )}
            <time class="entry-time" dateTime={entry.createdAt}>
              {formatDate(entry.createdAt)}
            </time>
          </div>
          <div class="prose" data-testid="entry-body">
            {entry.body}
          </div>
        </li>
      ))}
    </ol>
  );
}
