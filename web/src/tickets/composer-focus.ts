/**
 * "r" in the queue opens a ticket with the reply box focused. The wish is handed over in memory
 * (not in the URL) so a reload or a shared link never steals focus.
 */
let pending: string | undefined;

export function requestComposerFocus(ticketId: string): void {
  pending = ticketId;
}

/** True once for the ticket that asked. */
export function takeComposerFocus(ticketId: string): boolean {
  if (pending !== ticketId) return false;
  pending = undefined;
  return true;
}
