// Proves customers end to end: unique email/phone claims, search by email/phone/name prefix, the 360 view, and tickets finding or creating their customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack('customers');
});
afterAll(async () => {
  await stack?.stop();
});

describe('customers', () => {
  it('creates a customer, normalising emails and phones, and refuses an email another customer owns', async () => {
    const created = await callApi(stack, 'POST', '/v1/customers', {
      role: 'agent',
      body: { name: '王芳', emails: ['Wang.Fang@Example.cn'], phones: ['+86 138-0013-8000'], language: 'zh-CN', tier: 'vip' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ emails: ['wang.fang@example.cn'], phones: ['+8613800138000'], language: 'zh-CN', version: 1 });

    const taken = await callApi(stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'Someone', emails: ['wang.fang@example.cn'] } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CONFLICT', customerId: created.body.id, field: 'emails' });
  });

  it('finds customers by exact email, by phone in any format, and by name prefix regardless of case and accents', async () => {
    const zoe = await callApi(stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'Zoë Martin', emails: ['zoe@example.fr'], phones: ['+33 6 12 34 56 78'] } });
    const byEmail = await callApi(stack, 'GET', '/v1/customers?email=ZOE@example.fr', { role: 'agent' });
    expect(byEmail.body.items.map((c: { id: string }) => c.id)).toEqual([zoe.body.id]);
    const byPhone = await callApi(stack, 'GET', `/v1/customers?phone=${encodeURIComponent('+33612345678')}`, { role: 'agent' });
    expect(byPhone.body.items.map((c: { id: string }) => c.id)).toEqual([zoe.body.id]);
    const byName = await callApi(stack, 'GET', '/v1/customers?q=zoe%20ma', { role: 'agent' });
    expect(byName.body.items.map((c: { id: string }) => c.id)).toEqual([zoe.body.id]);
    const nothing = await callApi(stack, 'GET', '/v1/customers?q=zzz', { role: 'agent' });
    expect(nothing.body.items).toEqual([]);
    const noFilter = await callApi(stack, 'GET', '/v1/customers', { role: 'agent' });
    expect(noFilter.status).toBe(400);
  });

  it('shows the customer 360: profile, equipment and their tickets, and edits with If-Match', async () => {
    const c = await callApi(stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'Acme Facilities', emails: ['ops@acme.example'] } });
    const asset = await callApi(stack, 'POST', `/v1/customers/${c.body.id}/assets`, {
      role: 'agent',
      body: { productModel: 'Vaillant ecoTEC plus', serialNumber: 'VT-2024-0042', installDate: '2024-03-01', warrantyEnd: '2027-03-01', address: '1 Quay St' },
    });
    expect(asset.status).toBe(201);
    const ticket = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Boiler noise', description: 'Loud bang', customerId: c.body.id } });
    expect(ticket.body).toMatchObject({ customerId: c.body.id, customerName: 'Acme Facilities', customerEmail: 'ops@acme.example' });

    const view = await callApi(stack, 'GET', `/v1/customers/${c.body.id}`, { role: 'agent' });
    expect(view.status).toBe(200);
    expect(view.body.customer.name).toBe('Acme Facilities');
    expect(view.body.assets.map((a: { serialNumber: string }) => a.serialNumber)).toEqual(['VT-2024-0042']);
    expect(view.body.tickets.items.map((t: { id: string }) => t.id)).toEqual([ticket.body.id]);

    const edit = await callApi(stack, 'PATCH', `/v1/customers/${c.body.id}`, { role: 'agent', body: { tier: 'priority' }, headers: { 'if-match': '"1"' } });
    expect(edit.body).toMatchObject({ tier: 'priority', version: 2 });
    const stale = await callApi(stack, 'PATCH', `/v1/customers/${c.body.id}`, { role: 'agent', body: { tier: 'vip' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
  });

  it('finds or creates the customer when a ticket names only an email — once, even when two agents race', async () => {
    const email = `race-${Date.now()}@example.com`;
    const [a, b] = await Promise.all(
      [1, 2].map((i) => callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: `Call ${i}`, description: 'd', customerEmail: email, customerName: 'Lin Wei' } })),
    );
    expect(a!.status).toBe(201);
    expect(b!.status).toBe(201);
    expect(a!.body.customerId).toBe(b!.body.customerId);
    const found = await callApi(stack, 'GET', `/v1/customers?email=${email}`, { role: 'agent' });
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].name).toBe('Lin Wei');
    const history = await callApi(stack, 'GET', `/v1/customers/${a!.body.customerId}`, { role: 'agent' });
    expect(history.body.tickets.items).toHaveLength(2);
  });

  it('creates organizations and lists them by name; refuses an unknown organization on a customer', async () => {
    await callApi(stack, 'POST', '/v1/organizations', { role: 'agent', body: { name: 'Northwind', domains: ['northwind.example'] } });
    await callApi(stack, 'POST', '/v1/organizations', { role: 'agent', body: { name: 'Contoso' } });
    const list = await callApi(stack, 'GET', '/v1/organizations', { role: 'agent' });
    expect(list.body.items.map((o: { name: string }) => o.name)).toEqual(['Contoso', 'Northwind']);
    const bad = await callApi(stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'x', organizationId: '00000000-0000-4000-8000-000000000000' } });
    expect(bad.status).toBe(404);
  });
});
