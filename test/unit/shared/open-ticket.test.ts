// Proves opening a ticket allocates the next number, records who and when, and writes its first history record.
import { describe, expect, it } from 'vitest';
import { openTicket } from '#shared/tickets/open-ticket.ts';
import { readTicketDetail } from '#shared/tickets/ticket-operations.ts';
import { NotFoundError } from '#shared/errors/domain-errors.ts';
import { MemoryTicketStore } from '../../support/memory-ticket-store.ts';

const agent = { id: 'agent-1', email: 'agent@x.test', roles: ['agent' as const] };
const clock = { now: () => new Date('2026-03-29T00:30:00.000Z') };
const sequentialIds = () => {
  let n = 0;
  return { next: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
};

describe('openTicket', () => {
  it('creates a new ticket with the next number, version 1, the creator and a history record', async () => {
    const store = new MemoryTicketStore();
    const deps = { store, clock, ids: sequentialIds() };
    const first = await openTicket(deps, agent, { subject: 'A', description: 'a', priority: 'high', channel: 'phone', tags: ['vip', 'vip'] });
    const second = await openTicket(deps, agent, { subject: 'B', description: 'b', priority: 'low', channel: 'api' }, { teamId: 'support' });
    expect(first).toMatchObject({ number: 1001, status: 'new', version: 1, createdBy: 'agent-1', createdAt: '2026-03-29T00:30:00.000Z', tags: ['vip'] });
    expect(first.updatedAt).toBe(first.createdAt);
    expect(second).toMatchObject({ number: 1002, teamId: 'support' });
    expect(first).not.toHaveProperty('customerEmail');
    const detail = await readTicketDetail(store, first.id);
    expect(detail.history).toEqual([
      expect.objectContaining({ actor: { type: 'agent', id: 'agent-1' }, changes: [{ field: 'status', from: null, to: 'new' }] }),
    ]);
  });

  it('reports a missing ticket as not found', async () => {
    await expect(readTicketDetail(new MemoryTicketStore(), 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
