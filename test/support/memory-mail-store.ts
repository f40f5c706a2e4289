import type { HeldView } from '#shared/email/mail-policy.ts';
import type { FilingResult, HeldMail, MailClaim, MailStore } from '#shared/email/mail-store.ts';

/** An in-memory MailStore with the DynamoDB one's claim semantics (lease takeover), for unit tests. */
export class MemoryMailStore implements MailStore {
  readonly claims = new Map<string, { state: 'in_progress' | 'done'; leaseUntil?: number; result?: FilingResult }>();
  readonly references = new Map<string, string>();
  readonly messageIds = new Map<string, string>();
  readonly held = new Map<string, HeldMail>();

  async claim(key: string, now: Date, leaseSeconds: number): Promise<MailClaim> {
    const c = this.claims.get(key);
    if (!c || (c.state === 'in_progress' && (c.leaseUntil ?? 0) < now.getTime() / 1000)) {
      this.claims.set(key, { state: 'in_progress', leaseUntil: now.getTime() / 1000 + leaseSeconds });
      return { status: 'new' };
    }
    return c.state === 'done' ? { status: 'done', result: c.result! } : { status: 'busy' };
  }
  async complete(key: string, result: FilingResult) {
    this.claims.set(key, { state: 'done', result });
  }
  async release(key: string) {
    this.claims.delete(key);
  }
  async ticketByReference(ref: string) {
    return this.references.get(ref);
  }
  async saveReference(ref: string, ticketId: string) {
    this.references.set(ref, ticketId);
  }
  async ticketByMessageId(id: string) {
    return this.messageIds.get(id);
  }
  async saveMessageId(id: string, ticketId: string) {
    this.messageIds.set(id, ticketId);
  }
  async hold(h: HeldMail) {
    this.held.set(h.sesMessageId, h);
  }
  async getHeld(id: string) {
    return this.held.get(id);
  }
  async listHeld(view: HeldView) {
    return { items: [...this.held.values()].filter((h) => h.view === view && !h.released) };
  }
  async markReleased(id: string, released: NonNullable<HeldMail['released']>) {
    const h = this.held.get(id);
    if (h) this.held.set(id, { ...h, released });
  }
}
