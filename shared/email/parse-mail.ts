import PostalMime, { addressParser, decodeWords } from 'postal-mime';
import type { Address, Attachment, Email } from 'postal-mime';
import { contentTypeOf, detectAutomated } from './automated-mail.ts';
import { htmlToText } from './html-text.ts';
import type { MailAddress, ParsedContent } from './parsed-mail.ts';

/** Bounds on the work and the output for one message (the caller already refuses messages > 25 MB). */
export interface MailLimits {
  /** Attachments kept, nested ones included; the rest are dropped and noted. */
  maxAttachments: number;
  /** UTF-8 bytes of `text` kept; longer text is cut and ends with a visible note. */
  maxTextBytes: number;
  /** UTF-8 bytes of `html` kept. */
  maxHtmlBytes: number;
  /** How deep attached messages (message/rfc822) are opened for their text and attachments. */
  maxNestedMessages: number;
  /** MIME nesting depth; deeper structures make the parser give up on the body (headers are kept). */
  maxMimeDepth: number;
}

export const DEFAULT_MAIL_LIMITS: MailLimits = {
  maxAttachments: 100,
  maxTextBytes: 1024 * 1024,
  maxHtmlBytes: 1024 * 1024,
  maxNestedMessages: 3,
  maxMimeDepth: 64,
};

export interface ExtractedAttachment {
  /** Decoded, stripped of any path, never empty. */
  name: string;
  contentType: string;
  size: number;
  /** Without angle brackets. */
  contentId?: string;
  /** Referenced from the HTML (cid:), so shown in the body rather than listed. */
  inline: boolean;
  content: Uint8Array;
}

export interface ParseMailResult {
  content: ParsedContent;
  attachments: ExtractedAttachment[];
  /** What was cut or could not be read (for the log; the content itself stays usable). */
  notes: string[];
}

/**
 * Parses one received message with postal-mime into what the filer needs. Never throws: broken
 * mail (missing headers, bad boundaries, truncated base64, over-deep nesting) gives best-effort
 * content and a note. Attached messages (message/rfc822, forwards) are kept as `.eml` attachments
 * and opened: their text is appended under an "Attached message" line and their attachments are
 * listed after the `.eml`. The original message of a delivery report is kept, not opened.
 */
export async function parseMail(raw: Uint8Array | ArrayBuffer, limits: Partial<MailLimits> = {}): Promise<ParseMailResult> {
  const l: MailLimits = { ...DEFAULT_MAIL_LIMITS, ...limits };
  const notes: string[] = [];
  const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
  const parsed = await parseLevel(bytes, 0, l, notes);

  const attachments: ExtractedAttachment[] = [];
  for (const a of parsed.attachments) {
    if (attachments.length >= l.maxAttachments) {
      notes.push(`kept the first ${l.maxAttachments} of ${parsed.total} attachments`);
      break;
    }
    attachments.push({ ...a, name: a.name || `attachment-${attachments.length + 1}${extensionFor(a.contentType)}` });
  }

  const content = parsed.content;
  if (content.html !== undefined) {
    const html = capUtf8(content.html, l.maxHtmlBytes);
    if (html !== content.html) {
      notes.push(`html cut to ${l.maxHtmlBytes} bytes`);
      content.html = html;
    }
  }
  const text = capUtf8(content.text, l.maxTextBytes - 200);
  if (text !== content.text) {
    notes.push(`text cut to ${l.maxTextBytes} bytes`);
    content.text = `${text}\n\n[Loopdesk: the rest of this message's text was cut; the original is kept.]\n`;
  }
  return { content, attachments, notes };
}

interface Level {
  content: ParsedContent;
  /** Names may still be empty here: they are made up once the final position is known. */
  attachments: ExtractedAttachment[];
  /** Attachments found, including those not kept. */
  total: number;
}

