// Proves HTML-only mail becomes readable text: tags and script/style gone, block elements on their own lines, quotes marked, entities decoded, hostile HTML in linear time.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { htmlEntities } from '#shared/email/html-entities.ts';
import { decodeEntities, htmlToText } from '#shared/email/html-text.ts';
import { splitQuoted } from '#shared/email/quoted-text.ts';

describe('htmlToText', () => {
  it('puts block elements and <br> on their own lines and collapses whitespace', () => {
    expect(htmlToText('<p>One   two\n three</p><p>Four<br>Five<br><br>Six</p><div>Seven</div>eight')).toBe('One two three\n\nFour\nFive\n\nSix\n\nSeven\neight\n');
  });

  it('keeps inline elements inline', () => {
    expect(htmlToText('Hello <b>bold</b> <i>and</i><span> span</span>, <a href="https://x.example">link</a>.')).toBe('Hello bold and span, link.\n');
  });

  it('drops script, style, head, comments and unclosed script to the end', () => {
    expect(htmlToText('<html><head><title>T</title><style>p{}</style></head><body><script>alert(1)</script><p>Shown</p><!-- c --><SCRIPT type="x">evil()</SCRIPT ></body></html>')).toBe('Shown\n');
    expect(htmlToText('<p>Before</p><script>never closed')).toBe('Before\n');
  });

  it('lists items, separates cells, shows image alt text', () => {
    expect(htmlToText('<ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table><img src="cid:1" alt="Logo">')).toBe('- a\n- b\n\nx y\n\nLogo\n');
  });

  it('marks blockquote lines with >', () => {
    expect(htmlToText('<p>Answer</p><blockquote>Question<br>line 2<blockquote>older</blockquote></blockquote>')).toBe('Answer\n\n> Question\n> line 2\n\n> > older\n');
  });

  it('keeps whitespace in <pre>', () => {
    expect(htmlToText('<pre>a  b\n  c</pre>')).toBe('a  b\n  c\n');
  });

  it('ignores a > inside a quoted attribute', () => {
    expect(htmlToText('<a title="a > b" href="x">text</a>')).toBe('text\n');
  });

  it('keeps a stray < as text', () => {
    expect(htmlToText('1 < 2 and 3 <4')).toBe('1 < 2 and 3 <4\n');
  });

  it('turns an Outlook HTML reply into text whose history splitQuoted finds', () => {
    const text = htmlToText(
      '<div>Still wrong.</div><div id="divRplyFwdMsg"><hr><b>From:</b> Loopdesk Support &lt;support@loopdesk.test&gt;<br><b>Sent:</b> Friday, November 20, 2026 10:00 AM<br><b>To:</b> Li Na<br><b>Subject:</b> RE: Invoice</div><div>We corrected it.</div>',
    );
    expect(splitQuoted(text).fresh).toBe('Still wrong.\n');
  });

  it('turns a Gmail HTML reply into text whose history splitQuoted finds', () => {
    const text = htmlToText(
      '<div dir="ltr">Thanks!</div><br><div class="gmail_quote"><div class="gmail_attr">On Fri, Nov 20, 2026 at 10:00 AM Support &lt;<a href="mailto:s@x">s@x</a>&gt; wrote:<br></div><blockquote class="gmail_quote">Try again.</blockquote></div>',
    );
    expect(splitQuoted(text)).toEqual({ fresh: 'Thanks!\n', quoted: '\nOn Fri, Nov 20, 2026 at 10:00 AM Support <s@x> wrote:\n\n> Try again.\n' });
  });

  it('runs in linear time on hostile markup', () => {
    const started = performance.now();
    htmlToText('<a '.repeat(100_000));
    htmlToText('<script>'.repeat(50_000));
    htmlToText('</script'.repeat(50_000) + '<script>' + '</script'.repeat(50_000));
    htmlToText('<!--'.repeat(100_000));
    htmlToText('&amp'.repeat(100_000) + ' '.repeat(100_000) + '<pre>' + ' '.repeat(100_000) + 'x');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('decodeEntities', () => {
  it('decodes numeric references, with HTML’s Windows-1252 reading of 128–159', () => {
    expect(decodeEntities('&#65;&#x42;&#X43; &#8364; &#x1F600; &#150; &#0; &#xD800; &#x110000;')).toBe('ABC € 😀 – \ufffd \ufffd \ufffd');
  });

  it('decodes the named entities mail uses and leaves unknown names alone', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&apos; &nbsp;&copy;&eacute;&Uuml;&szlig;&yuml; &ndash;&mdash;&hellip;&lsquo;&rsquo;&ldquo;&rdquo;&euro;&trade; &bogus; &Eacute')).toBe(
      '&<>"\' \u00a0©éÜßÿ –—…‘’“”€™ &bogus; &Eacute',
    );
  });

  it('accepts the legacy forms without a semicolon only for the common few', () => {
    expect(decodeEntities('a &amp b &lt c &nbsp d &eacute e')).toBe('a & b < c \u00a0 d &eacute e');
  });
});

describe('the compact entity table', () => {
  it('agrees with the WHATWG table (as postal-mime ships it) on every name it keeps, and has the same shape', () => {
    const source = readFileSync(new URL('../../../node_modules/postal-mime/src/html-entities.ts', import.meta.url), 'utf8');
    const full = new Map([...source.matchAll(/'(&[A-Za-z0-9]+;?)': '((?:\\u[0-9A-Fa-f]{4})+)'/g)].map((m) => [m[1]!, JSON.parse(`"${m[2]}"`) as string]));
    expect(full.size).toBeGreaterThan(2000);
    const keys = Object.keys(htmlEntities);
    expect(keys.length).toBeGreaterThan(150);
    for (const key of keys) expect([key, htmlEntities[key]]).toEqual([key, full.get(key)]);
    expect(htmlEntities['&amp']).toBe('&');
    expect(htmlEntities['&eacute']).toBeUndefined();
  });
});
