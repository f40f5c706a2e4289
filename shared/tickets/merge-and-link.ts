import type { Principal } from '../auth/principal.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import { historyOf, TicketClosedError } from './apply-update.ts';
import type { Ticket } from './ticket.ts';
import type { TicketDeps } from './ticket-operations.ts';

async function load(deps: TicketDeps, id: string): Promise<Ticket> {
  const t = await deps.store.get(id);
  if (!t) throw new NotFoundError(`Ticket ${id}`);
  return t;
}

/**
 * Merges a duplicate into another ticket: the duplicate's thread is copied into the target (its
 * original description too, as a note), then both tickets are saved together: the duplicate closed
 * with a pointer to the target, the target noting where the thread came from. Re-running after a
 * crash is safe: copies keep their ids, and the final save checks both versions.
 */
export async function mergeTickets(deps: TicketDeps, by: Principal, sourceId: string, targetId: string): Promise<{ source: Ticket; target: Ticket }> {
  if (sourceId === targetId) throw new ValidationError('A ticket cannot be merged into itself', [{ path: 'intoId', message: 'Choose another ticket' }]);
  const detail = await deps.store.getDetail(sourceId);
  if (!detail) throw new NotFoundError(`Ticket ${sourceId}`);
  const source = detail.ticket;
  const target = await load(deps, targetId);
  if (source.status === 'closed') throw new TicketClosedError(source.number);
  if (target.status === 'closed') throw new TicketClosedError(target.number);
  if (source.customerId && target.customerId && source.customerId !== target.customerId) {
    throw new ConflictError(`#${source.number} and #${target.number} belong to different customers`);
  }
  const now = deps.clock.now().toISOString();
  await deps.store.copyEntries([
    {
      id: source.id, // stable: the description copy of this source, once
      ticketId: target.id,
      kind: 'note',
      body: `Merged from #${source.number} “${source.subject}”:\n\n${source.description}`,
      author: { type: 'system', id: by.id },
      createdAt: source.createdAt,
    },
    ...detail.entries.map((e) => ({ ...e, ticketId: target.id })),
  ]);
  const closed: Ticket = { ...source, status: 'closed', closedAt: now, mergedIntoId: target.id, updatedAt: now, version: source.version + 1 };
  const linked = [...new Set([...(target.linkedTicketIds ?? []), source.id])];
  const grown: Ticket = { ...target, linkedTicketIds: linked, updatedAt: now, version: target.version + 1 };
  await deps.store.updateMany([
    {
      next: closed,
      expectedVersion: source.version,
      history: historyOf(source, by, [{ field: 'status', from: source.status, to: 'closed' }, { field: 'mergedIntoId', from: null, to: target.id }], now, deps.ids.next()),
    },
    { next: grown, expectedVersion: target.version, history: historyOf(target, by, [{ field: 'merged', from: null, to: source.id }], now, deps.ids.next()) },
  ]);
  return { source: closed, target: grown };
}

/** Links two related tickets both ways (e.g. the same outage reported twice). */
export async function linkTickets(deps: TicketDeps, by: Principal, aId: string, bId: string): Promise<{ a: Ticket; b: Ticket }> {
  if (aId === bId) throw new ValidationError('A ticket cannot be linked to itself', [{ path: 'ticketId', message: 'Choose another ticket' }]);
  const [a, b] = await Promise.all([load(deps, aId), load(deps, bId)]);
  if ((a.linkedTicketIds ?? []).includes(b.id)) return { a, b };
  const now = deps.clock.now().toISOString();
  const link = (t: Ticket, other: Ticket): Ticket => ({ ...t, linkedTicketIds: [...(t.linkedTicketIds ?? []), other.id], updatedAt: now, version: t.version + 1 });
  const [na, nb] = [link(a, b), link(b, a)];
  await deps.store.updateMany([
    { next: na, expectedVersion: a.version, history: historyOf(a, by, [{ field: 'linkedTicketIds', from: null, to: b.id }], now, deps.ids.next()) },
    { next: nb, expectedVersion: b.version, history: historyOf(b, by, [{ field: 'linkedTicketIds', from: null, to: a.id }], now, deps.ids.next()) },
  ]);
  return { a: na, b: nb };
}
