// Proves the ticket API end to end: optimistic locking via If-Match, replies and notes, take, queues with cursors, number lookup, bulk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
let agentId: string;

beforeAll(async () => {
  stack = await startTestStack('ticket-workflow');
  agentId = stack.users.find((u) => u.groups.includes('agent'))!.sub;
});
afterAll(async () => {
  await stack?.stop();
});

async function create(subject: string, extra: Record<string, unknown> = {}) {
  const res = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject, description: 'd', ...extra } });
  expect(res.status).toBe(201);
  return res.body;
}

describe('editing with optimistic locking', () => {
  it('requires If-Match, saves with the right version and refuses a stale one with the current ticket', async () => {
    const t = await create('Locking');
    const none = await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { priority: 'high' } });
    expect(none.status).toBe(428);
    expect(none.body.error.code).toBe('PRECONDITION_REQUIRED');

    const first = await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { priority: 'high' }, headers: { 'if-match': '"1"' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ priority: 'high', version: 2 });
    expect(first.headers.get('etag')).toBe('"2"');

    const stale = await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'admin', body: { priority: 'low' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2, current: { priority: 'high' } });

    const detail = await callApi(stack, 'GET', `/v1/tickets/${t.id}`, { role: 'agent' });
    expect(detail.body.ticket.priority).toBe('high');
    expect(detail.body.history.at(-1).changes).toEqual([{ field: 'priority', from: 'normal', to: 'high' }]);
  });

  it('lets only one of two simultaneous saves of the same version win', async () => {
    const t = await create('Race');
    const saves = await Promise.all(
      ['high', 'urgent'].map((priority) =>
        callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { priority }, headers: { 'if-match': '"1"' } }),
      ),
    );
    expect(saves.map((s) => s.status).sort()).toEqual([200, 409]);
  });

  it('refuses fields a caller may not set, and transitions outside the table', async () => {
    const t = await create('Mass assignment');
    const mass = await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { version: 9, number: 1 }, headers: { 'if-match': '"1"' } });
    expect(mass.status).toBe(400);
    expect(mass.body.error.fields[0].message).toContain('version');
    await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { status: 'resolved' }, headers: { 'if-match': '"1"' } });
    const bad = await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { status: 'pending_customer' }, headers: { 'if-match': '"2"' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('INVALID_TRANSITION');
  });
});

describe('thread', () => {
  it('adds a public reply (first response, new → open) and an internal note, returned in the detail', async () => {
    const t = await create('Thread');
    const reply = await callApi(stack, 'POST', `/v1/tickets/${t.id}/entries`, { role: 'agent', body: { kind: 'reply', body: 'Hello <b>there</b>' } });
    expect(reply.status).toBe(201);
    expect(reply.body.ticket).toMatchObject({ status: 'open', version: 2 });
    expect(reply.body.ticket.firstResponseAt).toBe(reply.body.entry.createdAt);
    await callApi(stack, 'POST', `/v1/tickets/${t.id}/entries`, { role: 'agent', body: { kind: 'note', body: 'internal only' } });
    const detail = await callApi(stack, 'GET', `/v1/tickets/${t.id}`, { role: 'agent' });
    expect(detail.body.entries.map((e: { kind: string; body: string }) => [e.kind, e.body])).toEqual([
      ['reply', 'Hello <b>there</b>'],
      ['note', 'internal only'],
    ]);
    expect(detail.body.ticket.version).toBe(3);
  });
});

