import DOMPurify from 'dompurify';

/**
 * The sanitizer for a message's HTML. Loaded on demand, in a chunk of its own (about 12 KB
 * gzipped) that most visits never fetch, and only ever used for the srcdoc of a `sandbox=""` frame: the
 * sandbox is what keeps mail from running; sanitizing keeps what the frame shows to plain markup.
 */

export interface SanitizedMail {
  html: string;
  /** Images from the web that were not loaded (loading them tells the sender the mail was read). */
  remoteImages: number;
  /** `cid:` images, parts of the message itself, which a frame cannot show. */
  embeddedImages: number;
}

// A private instance: its hooks never touch anyone else's DOMPurify.
const purify = DOMPurify(window);

let counts = { remote: 0, embedded: 0 };

const LINKABLE = /^(https?:|mailto:|tel:)/i;
const DATA_IMAGE = /^data:image\//i;

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'IMG') {
    const src = (node.getAttribute('src') ?? '').trim();
    if (!DATA_IMAGE.test(src)) {
      if (/^cid:/i.test(src)) counts.embedded++;
      else if (src) counts.remote++;
      node.removeAttribute('src');
    }
  }
  // Other ways a page fetches images: tables' background attribute, responsive sources.
  for (const name of ['srcset', 'background', 'poster', 'lowsrc', 'dynsrc']) {
    if (!node.hasAttribute(name)) continue;
    if (/^\s*https?:/i.test(node.getAttribute(name) ?? '')) counts.remote++;
    node.removeAttribute(name);
  }
  if (node.hasAttribute('href')) {
    const href = (node.getAttribute('href') ?? '').trim();
    if (LINKABLE.test(href)) {
      // Never navigates the frame itself; the sandbox (no allow-popups) keeps it from opening a tab.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
      if (!node.hasAttribute('title')) node.setAttribute('title', href);
    } else {
      node.removeAttribute('href');
    }
  }
});

const START_TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)(\s*\/?)>/g;
const ATTRIBUTE = /(\s+)([^\s/>"'=]+)((?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)/g;
const STYLE_ELEMENT = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;

/**
 * Chrome checks a parsed document against the console's CSP even when the document is inert (as
 * DOMPurify's is): every inline handler and style in a mail would log a "refused to execute"
 * error. Renaming them first keeps the console quiet; it is not what makes mail safe (the
 * sanitizer drops any attribute it does not know, and the frame's sandbox runs nothing).
 */
function defuse(html: string): string {
  return html.replace(STYLE_ELEMENT, '').replace(START_TAG, (_tag, name: string, attributes: string, end: string) => {
    const renamed = attributes.replace(ATTRIBUTE, (_all, space: string, attr: string, value: string) => `${space}${/^(on|style$)/i.test(attr) ? `x-${attr}` : attr}${value}`);
    return `<${name}${renamed}${end}>`;
  });
}

/**
 * Plain markup only: no scripts or handlers (DOMPurify's defaults), no SVG or MathML, no forms or
 * media, and no `style`/`class` (the console's CSP blocks inline styles inside the frame anyway,
 * and mail classes would pick up console styles).
 */
export function sanitizeEmailHtml(html: string): SanitizedMail {
  counts = { remote: 0, embedded: 0 };
  const clean = purify.sanitize(defuse(html), {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'output', 'video', 'audio', 'source', 'track', 'picture', 'canvas', 'dialog', 'marquee', 'blink', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'class'],
  });
  return { html: clean, remoteImages: counts.remote, embeddedImages: counts.embedded };
}
