import type { Delivery, EntryEmail } from '#shared/tickets/thread.ts';
import type { MessageKey } from '../i18n/en.ts';

/**
 * What the thread says about mail, as message keys: kept apart from the components so the rules
 * (which acknowledgement states exist, which are problems) are tested without a browser.
 */

export type Tone = 'ok' | 'waiting' | 'problem' | 'quiet';

export interface Said {
  key: MessageKey;
  params?: Record<string, string | number>;
  tone: Tone;
}

const MACHINE_KINDS = ['auto-reply', 'bounce', 'bulk'] as const;

/** "Automatic reply", "Bounce message"…: the kind of machine mail, in words. */
export function machineKindKey(kind: string): MessageKey {
  return (MACHINE_KINDS as readonly string[]).includes(kind) ? (`email.machine.${kind as (typeof MACHINE_KINDS)[number]}` as const) : 'email.machine.other';
}

const SKIP_REASONS = ['automated', 'unverified', 'null-sender', 'no-sender', 'own-address', 'rate-limited'] as const;

/**
 * The acknowledgement of a new email ticket. The filer writes 'pending' or 'skipped:<reason>';
 * the sender then overwrites it with the delivery status (queued, sent, retrying, failed, suppressed).
 * Unknown values are shown as they are rather than hidden.
 */
export function ackState(autoAck: string | undefined): Said | undefined {
  if (!autoAck) return undefined;
  if (autoAck.startsWith('skipped:')) {
    const reason = autoAck.slice('skipped:'.length);
    const known = SKIP_REASONS.find((r) => r === reason);
    return { key: known ? `ack.skipped.${known}` : 'ack.skipped.other', params: { reason }, tone: 'quiet' };
  }
  switch (autoAck) {
    case 'pending':
    case 'queued':
      return { key: 'ack.pending', tone: 'waiting' };
    case 'sent':
      return { key: 'ack.sent', tone: 'ok' };
    case 'retrying':
      return { key: 'ack.retrying', tone: 'waiting' };
    case 'failed':
      return { key: 'ack.failed', tone: 'problem' };
    case 'suppressed':
      return { key: 'ack.suppressed', tone: 'problem' };
    default:
      return { key: 'ack.other', params: { status: autoAck }, tone: 'quiet' };
  }
}

/** An agent reply's mail: queued → sent, or retrying → failed, or never sent (suppressed address). */
export function deliveryState(delivery: Pick<Delivery, 'status'>): Said {
  switch (delivery.status) {
    case 'queued':
      return { key: 'delivery.queued', tone: 'waiting' };
    case 'sent':
      return { key: 'delivery.sent', tone: 'ok' };
    case 'retrying':
      return { key: 'delivery.retrying', tone: 'waiting' };
    case 'failed':
      return { key: 'delivery.failed', tone: 'problem' };
    case 'suppressed':
      return { key: 'delivery.suppressed', tone: 'problem' };
  }
}

/** "Threaded by email headers" and its kin; undefined for the message that opened the ticket. */
export function matchedByKey(email: Pick<EntryEmail, 'matchedBy'>): MessageKey | undefined {
  return email.matchedBy ? `email.matched.${email.matchedBy}` : undefined;
}

/** `"Li Na" <lina@example.com>` is shown as name plus address; a bare address once. */
export function senderParts(email: Pick<EntryEmail, 'from' | 'fromName'>): { name?: string; address: string } {
  const name = email.fromName?.trim();
  return name && name.toLowerCase() !== email.from.toLowerCase() ? { name, address: email.from } : { address: email.from };
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The document of the sandboxed frame that shows a message's (already sanitized) HTML.
 *
 * The frame is `sandbox=""` (no scripts, no same origin, no forms, no popups), and this document
 * carries its own CSP on top of the console's (which a srcdoc frame inherits): nothing may load
 * but `data:` images and the console's own stylesheet, which gives the mail readable type. Inline
 * styles are blocked by the console's `style-src 'self'` anyway, which is why the sanitizer drops them.
 */
export function frameDocument(sanitizedBody: string, options: { stylesheet?: string } = {}): string {
  // Only a plain http(s) URL: nothing that could end the policy's directive or the attribute.
  const sheet = options.stylesheet && /^https?:\/\/[^\s"'<>;,]+$/i.test(options.stylesheet) ? options.stylesheet : undefined;
  const csp = ["default-src 'none'", 'img-src data:', `style-src ${sheet ?? "'none'"}`, "base-uri 'none'", "form-action 'none'"].join('; ');
  return [
    '<!doctype html>',
    '<html class="email-frame">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    sheet ? `<link rel="stylesheet" href="${escapeAttribute(sheet)}">` : '',
    '</head>',
    `<body>${sanitizedBody}</body>`,
    '</html>',
  ].join('');
}
