/**
 * The named HTML character references mail actually uses: HTML's Latin-1 set plus typographic
 * punctuation, arrows and a few symbols (~150 names). The full WHATWG table has 2,000+ names and
 * costs ~45 KB minified on every cold start, for characters mail almost never names. Unknown names
 * are left as written by the decoder.
 *
 * `htmlEntities` has the shape of postal-mime's own table (`src/html-entities.ts`: keys `&name;`,
 * plus `&name` for the legacy forms HTML accepts without the semicolon), so a bundler can put this
 * module in its place; see the parse-mail report for the measured saving.
 */

// HTML's Latin-1 entities, U+00A0 onward, in code point order.
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para ' +
  'middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute ' +
  'Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute ' +
  'THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ' +
  'ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
// Others mail uses, as name:hex code point.
const OTHERS =
  'quot:22 amp:26 apos:27 lt:3c gt:3e OElig:152 oelig:153 Scaron:160 scaron:161 Yuml:178 fnof:192 circ:2c6 tilde:2dc ' +
  'ensp:2002 emsp:2003 thinsp:2009 zwnj:200c zwj:200d lrm:200e rlm:200f ndash:2013 mdash:2014 horbar:2015 lsquo:2018 ' +
  'rsquo:2019 sbquo:201a ldquo:201c rdquo:201d bdquo:201e dagger:2020 Dagger:2021 bull:2022 hellip:2026 permil:2030 ' +
  'prime:2032 Prime:2033 lsaquo:2039 rsaquo:203a oline:203e euro:20ac trade:2122 larr:2190 uarr:2191 rarr:2192 darr:2193 ' +
  'harr:2194 rArr:21d2 hArr:21d4 minus:2212 le:2264 ge:2265 ne:2260 infin:221e check:2713 star:2606 hearts:2665 ' +
  'alpha:3b1 beta:3b2 mu:3bc pi:3c0 Omega:3a9 AMP:26 LT:3c GT:3e QUOT:22 COPY:a9 REG:ae';

/** Names HTML (and sloppy mail) accepts without the closing semicolon. */
export const LEGACY_NO_SEMICOLON: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg', 'AMP', 'LT', 'GT', 'QUOT', 'COPY', 'REG']);

const NAMED = new Map<string, string>();
LATIN1.split(' ').forEach((name, i) => NAMED.set(name, String.fromCodePoint(0xa0 + i)));
for (const pair of OTHERS.split(' ')) {
  const [name, hex] = pair.split(':') as [string, string];
  NAMED.set(name, String.fromCodePoint(parseInt(hex, 16)));
}

/** The character a named reference stands for (`amp` → `&`), or undefined for a name not kept. */
export function namedEntity(name: string): string | undefined {
  return NAMED.get(name);
}

/** Drop-in for postal-mime's table: `&name;` → character, and `&name` for the legacy names. */
export const htmlEntities: Record<string, string> = {};
for (const [name, char] of NAMED) {
  htmlEntities[`&${name};`] = char;
  if (LEGACY_NO_SEMICOLON.has(name)) htmlEntities[`&${name}`] = char;
}
