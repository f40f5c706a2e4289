import { LEGACY_NO_SEMICOLON, namedEntity } from './html-entities.ts';

/**
 * HTML → plain text for mail that has no text part: tags dropped, script/style/head contents
 * dropped, a line break for every block element, `> ` before lines inside a blockquote (so the
 * quoted-history splitter sees them as quoted), entities decoded. One pass over the input, no
 * regex that can backtrack over it, so hostile HTML costs linear time.
 *
 * Entities: numeric references and the named ones mail actually uses (./html-entities.ts).
 */

/** Contents dropped entirely. */
const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'svg', 'xml', 'object']);
/** A blank line around these. */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'ul', 'ol', 'dl', 'blockquote', 'hr']);
/** A line break around these. */
const LINE = new Set([
  'div', 'tr', 'li', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'address', 'center', 'form', 'fieldset',
  'figure', 'figcaption', 'main', 'nav', 'aside', 'caption', 'tbody', 'thead', 'tfoot', 'details', 'summary', 'legend', 'option',
]);
const CELL = new Set(['td', 'th']);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;

export function htmlToText(html: string): string {
  const out: string[] = [];
  /** The text written so far ends with this many newlines (0 = mid-line); -1 = nothing written. */
  let trailingNewlines = -1;
  let pendingSpace = false;
  let quoteDepth = 0;
  let preDepth = 0;

  const write = (s: string): void => {
    if (!s) return;
    if (trailingNewlines !== 0 && quoteDepth > 0) out.push('> '.repeat(quoteDepth));
    else if (pendingSpace && trailingNewlines === 0) out.push(' ');
    pendingSpace = false;
    out.push(s);
    trailingNewlines = s.endsWith('\n') ? s.length - s.replace(/\n+$/, '').length : 0;
  };
  const text = (raw: string): void => {
    if (preDepth > 0) {
      const lines = decodeEntities(raw).replace(/\r\n?/g, '\n').split('\n');
      lines.forEach((line, i) => {
        if (i > 0) breakLine(1, true);
        write(line);
      });
      return;
    }
    const collapsed = raw.replace(/[ \t\r\n\f]+/g, ' ');
    if (!collapsed) return;
    const startsWithSpace = collapsed.startsWith(' ');
    const endsWithSpace = collapsed.endsWith(' ');
    const body = decodeEntities(collapsed.trim());
    if (startsWithSpace) pendingSpace = true;
    write(body);
    if (endsWithSpace && body) pendingSpace = true;
  };
  /** Ends the current line and makes sure `n` newlines end the text (force: a <br> always adds one). */
  const breakLine = (n: number, force = false): void => {
    pendingSpace = false;
    if (trailingNewlines === -1) return;
    const want = force ? Math.max(trailingNewlines + 1, 1) : n;
    while (trailingNewlines < Math.min(want, 2)) {
      out.push('\n');
      trailingNewlines++;
    }
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    if (lt > i) text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) {
      const next = html[lt + 1];
      if (next === '!' || next === '?') {
        // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>
        const end = html.indexOf('>', lt);
        i = end < 0 ? n : end + 1;
      } else {
        text('<');
        i = lt + 1;
      }
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const end = tagEnd(html, TAG.lastIndex);
    i = end;
    const selfClosing = html[end - 2] === '/';

    if (!closing && SKIP.has(name) && !selfClosing) {
      // The closing tag's name only; its `>` is found with indexOf, so no regex runs to the end per attempt.
      const close = new RegExp(`</${name}\\b`, 'gi');
      close.lastIndex = end;
      const found = close.exec(html);
      const gt = found ? html.indexOf('>', found.index) : -1;
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    if (name === 'br') breakLine(1, true);
    else if (name === 'blockquote') {
      breakLine(2);
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
    } else if (name === 'pre') {
      breakLine(2);
      preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
    } else if (name === 'li' && !closing) {
      breakLine(1);
      write('- ');
    } else if (PARAGRAPH.has(name)) breakLine(2);
    else if (LINE.has(name)) breakLine(1);
    else if (CELL.has(name) && !closing) pendingSpace = true;
    else if (name === 'img' && !closing) {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(html.slice(m.index + m[0].length, end));
      const value = alt?.[2] ?? alt?.[3];
      if (value?.trim()) text(` ${value} `);
    }
  }

  const lines = out.join('').replace(/\u00a0/g, ' ').split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Index just past the `>` that ends the tag whose name ends at `from` (quotes in attributes respected). */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // Only a quote that opens an attribute value counts; a stray one must not swallow the document.
      if (html[i - 1] === '=' || /=\s*$/.test(html.slice(Math.max(from, i - 4), i))) quote = c;
    } else if (c === '>') return i + 1;
  }
  return html.length;
}

/** What HTML maps the C1 controls to in numeric references (`&#150;` is an en dash, as Windows-1252). */
const C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}))(;?)/g, (match, dec?: string, hex?: string, name?: string, semi?: string) => {
    if (name !== undefined) {
      if (!semi && !LEGACY_NO_SEMICOLON.has(name)) return match;
      return namedEntity(name) ?? match;
    }
    const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    if (cp >= 0x80 && cp <= 0x9f) return C1[cp - 0x80]!;
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(cp);
  });
}
