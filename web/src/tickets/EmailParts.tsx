import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { splitQuoted } from '#shared/email/quoted-text.ts';
import type { Delivery, EntryEmail } from '#shared/tickets/thread.ts';
import { useI18n } from '../i18n/context.tsx';
import type { Said } from './email-view.ts';
import { ackState, deliveryState, frameDocument, machineKindKey, matchedByKey } from './email-view.ts';

/** The sanitizer's chunk, fetched the first time someone asks for a formatted view, then kept. */
let sanitizer: Promise<typeof import('./email-html.ts')> | undefined;
function loadSanitizer() {
  sanitizer ??= import('./email-html.ts').catch((error: unknown) => {
    sanitizer = undefined;
    throw error;
  });
  return sanitizer;
}

/** To and Cc, and small badges: how the message was threaded, machine mail, an unverified sender. */
export function EmailMeta({ email, opened }: { email: EntryEmail; /** The message opened the ticket (its description). */ opened?: boolean }) {
  const { t } = useI18n();
  const matched = matchedByKey(email);
  const ack = opened ? ackState(email.autoAck) : undefined;
  return (
    <div class="mail-meta" data-testid="email-meta">
      {email.to?.length || email.cc?.length ? (
        <dl class="mail-recipients">
          {email.to?.length ? (
            <div>
              <dt>{t('email.to')}</dt>
              <dd data-testid="email-to" translate={false}>
                {email.to.join(', ')}
              </dd>
            </div>
          ) : null}
          {email.cc?.length ? (
            <div>
              <dt>{t('email.cc')}</dt>
              <dd data-testid="email-cc" translate={false}>
                {email.cc.join(', ')}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <ul class="mail-badges">
        {matched ? (
          <li class="mail-badge" data-testid="email-matched" data-method={email.matchedBy} title={t('email.matchedHint')}>
            {t(matched)}
          </li>
        ) : null}
        {email.automated ? (
          <li class="mail-badge mail-badge-quiet" data-testid="email-automated" data-kind={email.automated.kind} title={t('email.automatedEvidence', { evidence: email.automated.evidence })}>
            {opened ? t(machineKindKey(email.automated.kind)) : t('email.notReopened', { kind: t(machineKindKey(email.automated.kind)) })}
          </li>
        ) : null}
        {email.unverified ? (
          <li class="mail-badge mail-badge-warning" data-testid="email-unverified" title={t('email.unverifiedHint')}>
            <span aria-hidden="true">⚠ </span>
            {t('email.unverified')}
          </li>
        ) : null}
        {ack ? (
          <li class={`mail-badge mail-badge-${ack.tone}`} data-testid="email-ack" data-state={email.autoAck}>
            {say(t, ack)}
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function say(t: ReturnType<typeof useI18n>['t'], said: Said): string {
  return t(said.key, said.params);
}

/**
 * A message's text with its quoted history folded away (the text itself is never changed: the cut
 * only decides what shows first), and, when the mail had HTML, a switch to the formatted view.
 */
export function MailBody({ text, html, from, testId }: { text: string; html?: string | undefined; from: string; testId: string }) {
  const { t } = useI18n();
  const [formatted, setFormatted] = useState(false);
  const [quotedOpen, setQuotedOpen] = useState(false);
  const { fresh, quoted } = useMemo(() => splitQuoted(text), [text]);
  const quotedId = useId();
  // All of it quoted (or nothing fresh to show first): the whole text, nothing folded.
  const folds = quoted !== '' && fresh.trim() !== '';

  return (
    <div class="mail-body" data-view={formatted ? 'formatted' : 'text'}>
      {formatted && html ? (
        <FormattedMail html={html} from={from} />
      ) : folds ? (
        <>
          <div class="prose" data-testid={testId}>
            {fresh.trimEnd()}
          </div>
          {quotedOpen ? (
            <div class="prose mail-quoted" id={quotedId} data-testid="quoted-text">
              {/* Blank lines that led into the history only push it down the page. */}
              {quoted.replace(/^(?:[ \t]*\r?\n)+/, '')}
            </div>
          ) : null}
        </>
      ) : (
        <div class="prose" data-testid={testId}>
          {text}
        </div>
      )}
      {(folds && !formatted) || html ? (
        <div class="mail-tools">
          {folds && !formatted ? (
            <button type="button" class="link-button" data-testid="quoted-toggle" aria-expanded={quotedOpen} aria-controls={quotedOpen ? quotedId : undefined} onClick={() => setQuotedOpen(!quotedOpen)}>
              {quotedOpen ? t('email.hideQuoted') : t('email.showQuoted')}
            </button>
          ) : null}
          {html ? (
            <button type="button" class="link-button" data-testid="formatted-toggle" aria-pressed={formatted} onClick={() => setFormatted(!formatted)}>
              {formatted ? t('email.showText') : t('email.showFormatted')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

type Formatted = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; doc: string; remoteImages: number; embeddedImages: number };

/**
 * The mail's HTML, sanitized, in a frame that may do nothing: `sandbox=""` (no scripts, an opaque
 * origin, no forms, no popups) plus the frame document's own CSP. Nothing of the mail ever reaches
 * the console's DOM.
 */
function FormattedMail({ html, from }: { html: string; from: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<Formatted>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setShown({ state: 'loading' });
    loadSanitizer().then(
      ({ sanitizeEmailHtml }) => {
        if (!current) return;
        const clean = sanitizeEmailHtml(html);
        // The console's own stylesheet gives the mail readable type (same origin, allowed by both CSPs).
        const stylesheet = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.href;
        setShown({ state: 'ready', doc: frameDocument(clean.html, stylesheet ? { stylesheet } : {}), remoteImages: clean.remoteImages, embeddedImages: clean.embeddedImages });
      },
      () => current && setShown({ state: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [html, attempt]);

  if (shown.state === 'loading') {
    return (
      <p class="muted" role="status" data-testid="formatted-loading">
        {t('email.formattedLoading')}
      </p>
    );
  }
  if (shown.state === 'failed') {
    return (
      <div class="notice" role="alert" data-testid="formatted-failed">
        <p>{t('email.formattedFailed')}</p>
        <div class="notice-actions">
          <button type="button" class="button button-quiet" onClick={() => setAttempt(attempt + 1)}>
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="mail-formatted">
      <ul class="mail-frame-notes">
        <li>{t('email.formattedSafe')}</li>
        {shown.remoteImages ? <li data-testid="remote-images-blocked">{t('email.remoteImagesBlocked', { count: shown.remoteImages })}</li> : null}
        {shown.embeddedImages ? <li data-testid="embedded-images">{t('email.embeddedImages', { count: shown.embeddedImages })}</li> : null}
      </ul>
      {/* sandbox before srcdoc: the frame's document must never exist without it. */}
      <iframe sandbox="" srcdoc={shown.doc} class="mail-frame" data-testid="email-html-frame" title={t('email.formattedTitle', { from })} referrerpolicy="no-referrer" />
    </div>
  );
}

/** How an agent's reply is doing as mail; a failure's reason on hover and one click away. */
export function DeliveryStatus({ delivery }: { delivery: Delivery }) {
  const { t, formatDate } = useI18n();
  const said = deliveryState(delivery);
  const label = say(t, said);
  const when = <time dateTime={delivery.at}>{formatDate(delivery.at)}</time>;
  if (!delivery.detail && !delivery.attempts) {
    return (
      <p class={`delivery delivery-${said.tone}`} data-testid="entry-delivery" data-status={delivery.status}>
        <span class="delivery-label">{label}</span> · {when}
      </p>
    );
  }
  return (
    <details class={`delivery delivery-${said.tone}`} data-testid="entry-delivery" data-status={delivery.status}>
      <summary title={delivery.detail}>
        <span class="delivery-label">{label}</span> · {when}
      </summary>
      <div class="delivery-detail" data-testid="entry-delivery-detail">
        {delivery.detail ? <p translate={false}>{delivery.detail}</p> : null}
        {delivery.attempts ? <p>{t('delivery.attempts', { count: delivery.attempts })}</p> : null}
      </div>
    </details>
  );
}
