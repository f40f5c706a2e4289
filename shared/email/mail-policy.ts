import type { MailVerdicts, ParsedMail } from './parsed-mail.ts';

/** Why a message is held instead of filed. Quarantine is for admins; spam is a view agents see. */
export type HeldReason = 'virus' | 'dmarc-reject' | 'spam' | 'unparseable' | 'too-large' | 'no-sender';
export type HeldView = 'quarantine' | 'spam';

export const HELD_VIEW: Record<HeldReason, HeldView> = {
  virus: 'quarantine',
  'dmarc-reject': 'quarantine',
  unparseable: 'quarantine',
  'too-large': 'quarantine',
  'no-sender': 'quarantine',
  spam: 'spam',
};

export type Disposition = { action: 'hold'; reason: HeldReason } | { action: 'file'; verified: boolean };

/**
 * What SES's verdicts mean for a message. A virus or a DMARC failure under a reject policy is
 * quarantined, never bounced (the From is usually forged, a bounce would hit an innocent); spam
 * goes to the spam view; an SPF or DKIM failure alone is filed but marked unverified.
 */
export function dispositionOf(v: MailVerdicts): Disposition {
  if (v.virus === 'FAIL') return { action: 'hold', reason: 'virus' };
  if (v.dmarc === 'FAIL' && v.dmarcPolicy === 'reject') return { action: 'hold', reason: 'dmarc-reject' };
  if (v.spam === 'FAIL') return { action: 'hold', reason: 'spam' };
  return { action: 'file', verified: v.spf !== 'FAIL' && v.dkim !== 'FAIL' && v.dmarc !== 'FAIL' };
}

export type AutoAckDecision = { send: true } | { send: false; reason: 'automated' | 'unverified' | 'null-sender' | 'no-sender' | 'own-address' | 'rate-limited' };

/**
 * Whether a new ticket from this message may be acknowledged automatically. Machine mail, mail
 * nobody could verify, the null sender and our own addresses never get one (that is how mail
 * loops start); the per-address caps are checked by the caller with counters.
 */
export function autoAckDecision(mail: ParsedMail, verified: boolean, domain: string): AutoAckDecision {
  if (mail.automated) return { send: false, reason: 'automated' };
  if (mail.returnPath === '') return { send: false, reason: 'null-sender' };
  const to = mail.replyTo[0]?.address ?? mail.from?.address;
  if (!to) return { send: false, reason: 'no-sender' };
  if (to.endsWith(`@${domain.toLowerCase()}`)) return { send: false, reason: 'own-address' };
  if (!verified) return { send: false, reason: 'unverified' };
  return { send: true };
}

/** Automated mail to any one address: at most 3 an hour and 10 a day. */
export const AUTOMATED_MAIL_CAPS = [
  { windowSeconds: 3600, max: 3 },
  { windowSeconds: 86_400, max: 10 },
] as const;

/** Which message counts as "the same" for deduplication: its Message-ID, else SES's delivery id. */
export function dedupeKey(mail: Pick<ParsedMail, 'messageId' | 'sesMessageId'>): string {
  return mail.messageId ? `mid:${mail.messageId.slice(0, 500)}` : `ses:${mail.sesMessageId}`;
}
