import type { AttachmentInfo } from '../api/attachments.ts';
import type { Ticket, ThreadEntry } from '../api/tickets.ts';
import { FileList } from '../components/FileList.tsx';
import { useNames } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import { DeliveryStatus, EmailMeta, MailBody } from './EmailParts.tsx';
import { senderParts } from './email-view.ts';
import { shortId } from './people.tsx';

/**
 * The customer's request first, then replies and internal notes oldest first. Text, never HTML in
 * the console's DOM: mail that came with HTML can be viewed formatted, in a sandboxed frame.
 */
interface ThreadProps {
  ticket: Ticket;
  entries: ThreadEntry[];
  /** The ticket's files; entries name theirs by id. */
  attachments?: AttachmentInfo[];
  me: string;
  /** A fresh, short-lived download link for a file. */
  onDownload?(attachmentId: string): Promise<string>;
}

export function Thread({ ticket, entries, attachments = [], me, onDownload }: ThreadProps) {
  const { t, formatDate } = useI18n();
  const names = useNames();
  const customer = ticket.customerName ?? ticket.customerEmail ?? t('thread.customer');
  const sorted = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // Files the customer uploaded that no message names came with their web request.
  const named = new Set(entries.flatMap((e) => e.attachmentIds ?? []));
  const withRequest = attachments
    .filter((a) => ticket.customerId && a.uploadedBy === ticket.customerId && !named.has(a.id))
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))
    .map((a) => a.id);

  const authorOf = (entry: ThreadEntry) => {
    if (entry.author.type === 'customer') return customer;
    if (entry.author.type === 'system') return t('thread.system');
    if (entry.author.id === me) return t('thread.you');
    return names.person(entry.author.id) ?? entry.author.name ?? shortId(entry.author.id);
  };

  return (
    <ol class="thread" data-testid="thread" aria-label={t('thread.label')}>
      <li class="entry entry-request" data-testid="thread-request" data-email={ticket.descriptionEmail ? 'true' : undefined}>
        <div class="entry-head">
          {ticket.descriptionEmail ? (
            <Sender email={ticket.descriptionEmail} />
          ) : (
            <span class="entry-author" translate={false}>
              {customer}
            </span>
          )}
          <span class="entry-kind">{t('thread.request')}</span>
          <time class="entry-time" dateTime={ticket.createdAt}>
            {formatDate(ticket.createdAt)}
          </time>
        </div>
        {ticket.descriptionEmail ? <EmailMeta email={ticket.descriptionEmail} opened /> : null}
        {/* Rendered as a text node: customer-supplied text is never parsed as HTML. */}
        {ticket.descriptionEmail ? (
          <MailBody text={ticket.description} html={ticket.descriptionEmail.html} from={ticket.descriptionEmail.from} testId="ticket-description" />
        ) : (
          <div class="prose" data-testid="ticket-description">
            {ticket.description}
          </div>
        )}
        {withRequest.length ? <FileList ids={withRequest} attachments={attachments} onDownload={onDownload} /> : null}
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
            {entry.email ? (
              <Sender email={entry.email} testId="entry-author" />
            ) : (
              <span class="entry-author" data-testid="entry-author" translate={entry.author.type === 'agent' && entry.author.id !== me ? false : undefined}>
                {authorOf(entry)}
              </span>
            )}
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
          {entry.email ? <EmailMeta email={entry.email} /> : null}
          {entry.email ? (
            <MailBody text={entry.body} html={entry.email.html} from={entry.email.from} testId="entry-body" />
          ) : (
            <div class="prose" data-testid="entry-body">
              {entry.body}
            </div>
          )}
          {entry.attachmentIds?.length ? <FileList ids={entry.attachmentIds} attachments={attachments} onDownload={onDownload} /> : null}
          {entry.delivery ? <DeliveryStatus delivery={entry.delivery} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** Who wrote the mail, as its From said: a Cc'd colleague is not the ticket's customer. */
function Sender({ email, testId }: { email: NonNullable<ThreadEntry['email']>; testId?: string }) {
  const { name, address } = senderParts(email);
  return (
    <span class="entry-author mail-sender" data-testid={testId} translate={false}>
      {name ? <span class="mail-sender-name">{name}</span> : null}
      <span class={name ? 'mail-sender-address' : 'mail-sender-name'} data-testid="email-from">
        {name ? `<${address}>` : address}
      </span>
    </span>
  );
}
