/**
 * Builds the raw RFC 5322 message we hand to SES: UTF-8 text (and HTML) bodies in base64, headers
 * with non-ASCII words encoded (RFC 2047), file names in RFC 2231 form, lines under 78 characters.
 * Small on purpose: outbound mail has one shape, so a general mail library is not worth its bytes.
 */
export interface MimeAttachment {
  name: string;
  contentType: string;
  content: Uint8Array;
}

export interface MimeMessage {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Outlook's conversation header (base64), so Outlook threads even when it ignores References. */
  threadIndex?: string;
  date: Date;
  text: string;
  html?: string;
  /** Automated mail says so (RFC 3834), so other robots don't answer it. */
  autoSubmitted?: 'auto-replied' | 'auto-generated';
  language?: string;
  attachments?: MimeAttachment[];
}

const CRLF = '\r\n';
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** One header value, RFC 2047-encoded per word run when it is not plain ASCII. */
export function encodeHeaderText(value: string): string {
  if (isAscii(value)) return value;
  // Encoded words are at most 75 characters: chunk by characters (never split a code point).
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(`${CRLF} `);
}

/** `Name <address>` with the name encoded or quoted as needed; a bare address when no name. */
export function formatAddress(address: string, name?: string): string {
  if (!name) return address;
  const shown = isAscii(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderText(name);
  return `${shown} <${address}>`;
}

function wrapBase64(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  return b64.replace(/.{1,76}/g, (line) => `${line}${CRLF}`);
}

function fileNameParams(name: string): string {
  const safe = name.replace(/[\r\n"\\]/g, '_');
  if (isAscii(safe)) return `name="${safe}"`;
  return `name="${encodeHeaderText(safe)}"`;
}

function dispositionParams(name: string): string {
  const safe = name.replace(/[\r\n"\\]/g, '_');
  if (isAscii(safe)) return `filename="${safe}"`;
  return `filename*=UTF-8''${encodeURIComponent(safe)}`;
}

function boundary(seed: string, part: string): string {
  return `=_ld_${part}_${Buffer.from(seed).toString('hex').slice(0, 24)}`;
}

function textPart(contentType: string, body: string): string {
  return `Content-Type: ${contentType}; charset=UTF-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${wrapBase64(new TextEncoder().encode(body))}`;
}

export function buildMime(m: MimeMessage): Uint8Array {
  const headers: string[] = [
    `From: ${m.from}`,
    `To: ${m.to.join(`,${CRLF} `)}`,
    ...(m.cc?.length ? [`Cc: ${m.cc.join(`,${CRLF} `)}`] : []),
    ...(m.replyTo ? [`Reply-To: ${m.replyTo}`] : []),
    `Subject: ${encodeHeaderText(m.subject.replace(/[\r\n]+/g, ' '))}`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references?.length ? [`References: ${m.references.map((r) => `<${r}>`).join(`${CRLF} `)}`] : []),
    ...(m.threadIndex ? [`Thread-Index: ${m.threadIndex}`, `Thread-Topic: ${encodeHeaderText(m.subject.replace(/^(\s*(re|aw|回复|答复)\s*[:：]\s*)+/i, '').slice(0, 200))}`] : []),
    ...(m.autoSubmitted ? [`Auto-Submitted: ${m.autoSubmitted}`, 'X-Auto-Response-Suppress: All'] : []),
    ...(m.language ? [`Content-Language: ${m.language}`] : []),
    'MIME-Version: 1.0',
  ];
  const alternative = m.html
    ? (() => {
        const b = boundary(m.messageId, 'alt');
        return {
          type: `multipart/alternative; boundary="${b}"`,
          body: `--${b}${CRLF}${textPart('text/plain', m.text)}--${b}${CRLF}${textPart('text/html', m.html)}--${b}--${CRLF}`,
        };
      })()
    : undefined;
  let root: string;
  if (m.attachments?.length) {
    const b = boundary(m.messageId, 'mix');
    const first = alternative ? `Content-Type: ${alternative.type}${CRLF}${CRLF}${alternative.body}` : textPart('text/plain', m.text);
    const files = m.attachments.map(
      (a) =>
        `--${b}${CRLF}Content-Type: ${a.contentType}; ${fileNameParams(a.name)}${CRLF}Content-Disposition: attachment; ${dispositionParams(a.name)}${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${wrapBase64(a.content)}`,
    );
    root = `Content-Type: multipart/mixed; boundary="${b}"${CRLF}${CRLF}--${b}${CRLF}${first}${files.join('')}--${b}--${CRLF}`;
  } else if (alternative) {
    root = `Content-Type: ${alternative.type}${CRLF}${CRLF}${alternative.body}`;
  } else {
    root = textPart('text/plain', m.text);
  }
  return new TextEncoder().encode(`${headers.join(CRLF)}${CRLF}${root}`);
}
