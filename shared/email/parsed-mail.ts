/**
 * The parsed form of one received message: what the parser stage hands the filer stage (as JSON in
 * the raw mail bucket). Nothing here is trusted: it is what the sender wrote, decoded.
 */
export interface MailAddress {
  /** Lower-cased, trimmed. */
  address: string;
  /** Display name, decoded (e.g. "张伟"); empty when none. */
  name: string;
}

export interface ParsedAttachment {
  /** Where the parser stored the bytes (attachments bucket). */
  key: string;
  /** Decoded file name, never empty (a name is made up when the part has none). */
  name: string;
  contentType: string;
  size: number;
  /** For inline images referenced from the HTML as cid:… */
  contentId?: string;
  inline: boolean;
}

/** Why a message is machine-sent; such mail never gets an automatic answer and never reopens anything. */
export interface AutomatedMail {
  kind: 'auto-reply' | 'bounce' | 'bulk';
  /** The header or shape that told us (e.g. "Auto-Submitted: auto-replied", "multipart/report"). */
  evidence: string;
}

export interface ParsedContent {
  /** Message-ID without angle brackets; absent on some broken mail. */
  messageId?: string;
  /** Message ids named in In-Reply-To, without angle brackets. */
  inReplyTo: string[];
  /** Message ids named in References, oldest first, without angle brackets. */
  references: string[];
  subject: string;
  from?: MailAddress;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** The Return-Path: '' for the null sender `<>` (bounces), undefined when the header is absent. */
  returnPath?: string;
  /** The Date header as ISO 8601, when it parses. */
  date?: string;
  /** Plain text; derived from the HTML when the message has only HTML. */
  text: string;
  /** The HTML part as received (cid: links intact). Rendered only through the console's sanitizer. */
  html?: string;
  automated?: AutomatedMail;
}

export interface ParsedMail extends ParsedContent {
  /** SES's id for this delivery; also the raw object's name under inbound/. */
  sesMessageId: string;
  /** Envelope recipients SES accepted the message for (our addresses). */
  recipients: string[];
  /** Size of the raw message in bytes. */
  size: number;
  attachments: ParsedAttachment[];
  verdicts: MailVerdicts;
  receivedAt: string;
}

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

/** SES's scan results, from the receipt notification (authoritative; headers can be forged). */
export interface MailVerdicts {
  spam: Verdict;
  virus: Verdict;
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  /** The sender domain's DMARC policy, present when DMARC failed. */
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
}
