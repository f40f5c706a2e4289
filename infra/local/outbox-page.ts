import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import PostalMime, { type Address, type Mailbox } from 'postal-mime';
import type { DevResponse, DevRoute } from './console-host.ts';
import type { LocalSesSending } from './ses-sending.ts';

/** Newest messages shown on the page; older ones stay in the directory. */
const SHOWN = 200;

/**
 * The local outbox, for developers (served by the local runtime at /dev/outbox, never part of
 * the deployed console): every message the functions sent through the SES stand-in, newest
 * first, with its time, sender, recipients, subject, the text body and a link to the .eml file.
 */
export function outboxRoute(ses: LocalSesSending, base = '/dev/outbox'): DevRoute {
  return async (method, url) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    if (url.pathname === base || url.pathname === `${base}/`) return page(ses, base);
    if (!url.pathname.startsWith(`${base}/`)) return undefined;
    const name = decodeURIComponent(url.pathname.slice(base.length + 1));
    // Only a file the outbox lists: no path can reach outside it.
    if (!ses.files().includes(name)) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'No such message in the local outbox\n' };
    return {
      status: 200,
      headers: { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
      body: readFileSync(path.join(ses.outboxDir, name)),
    };
  };
}

async function page(ses: LocalSesSending, base: string): Promise<DevResponse> {
  const files = ses.files().reverse();
  const shown = files.slice(0, SHOWN);
  const items: string[] = [];
  for (const name of shown) {
    const raw = readFileSync(path.join(ses.outboxDir, name));
    let mail: Awaited<ReturnType<typeof PostalMime.parse>> | undefined;
    try {
      mail = await PostalMime.parse(raw);
    } catch {
      mail = undefined;
    }
    const addresses = (list?: Address[]) =>
      (list ?? [])
        .flatMap((a): Mailbox[] => (a.group ? a.group : [a]))
        .map((a) => (a.name ? `${a.name} <${a.address}>` : a.address))
        .join(', ');
    const to = [addresses(mail?.to), mail?.cc?.length ? `cc: ${addresses(mail.cc)}` : ''].filter(Boolean).join('; ');
    const sentAt = sentTime(name);
    items.push(`<article>
  <h2>${esc(mail?.subject || '(no subject)')}</h2>
  <dl>
    <dt>Time</dt><dd><time datetime="${esc(sentAt?.toISOString() ?? '')}">${esc(sentAt ? sentAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'unknown')}</time></dd>
    <dt>From</dt><dd>${esc(mail?.from ? addresses([mail.from]) : '(none)')}</dd>
    <dt>To</dt><dd>${esc(to || '(none)')}</dd>
    <dt>File</dt><dd><a href="${esc(`${base}/${encodeURIComponent(name)}`)}" download>${esc(name)}</a></dd>
  </dl>
  <pre>${esc(mail?.text ?? (mail ? '(no text part)' : '(could not be parsed; download the .eml)'))}</pre>
</article>`);
  }
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local outbox · Loopdesk</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d232a; }
article { border-top: 1px solid #ccd; padding: 1rem 0; }
h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
dl { display: grid; grid-template-columns: 4rem 1fr; gap: .15rem .75rem; margin: 0 0 .75rem; }
dt { color: #555; } dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; background: #f4f5f7; padding: .75rem; margin: 0; }
</style>
</head>
<body>
<h1>Local outbox</h1>
<p>Mail sent through the local SES stand-in, newest first: ${files.length} message${files.length === 1 ? '' : 's'}${files.length > SHOWN ? `, the newest ${SHOWN} shown` : ''}. Nothing leaves this machine; the files are in <code>${esc(ses.outboxDir)}</code>. This page exists only in the local runtime.</p>
${items.join('\n') || '<p>No mail sent yet.</p>'}
</body>
</html>
`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // Message content is shown as text; nothing on the page may load or run anything.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body,
  };
}

/** The send time the file name starts with (YYYYMMDDTHHMMSSmmmZ). */
function sentTime(name: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(name);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`) : undefined;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
