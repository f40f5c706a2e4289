import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { PublicApi, PublicTicket } from '../api/public.ts';
import { FileChips, FilePicker } from '../components/FilePicker.tsx';
import { FileList } from '../components/FileList.tsx';
import { usePendingFiles } from '../components/pending-files.ts';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { PortalProblem } from './PortalProblem.tsx';

type Load = { state: 'loading' } | { state: 'ready'; ticket: PublicTicket } | { state: 'invalid' } | { state: 'failed'; error: unknown };

const REPLY_MAX = 20_000;

/** How a status reads to the customer: what it means for them, not the agents' workflow word. */
function statusKey(status: PublicTicket['status']) {
  return `portal.status.${status}` as const;
}

/** A customer's ticket through its private link: the conversation and a reply box. */
export function StatusPage({ api, token }: { api: PublicApi; token: string }) {
  const { t, formatDate, formatRelative } = useI18n();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  async function read(): Promise<void> {
    try {
      const ticket = await api.getTicket(token);
      setLoad({ state: 'ready', ticket });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setLoad({ state: 'invalid' });
      else setLoad({ state: 'failed', error });
    }
  }

  useEffect(() => {
    void read();
  }, [token]);

  useEffect(() => {
    if (load.state === 'ready') document.title = `#${load.ticket.number} ${load.ticket.subject} · ${t('portal.title')}`;
  }, [load, t]);

  if (load.state === 'loading') {
    return (
      <p class="portal-loading muted" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (load.state === 'invalid') {
    return (
      <div class="portal-page">
        <div class="portal-card portal-message" role="alert" data-testid="status-invalid">
          <h1>{t('portal.invalid.title')}</h1>
          <p>{t('portal.invalid.body')}</p>
          <div class="portal-actions">
            <a class="button button-primary" href={paths.request}>
              {t('portal.invalid.newRequest')}
            </a>
          </div>
        </div>
      </div>
    );
  }
  if (load.state === 'failed') {
    return (
      <div class="portal-page">
        <PortalProblem error={load.error} />
        <button type="button" class="button button-quiet" data-testid="status-retry" onClick={() => void read()}>
          {t('app.retry')}
        </button>
      </div>
    );
  }

  const { ticket } = load;
  const messages = [...ticket.thread].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // Files the customer uploaded that no message names were sent with the request.
  const named = new Set(messages.flatMap((m) => m.attachmentIds));
  // (The customer's view carries no upload times; by name is at least the same order every visit.)
  const withRequest = ticket.attachments
    .filter((a) => !named.has(a.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => a.id);
  const download = (attachmentId: string) => api.downloadLink(token, attachmentId);
  return (
    <div class="portal-page status-page" data-testid="status-page" data-status={ticket.status}>
      <div class="portal-card status-head">
        <p class="status-number" data-testid="status-number">
          {t('portal.status.requestNumber', { number: ticket.number })}
        </p>
        <h1 class="status-subject" data-testid="status-subject">
          {ticket.subject}
        </h1>
        <div class="status-meta">
          <span class={`status-pill status-pill-${ticket.status}`} data-testid="status-state" data-status={ticket.status}>
            {t(statusKey(ticket.status))}
          </span>
          <span class="muted">
            {t('portal.status.opened')}{' '}
            <time dateTime={ticket.createdAt} data-testid="status-created">
              {formatDate(ticket.createdAt)}
            </time>
          </span>
          <span class="muted">
            {t('portal.status.updated')}{' '}
            <time dateTime={ticket.updatedAt} title={formatDate(ticket.updatedAt)}>
              {formatRelative(ticket.updatedAt)}
            </time>
          </span>
        </div>
        <p class="status-explain">{t(`portal.explain.${ticket.status}`)}</p>
        {ticket.mergedIntoId ? <p class="status-explain">{t('portal.status.merged')}</p> : null}
      </div>

      <ol class="conversation" data-testid="conversation" aria-label={t('thread.label')}>
        <li class="bubble bubble-you" data-testid="message" data-from="you">
          <div class="bubble-head">
            <span class="bubble-author">{t('portal.you')}</span>
            <time dateTime={ticket.createdAt}>{formatDate(ticket.createdAt)}</time>
          </div>
          <div class="prose" data-testid="message-body">
            {ticket.description}
          </div>
          {withRequest.length ? <FileList ids={withRequest} attachments={ticket.attachments} onDownload={download} label={t('portal.files.withRequest')} /> : null}
        </li>
        {messages.map((m) => (
          <li key={m.id} class={`bubble bubble-${m.from}`} data-testid="message" data-from={m.from}>
            <div class="bubble-head">
              <span class="bubble-author">{m.from === 'you' ? t('portal.you') : t('portal.support')}</span>
              <time dateTime={m.createdAt}>{formatDate(m.createdAt)}</time>
            </div>
            <div class="prose" data-testid="message-body">
              {m.body}
            </div>
            {m.attachmentIds.length ? <FileList ids={m.attachmentIds} attachments={ticket.attachments} onDownload={download} /> : null}
          </li>
        ))}
      </ol>

      <ReplyBox api={api} token={token} closed={ticket.status === 'closed'} onSent={() => read()} />
    </div>
  );
}

function ReplyBox({ api, token, closed, onSent }: { api: PublicApi; token: string; closed: boolean; onSent(): Promise<void> }) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const [followUp, setFollowUp] = useState<{ number: number; token: string }>();
  const [problem, setProblem] = useState<string>();
  const chosen = usePendingFiles();
  const [filesBlocked, setFilesBlocked] = useState(false);
  const notice = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (followUp) notice.current?.focus();
  }, [followUp]);

  async function send(event: Event) {
    event.preventDefault();
    if (sending) return;
    if (!body.trim()) {
      setProblem(t('portal.reply.empty'));
      return;
    }
    setFilesBlocked(chosen.refused);
    if (chosen.refused) return;
    setSending(true);
    setFailure(undefined);
    setSent(false);
    try {
      // Files first, then the message naming them; a retry uploads only what is not stored yet.
      const uploaded = await chosen.upload((file) => api.startUpload(token, file));
      if (uploaded.failed) {
        if (uploaded.untold !== undefined) setFailure(uploaded.untold);
        return;
      }
      const result = await api.reply(token, body.trim(), uploaded.attachments.map((a) => a.id));
      setBody('');
      chosen.clear();
      if ('followUp' in result) setFollowUp(result.followUp);
      else {
        setSent(true);
        await onSent();
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fields[0]) setProblem(error.fields[0].message);
      else setFailure(error);
    } finally {
      setSending(false);
    }
  }

  if (followUp) {
    return (
      <div class="portal-card follow-up" role="status" tabIndex={-1} ref={notice} data-testid="follow-up">
        <h2>{t('portal.followUp.title', { number: followUp.number })}</h2>
        <p>{t('portal.followUp.body')}</p>
        <div class="portal-actions">
          <a class="button button-primary" href={paths.status(followUp.token)} data-testid="follow-up-link">
            {t('portal.followUp.open', { number: followUp.number })}
          </a>
        </div>
        <p class="private-link-hint">
          <strong>{t('portal.received.keepIt')}</strong> {t('portal.followUp.keep')}
        </p>
      </div>
    );
  }

  return (
    <form class="portal-card reply-box" noValidate onSubmit={send} data-testid="reply-form">
      <h2 class="reply-title">{t('portal.reply.title')}</h2>
      {closed ? (
        <p class="reply-closed" data-testid="reply-closed-note">
          {t('portal.reply.closedNote')}
        </p>
      ) : null}
      {failure ? <PortalProblem error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      <label class="visually-hidden" for="reply-body">
        {t('portal.reply.title')}
      </label>
      <textarea
        id="reply-body"
        data-testid="reply-body"
        rows={4}
        maxLength={REPLY_MAX}
        placeholder={t('portal.reply.placeholder')}
        value={body}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'reply-problem' : undefined}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          setProblem(undefined);
          setSent(false);
        }}
      />
      {problem ? (
        <p class="field-error" id="reply-problem" data-testid="reply-problem">
          {problem}
        </p>
      ) : null}
      <FileChips files={chosen.files} testId="reply" disabled={sending} onRemove={chosen.remove} />
      {filesBlocked && chosen.refused ? (
        <p class="field-error" data-testid="reply-files-error">
          {t('portal.files.removeRefused')}
        </p>
      ) : null}
      <div class="reply-footer">
        {/* A closed request takes no files: writing to it opens a new request. */}
        {closed ? null : (
          <FilePicker
            id="reply-files"
            testId="reply"
            disabled={sending}
            onPick={(list) => {
              chosen.add(list);
              setSent(false);
            }}
          />
        )}
        <span class="reply-sent" role="status" data-testid="reply-sent">
          {sent ? t('portal.reply.sent') : ''}
        </span>
        <button type="submit" class="button button-primary" data-testid="reply-send" disabled={sending}>
          {sending ? t('portal.reply.sending') : t('portal.reply.send')}
        </button>
      </div>
    </form>
  );
}
