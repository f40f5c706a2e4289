/**
 * Where the quoted history of a reply starts. The text is never rewritten: the answer is a cut
 * point, so `fresh + quoted` is always exactly the input (a property test holds us to it).
 *
 * The history starts at the earliest of:
 * - an attribution line: "On <date>, <name> wrote:" (also wrapped over up to 3 lines), its
 *   German/French/Spanish/Dutch/Portuguese/Italian forms, Chinese "在 … 写道：" and Gmail's
 *   "<name> 于2026年11月20日周五 10:00写道：", Japanese "2026年11月20日(金) 10:00 名前 <a@b>:";
 * - a separator: "-----Original Message-----" and its translations, QQ Mail/Foxmail
 *   "------------------ 原始邮件 ------------------", an Outlook underscore rule followed by a header block;
 * - a header block: "From:/发件人:" followed closely by "Sent:/Date:/发送时间:" and "To:/Subject:/主题:"
 *   (Outlook, Outlook for Mac, Foxmail, QQ Mail, Chinese Outlook);
 * - the trailing run of `>` lines (only a run that nothing unquoted follows: `>` lines with
 *   answers between them are an interleaved reply, and the answers are fresh).
 *
 * Not history: forwarded messages ("---------- Forwarded message ---------", "Begin forwarded
 * message:", "转发的邮件"), whose header block is the substance of the mail. An attribution line
 * whose `>` quote is followed by unquoted text (bottom-posting) is not cut either.
 *
 * Our own marker `[ref:…]` is a footer at the end of our message, so it cannot mark where the
 * history starts; it is left wherever it is.
 */
export function splitQuoted(text: string): { fresh: string; quoted: string } {
  const cut = quoteStart(text);
  return cut === undefined ? { fresh: text, quoted: '' } : { fresh: text.slice(0, cut), quoted: text.slice(cut) };
}

interface Line {
  start: number;
  text: string;
}

/** Longer lines are never attributions or headers; skipping them keeps the regexes cheap. */
const MAX_MARKER_LINE = 400;

const SEPARATOR =
  /^[-=_*\s]{0,3}-{2,}\s*(original message|original|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|messaggio originale|mensagem original|原始邮件|原始郵件|邮件原件|原始信件|原邮件|元のメッセージ)\s*-{2,}\s*$/i;
const UNDERSCORES = /^\s*_{10,}\s*$/;
const FORWARD =
  /^\s*(-{2,}\s*(forwarded message|forwarded message follows|weitergeleitete nachricht|message transféré|mensaje reenviado|转发的邮件|转发邮件信息|轉寄的郵件|転送されたメッセージ|attached message\b.*)\s*-{2,}|begin forwarded message:?|开始转发的邮件[:：]?|以下为转发的邮件[:：]?)\s*$/i;

const ATTRIBUTIONS: RegExp[] = [
  /^\s*on\b.{0,350}\bwrote\s*:\s*$/i,
  /^\s*am\b.{0,350}\bschrieb\b.{0,200}:\s*$/i,
  /^\s*le\b.{0,350}\ba écrit\s*:\s*$/i,
  /^\s*el\b.{0,350}\bescribió\s*:\s*$/i,
  /^\s*op\b.{0,350}\bschreef\b.{0,200}:\s*$/i,
  /^\s*em\b.{0,350}\bescreveu\s*:\s*$/i,
  /^\s*il\b.{0,350}\bha scritto\s*:\s*$/i,
  /<[^<>\s]+@[^<>\s]+>\s*wrote\s*:\s*$/i,
  /^\s*在.{0,350}(写道|寫道)\s*[:：]\s*$/,
  /[于於]\s*\d{4}\s*年.{0,100}(写道|寫道)\s*[:：]\s*$/,
  /^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,200}<[^<>\s]+@[^<>\s]+>\s*[:：]?\s*$/,
  /^\s*\d{4}[/-]\d{1,2}[/-]\d{1,2}.{0,200}のメール\s*[:：]?\s*$/,
];

const ENDS_WITH_COLON = /[:：]\s*$/;

