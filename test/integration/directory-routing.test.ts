// Proves admins configure teams, categories, routing rules and custom fields (versioned), and new tickets are routed and assigned by them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
const ids: Record<string, string> = {};

async function save(kind: string, items: unknown[]) {
  const current = await callApi(stack, 'GET', `/v1/directory/${kind}`, { role: 'admin' });
  return callApi(stack, 'PUT', `/v1/directory/${kind}`, { role: 'admin', body: { items }, headers: { 'if-match': `"${current.body.version}"` } });
}

beforeAll(async () => {
  stack = await startTestStack('directory-routing');
  for (const role of ['admin', 'agent']) {
    const me = await callApi(stack, 'PUT', '/v1/me', { role, body: { available: true, name: `${role} person` } });
    ids[role] = me.body.id;
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe('directory', () => {
  it('saves a collection on the version read, and refuses a stale save or an agent saving', async () => {
    const first = await save('categories', [{ id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' } }, { id: 'repair', name: { en: 'Repair' } }]);
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    const stale = await callApi(stack, 'PUT', '/v1/directory/categories', { role: 'admin', body: { items: [] }, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(409);
    const asAgent = await callApi(stack, 'PUT', '/v1/directory/categories', { role: 'agent', body: { items: [] }, headers: { 'if-match': '"1"' } });
    expect(asAgent.status).toBe(403);
    const read = await callApi(stack, 'GET', '/v1/directory/categories', { role: 'agent' });
    expect(read.body.items.map((c: { id: string }) => c.id)).toEqual(['billing', 'repair']);
  });

  it('refuses invalid items and rules that name teams that do not exist', async () => {
    const bad = await save('teams', [{ id: 'Bad Id', name: { en: '' }, assignment: 'sometimes', memberIds: [] }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['items.0.id', 'items.0.name.en', 'items.0.assignment']);
    const ghost = await save('routing-rules', [{ id: 'r1', when: {}, teamId: 'ghost' }]);
    expect(ghost.status).toBe(400);
  });
});

describe('routing new tickets', () => {
  it('routes by category to a team and assigns in turn among available members', async () => {
    expect((await save('teams', [
      { id: 'billing', name: { en: 'Billing' }, assignment: 'round_robin', memberIds: [ids.admin, ids.agent] },
      { id: 'support', name: { en: 'Support' }, assignment: 'manual', memberIds: [ids.agent] },
    ])).status).toBe(200);
    expect((await save('routing-rules', [
      { id: 'billing', when: { categoryId: 'billing' }, teamId: 'billing' },
      { id: 'default', when: {}, teamId: 'support' },
    ])).status).toBe(200);

    const made = [];
    for (let i = 0; i < 4; i++) {
      const res = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: `Invoice ${i}`, description: 'd', categoryId: 'billing' } });
      made.push(res.body);
    }
    expect(made.every((t) => t.teamId === 'billing')).toBe(true);
    const assignees = made.map((t) => t.assigneeId);
    expect(new Set(assignees)).toEqual(new Set([ids.admin, ids.agent]));
    expect(assignees[0]).not.toBe(assignees[1]);

    const other = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Other', description: 'd' } });
    expect(other.body.teamId).toBe('support');
    expect(other.body).not.toHaveProperty('assigneeId');
    const teamQueue = await callApi(stack, 'GET', '/v1/tickets?assignee=none&teamId=support&bucket=active', { role: 'agent' });
    expect(teamQueue.body.items.map((t: { id: string }) => t.id)).toContain(other.body.id);
  });

  it('skips members who are away', async () => {
    await callApi(stack, 'PUT', '/v1/me', { role: 'admin', body: { available: false } });
    const res = await Promise.all([1, 2].map(() => callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'x', description: 'd', categoryId: 'billing' } })));
    expect(res.map((r) => r.body.assigneeId)).toEqual([ids.agent, ids.agent]);
    await callApi(stack, 'PUT', '/v1/me', { role: 'admin', body: { available: true } });
  });

  it('validates custom fields against the admin’s definitions on create and on edit', async () => {
    expect((await save('custom-fields', [
      { key: 'serial', label: { en: 'Serial number' }, type: 'text', required: true, ticketTypes: ['incident'] },
      { key: 'area', label: { en: 'Area' }, type: 'select', options: [{ value: 'north', label: { en: 'North' } }] },
    ])).status).toBe(200);
    const missing = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 's', description: 'd', type: 'incident' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].path).toBe('customFields.serial');
    const ok = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 's', description: 'd', type: 'incident', customFields: { serial: 'SN-9' } } });
    expect(ok.status).toBe(201);
    const badEdit = await callApi(stack, 'PATCH', `/v1/tickets/${ok.body.id}`, { role: 'agent', body: { customFields: { area: 'south' } }, headers: { 'if-match': '"1"' } });
    expect(badEdit.status).toBe(400);
    const edit = await callApi(stack, 'PATCH', `/v1/tickets/${ok.body.id}`, { role: 'agent', body: { customFields: { area: 'north' } }, headers: { 'if-match': '"1"' } });
    expect(edit.body.customFields).toEqual({ serial: 'SN-9', area: 'north' });
  });

  it('lists staff profiles with availability', async () => {
    const agents = await callApi(stack, 'GET', '/v1/agents', { role: 'agent' });
    expect(agents.body.items.map((a: { email: string }) => a.email).sort()).toEqual(['admin@loopdesk.local', 'agent@loopdesk.local']);
  });
});
