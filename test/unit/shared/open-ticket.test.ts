// Proves opening a ticket allocates the next number and records who and when, with injected clock and ids.
import { describe, expect, it } from 'vitest';
import { openTicket } from '#shared/tickets/open-ticket.ts';
import { readTicket } from '#shared/tickets/read-ticket.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';
import type { TicketStore } from '#shared/tickets/ticket-store.ts';
import { NotFoundError } from '#shared/errors/domain-errors.ts';

class MemoryTicketStore implements TicketStore {
  readonly tickets = new Map<string, Ticket>();
  private last = 1000;
  async allocateNumber() {
    return ++this.last;
  }
  async insert(ticket: Ticket) {
    this.tickets.set(ticket.id, ticket);
  }
  async get(id: string) {
    return this.tickets.get(id);
  }
}

const agent = { id: 'agent-1', email: 'agent@x.test', roles: ['agent' as const] };
const clock = { now: () => new Date('2026-03-29T00:30:00.000Z') };

describe('openTicket', () => {
  it('creates a new ticket with the next number, version 1 and the creator', async () => {
    const store = new MemoryTicketStore();
    let n = 0;
    const ids = { next: () => `00000000-0000-4000-8000-00000000000${++n}` };
    const first = await openTicket({ store, clock, ids }, agent, { subject: 'A', description: 'a', priority: 'high', channel: 'phone' });
    const second = await openTicket({ store, clock, ids }, agent, { subject: 'B', description: 'b', priority: 'low', channel: 'api' });
    expect(first).toMatchObject({ number: 1001, status: 'new', version: 1, createdBy: 'agent-1', createdAt: '2026-03-29T00:30:00.000Z' });
    expect(first.updatedAt).toBe(first.createdAt);
    expect(second.number).toBe(1002);
    expect(await readTicket(store, second.id)).toEqual(second);
    expect(first).not.toHaveProperty('customerEmail');
  });

  it('reports a missing ticket as not found', async () => {
    await expect(readTicket(new MemoryTicketStore(), 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