async function parseLevel(bytes: Uint8Array, depth: number, l: MailLimits, notes: string[]): Promise<Level> {
  let email: Email;
  try {
    // Attached messages come back as attachments (their bytes are the .eml); we open them below.
    email = await PostalMime.parse(bytes, { forceRfc822Attachments: true, maxNestingDepth: l.maxMimeDepth });
  } catch (err) {
    notes.push(`${depth > 0 ? 'attached message: ' : ''}body unreadable (${(err as Error).message}); headers only`);
    email = await headersOnly(bytes);
  }

  const headers = email.headers;
  const header = (key: string): string | undefined => headers.find((h) => h.key === key)?.value;
  const contentType = contentTypeOf(header('content-type'));
  const hint = charsetHint(bytes, header('content-type'));

  let subject = (email.subject ?? '').trim();
  if (subject.includes('\ufffd') && hint) subject = decodeWords(rawHeader(bytes, 'subject', hint) ?? subject).trim();
  let fromBox = mailboxes(email.from ? [email.from] : [], true)[0];
  if (fromBox?.name.includes('\ufffd') && hint) {
    const redecoded = rawHeader(bytes, 'from', hint);
    if (redecoded) fromBox = mailboxes(addressParser(redecoded), true)[0] ?? fromBox;
  }

  const html = email.html;
  let text = (email.text ?? '').replace(/\r\n?/g, '\n');
  if (!text.trim() && html) text = htmlToText(html.length > l.maxHtmlBytes ? capUtf8(html, l.maxHtmlBytes) : html);

  const returnPath = returnPathOf(header('return-path'));
  const content: ParsedContent = {
    inReplyTo: messageIds(email.inReplyTo).slice(0, 50),
    references: capReferences(messageIds(email.references)),
    subject,
    replyTo: mailboxes(email.replyTo),
    to: mailboxes(email.to),
    cc: mailboxes(email.cc),
    text,
  };
  const messageId = messageIds(email.messageId, true)[0];
  if (messageId) content.messageId = messageId;
  if (fromBox?.address) content.from = fromBox;
  if (returnPath !== undefined) content.returnPath = returnPath;
  if (email.date && /^\d{4}-\d\d-\d\dT/.test(email.date)) content.date = email.date;
  if (html !== undefined) content.html = html;

  const automated = detectAutomated(headers, { ...contentType, partTypes: email.attachments.map((a) => a.mimeType) }, fromBox, returnPath);
  if (automated) content.automated = automated;

  // A delivery report's returned message is evidence, not content: kept, not opened.
  const openNested = depth < l.maxNestedMessages && contentType.type !== 'multipart/report';
  const attachments: ExtractedAttachment[] = [];
  const blocks: string[] = [];
  let total = email.attachments.length;
  for (const a of email.attachments) {
    // One past the limit, so the caller sees that some were dropped.
    if (attachments.length > l.maxAttachments) break;
    const data = bytesOf(a.content);
    const type = (a.mimeType || 'application/octet-stream').toLowerCase();
    const contentId = contentIdOf(a.contentId);
    const inline = contentId !== undefined && (a.related === true || (html?.includes(`cid:${contentId}`) ?? false));
    const item: ExtractedAttachment = { name: safeName(a.filename), contentType: type, size: data.byteLength, inline, content: data };
    if (contentId !== undefined) item.contentId = contentId;
    attachments.push(item);

    if ((type === 'message/rfc822' || type === 'message/global') && openNested) {
      const inner = await parseLevel(data, depth + 1, l, notes);
      if (!item.name) item.name = emlName(inner.content.subject);
      blocks.push(attachedBlock(item.name, inner.content));
      attachments.push(...inner.attachments);
      total += inner.total;
    } else if (type === 'message/rfc822' && !item.name) {
      item.name = emlName(subjectOfRaw(data));
    }
  }
  if (blocks.length > 0) content.text = `${text.replace(/\n*$/, text ? '\n' : '')}${blocks.join('')}`;
  return { content, attachments, total };
}

/** When the MIME structure defeats the parser: the header block alone still gives sender and subject. */
async function headersOnly(bytes: Uint8Array): Promise<Email> {
  const end = headerEnd(bytes);
  try {
    return await PostalMime.parse(bytes.subarray(0, Math.min(end, 512 * 1024)), { maxNestingDepth: 0 });
  } catch {
    return { headers: [], headerLines: [], attachments: [] };
  }
}

function headerEnd(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0a && (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a))) return i + 1;
  }
  return bytes.length;
}

function attachedBlock(name: string, inner: ParsedContent): string {
  const lines = [`\n----- Attached message: ${name} -----`];
  if (inner.from) lines.push(`From: ${formatAddress(inner.from)}`);
  if (inner.date) lines.push(`Date: ${inner.date}`);
  if (inner.subject) lines.push(`Subject: ${inner.subject}`);
  if (inner.to.length > 0) lines.push(`To: ${inner.to.map(formatAddress).join(', ')}`);
  return `${lines.join('\n')}\n\n${inner.text.replace(/\n*$/, '\n')}`;
}

const formatAddress = (a: MailAddress): string => (a.name ? `${a.name} <${a.address}>` : a.address);