const FROM_HEADER = /^\s*\*?(from|发件人|發件人|寄件者|von|de|van|da|差出人|보낸 사람)\s*\*?\s*[:：]/i;
const DATE_HEADER = /^\s*\*?(sent|date|发送时间|發送時間|日期|时间|時間|寄件日期|gesendet|datum|envoyé|date d'envoi|enviado|fecha|verzonden|inviato|送信日時|보낸 날짜)\s*\*?\s*[:：]/i;
const OTHER_HEADER = /^\s*\*?(to|cc|subject|收件人|抄送|主题|主題|收件者|副本|主旨|an|betreff|à|objet|para|asunto|aan|onderwerp|a|oggetto|宛先|件名|받는 사람|제목)\s*\*?\s*[:：]/i;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    lines.push({ start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  lines.push({ start, text: text.slice(start) });
  return lines;
}

const isBlank = (line: Line | undefined): boolean => line !== undefined && line.text.trim() === '';
const isQuoted = (line: Line): boolean => /^\s*>/.test(line.text);

function quoteStart(text: string): number | undefined {
  const lines = splitLines(text);

  // The trailing run of quoted lines: from here on, every non-blank line starts with '>'.
  let trailingQuote: number | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    if (!isQuoted(line)) break;
    trailingQuote = i;
  }

  let cut: number | undefined;
  for (let i = 0; i < lines.length && (cut === undefined || i < cut); i++) {
    const marker = markerAt(lines, i, trailingQuote);
    if (marker) {
      cut = i;
      break;
    }
  }
  if (trailingQuote !== undefined && (cut === undefined || trailingQuote < cut)) cut = trailingQuote;
  if (cut === undefined) return undefined;

  // Blank lines before the history belong to it, so fresh text ends where the writing ended.
  while (cut > 0 && isBlank(lines[cut - 1])) cut--;
  return lines[cut]!.start;
}

/** Whether line `i` starts the quoted history (and the lines after it agree). */
function markerAt(lines: readonly Line[], i: number, trailingQuote: number | undefined): boolean {
  const line = lines[i]!.text;
  if (line.length > MAX_MARKER_LINE || line.trim() === '') return false;

  if (SEPARATOR.test(line)) return true;
  if (UNDERSCORES.test(line)) return headerBlockAt(lines, nextNonBlank(lines, i + 1)) && !afterForwardMarker(lines, i);
  if (FROM_HEADER.test(line) && !isQuoted(lines[i]!)) return headerBlockAt(lines, i) && !afterForwardMarker(lines, i);

  // Attribution, possibly wrapped over up to three lines.
  let joined = '';
  for (let k = i; k < Math.min(lines.length, i + 3); k++) {
    const part = lines[k]!.text;
    if (part.length > MAX_MARKER_LINE || (k > i && part.trim() === '')) break;
    joined = k === i ? part : `${joined} ${part.trim()}`;
    // Every attribution ends with a colon: a cheap test before the real ones.
    if (ENDS_WITH_COLON.test(joined) && ATTRIBUTIONS.some((re) => re.test(joined))) {
      // Bottom-posting: the quote this line introduces is followed by the writer's own text.
      const next = nextNonBlank(lines, k + 1);
      if (next !== undefined && isQuoted(lines[next]!) && (trailingQuote === undefined || trailingQuote > next)) return false;
      return true;
    }
  }
  return false;
}

/** A From line with, within the next few lines, a date line and a To/Subject line. */
function headerBlockAt(lines: readonly Line[], i: number | undefined): boolean {
  if (i === undefined || !FROM_HEADER.test(lines[i]!.text)) return false;
  let date = false;
  let other = false;
  for (let k = i + 1, seen = 0; k < lines.length && seen < 6; k++) {
    const line = lines[k]!;
    if (isBlank(line)) continue;
    seen++;
    if (line.text.length > MAX_MARKER_LINE) continue;
    if (DATE_HEADER.test(line.text)) date = true;
    else if (OTHER_HEADER.test(line.text)) other = true;
    if (date && other) return true;
  }
  return false;
}

function afterForwardMarker(lines: readonly Line[], i: number): boolean {
  for (let k = i - 1, seen = 0; k >= 0 && seen < 2; k--) {
    const line = lines[k]!;
    if (isBlank(line)) continue;
    seen++;
    if (line.text.length <= MAX_MARKER_LINE && FORWARD.test(line.text)) return true;
    if (!UNDERSCORES.test(line.text)) return false;
  }
  return false;
}

function nextNonBlank(lines: readonly Line[], from: number): number | undefined {
  for (let k = from; k < lines.length; k++) if (!isBlank(lines[k])) return k;
  return undefined;
}
