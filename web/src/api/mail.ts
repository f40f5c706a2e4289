import type { HeldMail } from '#shared/email/mail-store.ts';
import type { HeldReason, HeldView } from '#shared/email/mail-policy.ts';
import type { ApiClient } from './client.ts';

export type { HeldMail, HeldReason, HeldView };

/** What the API lists of a held message (never its storage keys). */
export type HeldMailRow = Omit<HeldMail, 'rawKey' | 'parsedKey'>;

export interface HeldPage {
  items: HeldMailRow[];
  cursor?: string;
}

/**
 * Reasons whose message never parsed (or has nobody to file it for): releasing cannot file them.
 * The API is the judge (409 NOT_FILEABLE); this only spares people a button that cannot work.
 */
export const UNFILEABLE_REASONS: ReadonlySet<string> = new Set<HeldReason>(['unparseable', 'too-large', 'no-sender']);

/** Newest first, one page at a time. Quarantine is for admins only (agents get 403). */
export function listHeldMail(api: ApiClient, view: HeldView, cursor?: string, limit = 25): Promise<HeldPage> {
  const query = new URLSearchParams({ view, limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return api.get<HeldPage>(`/v1/mail/held?${query.toString()}`);
}

/** Hands a held message to the filer again (202); it reaches the queue moments later. */
export function releaseHeldMail(api: ApiClient, sesMessageId: string): Promise<{ released: true; sesMessageId: string }> {
  return api.post(`/v1/mail/held/${encodeURIComponent(sesMessageId)}/release`);
}
