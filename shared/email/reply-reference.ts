import { randomBytes } from 'node:crypto';

/**
 * A ticket's mail reference: 16 random base32 characters (80 bits), unguessable, so knowing a
 * ticket's number never lets anyone write into it. It travels three ways in the mail we send:
 * the reply address `support+<ref>@domain`, a hidden marker in the body, and nothing else that a
 * sender could forge into another ticket.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const REF = '[a-z2-7]{16}';

export function newReplyReference(): string {
  const bytes = randomBytes(16);
  return [...bytes].map((b) => ALPHABET[b % 32]).join('');
}

/** `support@loopdesk.local` + ref → `support+<ref>@loopdesk.local`. */
export function replyAddress(supportAddress: string, ref: string): string {
  const [local, domain] = supportAddress.split('@') as [string, string];
  return `${local.split('+')[0]}+${ref}@${domain}`;
}

/** The reference in a recipient like `support+<ref>@domain` (only at our own domain). */
export function referenceFromAddress(address: string, domain: string): string | undefined {
  const m = new RegExp(`^[^@+]+\\+(${REF})@(.+)$`, 'i').exec(address.trim());
  return m && m[2]!.toLowerCase() === domain.toLowerCase() ? m[1]!.toLowerCase() : undefined;
}

/** The marker we put in the body of every reply (hidden in HTML, a short footer line in text). */
export function replyMarker(ref: string): string {
  return `[ref:${ref}]`;
}

/** Every marker in a body (quoted history included: that is where it survives a reply). */
export function referencesInBody(text: string): string[] {
  return [...new Set([...text.matchAll(new RegExp(`\\[ref:(${REF})\\]`, 'gi'))].map((m) => m[1]!.toLowerCase()))];
}

/** The subject token `[#1042]` we put in subjects; honoured only from the ticket's own people. */
export function subjectToken(number: number): string {
  return `[#${number}]`;
}

export function ticketNumberInSubject(subject: string): number | undefined {
  const m = /\[#(\d{1,12})\]/.exec(subject);
  return m ? Number(m[1]) : undefined;
}