function mailboxes(list: readonly Address[] | undefined, keepNameOnly = false): MailAddress[] {
  const out: MailAddress[] = [];
  for (const entry of list ?? []) {
    for (const box of entry.group ?? [entry]) {
      const address = (box.address ?? '').trim().toLowerCase();
      const name = (box.name ?? '').replace(/\s+/g, ' ').trim();
      if (address || (keepNameOnly && name)) out.push({ address, name });
    }
  }
  return out.slice(0, 500);
}

/** Message ids without angle brackets; with `loose`, a bare id that has no brackets counts too. */
function messageIds(value: string | undefined, loose = false): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.replace(/\s+/g, '')).filter(Boolean);
  if (ids.length > 0) return ids.map((id) => id.slice(0, 998));
  const bare = value.trim().split(/[\s,]+/).filter((t) => loose || t.includes('@'));
  return (loose ? bare.slice(0, 1) : bare).map((id) => id.slice(0, 998));
}

/** The thread's root and its newest ids are what threading needs; a runaway header keeps those. */
function capReferences(ids: string[]): string[] {
  return ids.length <= 100 ? ids : [ids[0]!, ...ids.slice(-99)];
}

function returnPathOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /<([^<>]*)>/.exec(value);
  return (m ? m[1]! : value).trim().toLowerCase();
}

function contentIdOf(value: string | undefined): string | undefined {
  const id = value?.trim().replace(/^<|>$/g, '').trim();
  return id ? id : undefined;
}

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** A sender's file name made safe to show and store: no path, no control or bidi characters. */
export function safeName(raw: string | null | undefined): string {
  let name = (raw ?? '')
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split(/[\\/]/)
    .pop()!
    .trim();
  if (/^\.*$/.test(name)) name = '';
  if (name.length > 200) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? '';
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name;
}

function emlName(subject: string): string {
  const base = safeName(subject.replace(/[\\/:*?"<>|\s]+/g, ' ')).slice(0, 100).trim();
  return base ? `${base}.eml` : '';
}

/** The Subject of an attached message that is not opened (only its header block is read). */
function subjectOfRaw(data: Uint8Array): string {
  const head = latin1(data.subarray(0, Math.min(headerEnd(data), 64 * 1024)));
  const m = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  return m ? decodeWords(m[1]!.replace(/\r?\n[ \t]/g, ' ')).trim() : '';
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'application/json': '.json',
  'application/xml': '.xml',
  'application/msword': '.doc',
  'application/vnd.ms-excel': '.xls',
  'application/vnd.ms-powerpoint': '.ppt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': '.pptx',
  'application/ics': '.ics',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/svg+xml': '.svg',
  'image/heic': '.heic',
  'text/plain': '.txt',
  'text/html': '.html',
  'text/csv': '.csv',
  'text/calendar': '.ics',
  'text/rfc822-headers': '.txt',
  'message/rfc822': '.eml',
  'message/global': '.eml',
  'message/delivery-status': '.txt',
  'message/disposition-notification': '.txt',
  'audio/mpeg': '.mp3',
  'video/mp4': '.mp4',
};

function extensionFor(contentType: string): string {
  return EXTENSIONS[contentType] ?? (contentType.startsWith('text/') ? '.txt' : '.bin');
}

/** Cuts a string to at most `maxBytes` of UTF-8, never inside a character. */
function capUtf8(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s;
  const { read } = new TextEncoder().encodeInto(s, new Uint8Array(maxBytes));
  return read >= s.length ? s : s.slice(0, read);
}

// Raw 8-bit headers (no RFC 2047), as some mailers still send them in GBK, Big5, Shift_JIS …:
// postal-mime reads header bytes as UTF-8, so they come out as U+FFFD. The body's declared
// charset is the best witness of what the sender's client used; such headers are re-read with it.

function charsetHint(bytes: Uint8Array, contentType: string | undefined): string | undefined {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const label = fromHeader ?? /charset\s*=\s*"?([\w.:-]+)/i.exec(latin1(bytes.subarray(0, 64 * 1024)))?.[1];
  if (!label || /^(utf-?8|us-ascii)$/i.test(label)) return undefined;
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return undefined;
  }
}

function rawHeader(bytes: Uint8Array, name: string, charset: string): string | undefined {
  const head = latin1(bytes.subarray(0, Math.min(headerEnd(bytes), 256 * 1024)));
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  if (!m) return undefined;
  const value = m[1]!.replace(/\r?\n(?=[ \t])/g, '');
  const raw = Uint8Array.from(value, (c) => c.charCodeAt(0));
  return new TextDecoder(charset).decode(raw);
}

/** Bytes as a string of the same length, one char per byte (for searching headers, not for showing). */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
