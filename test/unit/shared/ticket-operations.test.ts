// Proves ticket edits: allowed changes are recorded old → new, stale versions get 409, replies and notes behave.
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, TicketClosedError, VersionConflictError } from '#shared/tickets/apply-update.ts';
import { openTicket } from '#shared/tickets/open-ticket.ts';
import { addThreadEntry, bulkUpdate, takeTicket, updateTicket } from '#shared/tickets/ticket-operations.ts';
import { ConflictError } from '#shared/errors/domain-errors.ts';
import { MemoryTicketStore } from '../../support/memory-ticket-store.ts';

const agent = { id: 'agent-1', email: 'agent@x.test', roles: ['agent' as const] };
const other = { id: 'agent-2', email: 'other@x.test', roles: ['agent' as const] };
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 0, 1, 9, 0, tick++)) };
let n = 0;
const ids = { next: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };

async function setup() {
  const store = new MemoryTicketStore();
  const deps = { store, clock, ids };
  const ticket = await openTicket(deps, agent, { subject: 'Printer', description: 'jams', priority: 'normal', channel: 'phone' });
  return { store, deps, ticket };
}

describe('updateTicket', () => {
  it('applies changes, bumps the version and records each field old → new', async () => {
    const { deps, store, ticket } = await setup();
    const next = await updateTicket(deps, agent, ticket.id, 1, { status: 'in_progress', priority: 'high', assigneeId: 'agent-2' });
    expect(next).toMatchObject({ status: 'in_progress', priority: 'high', assigneeId: 'agent-2', version: 2 });
    expect(next.updatedAt > ticket.updatedAt).toBe(true);
    expect(store.history.at(-1)?.changes).toEqual([
      { field: 'status', from: 'new', to: 'in_progress' },
      { field: 'priority', from: 'normal', to: 'high' },
      { field: 'assigneeId', from: null, to: 'agent-2' },
    ]);
  });

  it('writes nothing for a save that changes nothing', async () => {
    const { deps, store, ticket } = await setup();
    const same = await updateTicket(deps, agent, ticket.id, 1, { priority: 'normal' });
    expect(same.version).toBe(1);
    expect(store.history).toHaveLength(1);
  });

  it('clears a field with null and stamps resolved/closed times', async () => {
    const { deps, ticket } = await setup();
    await updateTicket(deps, agent, ticket.id, 1, { assigneeId: 'x' });
    const resolved = await updateTicket(deps, agent, ticket.id, 2, { assigneeId: null, status: 'resolved' });
    expect(resolved).not.toHaveProperty('assigneeId');
    expect(resolved.resolvedAt).toBe(resolved.updatedAt);
    const reopened = await updateTicket(deps, agent, ticket.id, 3, { status: 'open' });
    expect(reopened).not.toHaveProperty('resolvedAt');
    const closed = await updateTicket(deps, agent, ticket.id, 4, { status: 'closed' });
    expect(closed.closedAt).toBe(closed.updatedAt);
  });

  it('refuses a stale version with the current ticket (409), never overwriting', async () => {
    const { deps, ticket } = await setup();
    await updateTicket(deps, other, ticket.id, 1, { priority: 'urgent' });
    const err = await updateTicket(deps, agent, ticket.id, 1, { priority: 'low' }).catch((e) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err.status).toBe(409);
    expect(err.details.currentVersion).toBe(2);
    expect(err.details.current.priority).toBe('urgent');
  });

  it('refuses a concurrent save that lands between read and write', async () => {
    const { deps, store, ticket } = await setup();
    store.beforeWrite = () => store.tickets.set(ticket.id, { ...store.tickets.get(ticket.id)!, version: 2, priority: 'urgent' });
    await expect(updateTicket(deps, agent, ticket.id, 1, { priority: 'low' })).rejects.toBeInstanceOf(VersionConflictError);
    expect(store.tickets.get(ticket.id)?.priority).toBe('urgent');
  });

  it('refuses transitions outside the table (422) and any edit of a closed ticket (409)', async () => {
    const { deps, ticket } = await setup();
    await updateTicket(deps, agent, ticket.id, 1, { status: 'resolved' });
    const bad = await updateTicket(deps, agent, ticket.id, 2, { status: 'pending_customer' }).catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidTransitionError);
    expect(bad.status).toBe(422);
    await updateTicket(deps, agent, ticket.id, 2, { status: 'closed' });
    const closed = await updateTicket(deps, agent, ticket.id, 3, { subject: 'x' }).catch((e) => e);
    expect(closed).toBeInstanceOf(TicketClosedError);
    expect(closed.code).toBe('TICKET_CLOSED');
  });
});

describe('addThreadEntry', () => {
  it('takes a new ticket into work and records the first response on the first public reply', async () => {
    const { deps, store, ticket } = await setup();
    const { entry, ticket: after } = await addThreadEntry(deps, agent, ticket.id, { kind: 'reply', body: 'On it' });
    expect(entry).toMatchObject({ kind: 'reply', body: 'On it', author: { type: 'agent', id: 'agent-1' } });
    expect(after).toMatchObject({ status: 'open', version: 2, firstResponseAt: entry.createdAt });
    const second = await addThreadEntry(deps, agent, ticket.id, { kind: 'reply', body: 'Done?' });
    expect(second.ticket.firstResponseAt).toBe(entry.createdAt);
    expect(store.entries).toHaveLength(2);
  });

  it('keeps notes internal: no status change, no first response', async () => {
    const { deps, ticket } = await setup();
    const { ticket: after } = await addThreadEntry(deps, agent, ticket.id, { kind: 'note', body: 'Checked logs' });
    expect(after.status).toBe('new');
    expect(after).not.toHaveProperty('firstResponseAt');
  });

  it('retries over a concurrent save instead of bouncing the message', async () => {
    const { deps, store, ticket } = await setup();
    store.beforeWrite = () => store.tickets.set(ticket.id, { ...store.tickets.get(ticket.id)!, version: 2, priority: 'urgent' });
    const { ticket: after } = await addThreadEntry(deps, agent, ticket.id, { kind: 'note', body: 'x' });
    expect(after).toMatchObject({ version: 3, priority: 'urgent' });
  });

  it('refuses entries on a closed ticket', async () => {
    const { deps, ticket } = await setup();
    await updateTicket(deps, agent, ticket.id, 1, { status: 'closed' });
    await expect(addThreadEntry(deps, agent, ticket.id, { kind: 'note', body: 'x' })).rejects.toBeInstanceOf(TicketClosedError);
  });
});

describe('takeTicket and bulkUpdate', () => {
  it('lets an agent take an unassigned ticket but not someone else’s', async () => {
    const { deps, ticket } = await setup();
    expect((await takeTicket(deps, agent, ticket.id)).assigneeId).toBe('agent-1');
    await expect(takeTicket(deps, other, ticket.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('reports each ticket’s own outcome, in request order', async () => {
    const { deps, ticket } = await setup();
    const closed = await openTicket(deps, agent, { subject: 'Old', description: 'x', priority: 'low', channel: 'phone' });
    await updateTicket(deps, agent, closed.id, 1, { status: 'closed' });
    const results = await bulkUpdate(deps, agent, [closed.id, ticket.id, 'missing'], { assigneeId: 'agent-2' });
    expect(results.map((r) => [r.ok, r.error?.code])).toEqual([
      [false, 'TICKET_CLOSED'],
      [true, undefined],
      [false, 'NOT_FOUND'],
    ]);
  });
});