describe('queues', () => {
  it('serves mine, unassigned, team and status queues from their indexes, newest first, with cursors', async () => {
    const a = await create('Queue A');
    const b = await create('Queue B');
    const c = await create('Queue C', { priority: 'urgent' });
    const take = await callApi(stack, 'POST', `/v1/tickets/${b.id}/take`, { role: 'agent' });
    expect(take.body.assigneeId).toBe(agentId);

    const mine = await callApi(stack, 'GET', '/v1/tickets?assignee=me&bucket=active', { role: 'agent' });
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(b.id);
    expect(mine.body.items.every((t: { assigneeId: string }) => t.assigneeId === agentId)).toBe(true);
    expect(mine.body.items[0]).not.toHaveProperty('description');

    const unassigned = await callApi(stack, 'GET', '/v1/tickets?assignee=none&bucket=active', { role: 'agent' });
    const unassignedIds = unassigned.body.items.map((t: { id: string }) => t.id);
    expect(unassignedIds).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(unassignedIds).not.toContain(b.id);

    const byPriority = await callApi(stack, 'GET', '/v1/tickets?status=new&sort=priority', { role: 'agent' });
    expect(byPriority.body.items[0].priority).toBe('urgent');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callApi(stack, 'GET', `/v1/tickets?status=new&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { role: 'agent' });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([a.id, c.id]));
  });

  it('refuses a cursor from another queue and combinations no index answers', async () => {
    const page = await callApi(stack, 'GET', '/v1/tickets?status=new&limit=1', { role: 'agent' });
    const foreign = await callApi(stack, 'GET', `/v1/tickets?status=open&cursor=${page.body.cursor}`, { role: 'agent' });
    expect(foreign.status).toBe(400);
    const combo = await callApi(stack, 'GET', '/v1/tickets?status=new&teamId=x', { role: 'agent' });
    expect(combo.status).toBe(400);
  });

  it('sorts mine, unassigned and team queues by priority from their own indexes, and drops solved work from them', async () => {
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((t) => t.id);
    const inTeam = async (subject: string, priority: string) => {
      const t = await create(subject, { priority });
      const moved = await callApi(stack, 'PATCH', `/v1/tickets/${t.id}`, { role: 'agent', body: { teamId: 'prio-team' }, headers: { 'if-match': '"1"' } });
      expect(moved.status).toBe(200);
      return moved.body;
    };
    const low = await inTeam('Prio low', 'low');
    const urgent = await inTeam('Prio urgent', 'urgent');
    const normal = await inTeam('Prio normal', 'normal');
    const team = await callApi(stack, 'GET', '/v1/tickets?teamId=prio-team&bucket=active&sort=priority', { role: 'agent' });
    expect(team.status).toBe(200);
    expect(ids(team)).toEqual([urgent.id, normal.id, low.id]);
    const teamLatest = await callApi(stack, 'GET', '/v1/tickets?teamId=prio-team&bucket=active', { role: 'agent' });
    expect(ids(teamLatest)).toEqual([normal.id, urgent.id, low.id]);
    const unassigned = await callApi(stack, 'GET', '/v1/tickets?teamId=prio-team&assignee=none&bucket=active&sort=priority', { role: 'agent' });
    expect(ids(unassigned)).toEqual([urgent.id, normal.id, low.id]);

    // The agent takes two; "mine" by priority puts the urgent one first although taken first.
    for (const t of [urgent, low]) expect((await callApi(stack, 'POST', `/v1/tickets/${t.id}/take`, { role: 'agent' })).status).toBe(200);
    const mine = ids(await callApi(stack, 'GET', '/v1/tickets?assignee=me&bucket=active&sort=priority', { role: 'agent' }));
    expect(mine.indexOf(urgent.id)).toBeLessThan(mine.indexOf(low.id));
    expect(mine.slice(0, 1)).toEqual([urgent.id]);

    // Resolved work leaves the priority indexes (they are sparse) but stays in the latest-first queue.
    const current = (await callApi(stack, 'GET', `/v1/tickets/${urgent.id}`, { role: 'agent' })).body.ticket;
    const resolved = await callApi(stack, 'PATCH', `/v1/tickets/${urgent.id}`, { role: 'agent', body: { status: 'resolved' }, headers: { 'if-match': `"${current.version}"` } });
    expect(resolved.status).toBe(200);
    expect(ids(await callApi(stack, 'GET', '/v1/tickets?teamId=prio-team&sort=priority', { role: 'agent' }))).not.toContain(urgent.id);
    expect(ids(await callApi(stack, 'GET', '/v1/tickets?teamId=prio-team&bucket=solved', { role: 'agent' }))).toEqual([urgent.id]);
    expect((await callApi(stack, 'GET', '/v1/tickets?teamId=prio-team&bucket=solved&sort=priority', { role: 'agent' })).status).toBe(400);
  });

  it("lists a customer's tickets by their email in one call, and none for an unknown email", async () => {
    const t = await create('By email', { customerEmail: 'Find.Me@Example.com' });
    const found = await callApi(stack, 'GET', '/v1/tickets?customerEmail=find.me%40example.com', { role: 'agent' });
    expect(found.status).toBe(200);
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
    const unknown = await callApi(stack, 'GET', '/v1/tickets?customerEmail=nobody%40example.com', { role: 'agent' });
    expect(unknown.body.items).toEqual([]);
    const bad = await callApi(stack, 'GET', '/v1/tickets?customerEmail=not-an-email', { role: 'agent' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('customerEmail');
  });

  it('finds a ticket by its number', async () => {
    const t = await create('By number');
    const found = await callApi(stack, 'GET', `/v1/tickets?number=${t.number}`, { role: 'agent' });
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
    const none = await callApi(stack, 'GET', '/v1/tickets?number=999999', { role: 'agent' });
    expect(none.body.items).toEqual([]);
  });
});

describe('bulk update', () => {
  it('assigns many tickets and reports each outcome; refuses more than 100', async () => {
    const tickets = await Promise.all([create('Bulk 1'), create('Bulk 2')]);
    const res = await callApi(stack, 'POST', '/v1/tickets/bulk', {
      role: 'agent',
      body: { ids: [...tickets.map((t) => t.id), '00000000-0000-4000-8000-000000000000'], assigneeId: agentId, status: 'in_progress' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ updated: 2, failed: 1 });
    expect(res.body.results[2].error.code).toBe('NOT_FOUND');
    const tooMany = await callApi(stack, 'POST', '/v1/tickets/bulk', {
      role: 'agent',
      body: { ids: Array.from({ length: 101 }, () => '00000000-0000-4000-8000-000000000000'), status: 'open' },
    });
    expect(tooMany.status).toBe(400);
  });
});

describe('merge and link', () => {
  it('merges a duplicate: its thread and description move to the target, it closes with a pointer', async () => {
    const target = await create('Printer offline', { customerEmail: 'merge@example.com' });
    const dup = await create('Printer still offline', { customerEmail: 'merge@example.com' });
    await callApi(stack, 'POST', `/v1/tickets/${dup.id}/entries`, { role: 'agent', body: { kind: 'note', body: 'Called back, no answer' } });
    const merged = await callApi(stack, 'POST', `/v1/tickets/${dup.id}/merge`, { role: 'agent', body: { intoId: target.id } });
    expect(merged.status).toBe(200);
    expect(merged.body.source).toMatchObject({ status: 'closed', mergedIntoId: target.id });

    const detail = await callApi(stack, 'GET', `/v1/tickets/${target.id}`, { role: 'agent' });
    const bodies = detail.body.entries.map((e: { body: string }) => e.body);
    expect(bodies.some((b: string) => b.startsWith(`Merged from #${dup.number}`))).toBe(true);
    expect(bodies).toContain('Called back, no answer');
    expect(detail.body.ticket.linkedTicketIds).toContain(dup.id);

    const again = await callApi(stack, 'POST', `/v1/tickets/${dup.id}/merge`, { role: 'agent', body: { intoId: target.id } });
    expect(again.status).toBe(409);
    const other = await create('Unrelated', { customerEmail: 'someone-else@example.com' });
    const wrongCustomer = await callApi(stack, 'POST', `/v1/tickets/${other.id}/merge`, { role: 'agent', body: { intoId: target.id } });
    expect(wrongCustomer.status).toBe(409);
  });

  it('links related tickets both ways, once', async () => {
    const a = await create('Outage A');
    const b = await create('Outage B');
    const first = await callApi(stack, 'POST', `/v1/tickets/${a.id}/links`, { role: 'agent', body: { ticketId: b.id } });
    expect(first.body.linkedTicketIds).toEqual([b.id]);
    await callApi(stack, 'POST', `/v1/tickets/${a.id}/links`, { role: 'agent', body: { ticketId: b.id } });
    const bDetail = await callApi(stack, 'GET', `/v1/tickets/${b.id}`, { role: 'agent' });
    expect(bDetail.body.ticket.linkedTicketIds).toEqual([a.id]);
  });
});

describe('idempotent creation', () => {
  it('answers a retried creation with the same Idempotency-Key with the same ticket, once', async () => {
    const key = `retry-${Date.now()}-abcdef`;
    const send = () =>
      callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Retried', description: 'd' }, headers: { 'idempotency-key': key } });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.number).toBe(first.body.number);
    const other = await callApi(stack, 'POST', '/v1/tickets', { role: 'admin', body: { subject: 'Retried', description: 'd' }, headers: { 'idempotency-key': key } });
    expect(other.body.id).not.toBe(first.body.id);
    const bad = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'x', description: 'd' }, headers: { 'idempotency-key': 'no' } });
    expect(bad.status).toBe(400);
  });
});
