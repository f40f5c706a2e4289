import type { HeldReason, HeldView } from './mail-policy.ts';
import type { ThreadMethod } from './mail-threading.ts';

/** What filing a message did; remembered with its dedupe record so a repeat answers the same. */
export type FilingResult =
  | { outcome: 'created'; ticketId: string; number: number }
  | { outcome: 'threaded'; ticketId: string; entryId: string; method: ThreadMethod }
  | { outcome: 'follow-up'; ticketId: string; number: number; followUpOfId: string; method: ThreadMethod }
  | { outcome: 'held'; reason: HeldReason };

export type MailClaim = { status: 'new' } | { status: 'done'; result: FilingResult } | { status: 'busy' };

/** A message kept aside instead of filed: quarantined (admins) or spam (agents). Releasable. */
export interface HeldMail {
  sesMessageId: string;
  reason: HeldReason;
  view: HeldView;
  receivedAt: string;
  from?: string;
  subject: string;
  /** The parsed form (raw mail bucket), when the message could be parsed. */
  parsedKey?: string;
  /** The raw message (raw mail bucket): always kept. */
  rawKey: string;
  size?: number;
  detail?: string;
  released?: { at: string; by: string; ticketId?: string };
}

export interface MailStore {
  /** Claims a message for filing; a claim left by a crashed attempt is taken over after its lease. */
  claim(key: string, now: Date, leaseSeconds: number): Promise<MailClaim>;
  complete(key: string, result: FilingResult, now: Date): Promise<void>;
  release(key: string): Promise<void>;
  ticketByReference(ref: string): Promise<string | undefined>;
  saveReference(ref: string, ticketId: string): Promise<void>;
  ticketByMessageId(messageId: string): Promise<string | undefined>;
  saveMessageId(messageId: string, ticketId: string, now: Date): Promise<void>;
  hold(held: HeldMail): Promise<void>;
  getHeld(sesMessageId: string): Promise<HeldMail | undefined>;
  listHeld(view: HeldView, limit: number, cursor?: string): Promise<{ items: HeldMail[]; cursor?: string }>;
  markReleased(sesMessageId: string, released: NonNullable<HeldMail['released']>): Promise<void>;
}
