// Proves the public web form and private ticket links: customers see only their own public thread, replies reopen or follow up, limits hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack('customer-portal');
});
afterAll(async () => {
  await stack?.stop();
});

let n = 0;
const submit = (extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  callApi(stack, 'POST', '/public/requests', {
    body: { name: 'Mei Chen', email: `mei${++n}@example.com`, subject: 'Heating broken', description: 'No hot water since Monday', ...extra },
    headers,
  });

describe('web form', () => {
  it('opens a web ticket for a new customer and answers its number and a private link', async () => {
    const res = await submit();
    expect(res.status).toBe(201);
    expect(res.body.number).toBeGreaterThanOrEqual(1001);
    expect(res.body.token).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const view = await callApi(stack, 'GET', `/public/tickets/${res.body.token}`);
    expect(view.body).toMatchObject({ number: res.body.number, subject: 'Heating broken', status: 'new', description: 'No hot water since Monday', thread: [] });
    const found = await callApi(stack, 'GET', `/v1/tickets?number=${res.body.number}`, { role: 'agent' });
    expect(found.body.items[0]).toMatchObject({ channel: 'web', customerName: 'Mei Chen' });
  });

  it('refuses fields customers may not set and explains bad input', async () => {
    const mass = await submit({ assigneeId: 'agent-1', priority: 'urgent' });
    expect(mass.status).toBe(400);
    const bad = await callApi(stack, 'POST', '/public/requests', { body: { name: '', email: 'nope', subject: '', description: '' } });
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['name', 'email', 'subject', 'description']);
  });

  it('answers a filled honeypot like a success but opens nothing', async () => {
    const res = await submit({ website: 'http://spam.example' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: true });
  });

  it('limits submissions per email', async () => {
    const email = 'busy@example.com';
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await callApi(stack, 'POST', '/public/requests', { body: { name: 'B', email, subject: `s${i}`, description: 'd' } })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });
});

describe('private link', () => {
  it('shows public replies but never internal notes, and refuses a changed or forged link alike', async () => {
    const { body } = await submit();
    const ticketId = body.token.split('.')[0];
    await callApi(stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'note', body: 'Customer sounds upset; VIP?' } });
    await callApi(stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'reply', body: 'A technician comes tomorrow.' } });
    const view = await callApi(stack, 'GET', `/public/tickets/${body.token}`);
    expect(view.body.thread.map((e: { body: string; from: string }) => [e.from, e.body])).toEqual([['support', 'A technician comes tomorrow.']]);
    expect(JSON.stringify(view.body)).not.toContain('VIP');
    expect(view.body).not.toHaveProperty('assigneeId');

    const other = await submit();
    const otherId = other.body.token.split('.')[0];
    const swapped = await callApi(stack, 'GET', `/public/tickets/${otherId}.${body.token.split('.')[1]}`);
    const forged = await callApi(stack, 'GET', `/public/tickets/${ticketId}.${'A'.repeat(43)}`);
    expect([swapped.status, forged.status]).toEqual([404, 404]);
    expect(swapped.body).toEqual(forged.body.error ? { error: { ...forged.body.error, requestId: swapped.body.error.requestId } } : forged.body);
  });

  it('reopens a ticket that waits on the customer when they reply', async () => {
    const { body } = await submit();
    const ticketId = body.token.split('.')[0];
    await callApi(stack, 'PATCH', `/v1/tickets/${ticketId}`, { role: 'agent', body: { status: 'pending_customer' }, headers: { 'if-match': '"1"' } });
    const reply = await callApi(stack, 'POST', `/public/tickets/${body.token}/replies`, { body: { body: 'Here is the photo you asked for.' } });
    expect(reply.status).toBe(201);
    expect(reply.body.status).toBe('open');
    const detail = await callApi(stack, 'GET', `/v1/tickets/${ticketId}`, { role: 'agent' });
    expect(detail.body.entries.at(-1)).toMatchObject({ kind: 'reply', author: { type: 'customer' }, body: 'Here is the photo you asked for.' });
  });

  it('turns a reply to a closed ticket into a linked follow-up ticket', async () => {
    const { body } = await submit();
    const ticketId = body.token.split('.')[0];
    await callApi(stack, 'PATCH', `/v1/tickets/${ticketId}`, { role: 'agent', body: { status: 'closed' }, headers: { 'if-match': '"1"' } });
    const reply = await callApi(stack, 'POST', `/public/tickets/${body.token}/replies`, { body: { body: 'It broke again.' } });
    expect(reply.status).toBe(201);
    expect(reply.body.followUp.number).toBeGreaterThan(body.number);
    const followUp = await callApi(stack, 'GET', `/public/tickets/${reply.body.followUp.token}`);
    expect(followUp.body).toMatchObject({ subject: 'Re: Heating broken', description: 'It broke again.', status: 'new' });
    const staffView = await callApi(stack, 'GET', `/v1/tickets?number=${reply.body.followUp.number}`, { role: 'agent' });
    expect(staffView.body.items[0]).toMatchObject({ followUpOfId: ticketId, linkedTicketIds: [ticketId] });
  });
});

describe('files through the private link', () => {
  it('lets the customer attach a file to a reply and download it, but never files only on internal notes', async () => {
    const { body } = await submit();
    const ticketId = body.token.split('.')[0];
    const reg = await callApi(stack, 'POST', `/public/tickets/${body.token}/attachments`, { body: { name: 'meter.jpg', contentType: 'image/jpeg', size: 4 } });
    expect(reg.status).toBe(201);
    expect((await fetch(reg.body.upload.url, { method: 'PUT', headers: reg.body.upload.headers, body: 'JPEG' })).status).toBe(200);
    const reply = await callApi(stack, 'POST', `/public/tickets/${body.token}/replies`, { body: { body: 'Meter photo', attachmentIds: [reg.body.attachment.id] } });
    expect(reply.status).toBe(201);

    const staffFile = await callApi(stack, 'POST', `/v1/tickets/${ticketId}/attachments`, { role: 'agent', body: { name: 'internal.pdf', contentType: 'application/pdf', size: 3 } });
    await callApi(stack, 'POST', `/v1/tickets/${ticketId}/entries`, { role: 'agent', body: { kind: 'note', body: 'see file', attachmentIds: [staffFile.body.attachment.id] } });

    const view = await callApi(stack, 'GET', `/public/tickets/${body.token}`);
    expect(view.body.attachments.map((a: { name: string }) => a.name)).toEqual(['meter.jpg']);
    const mine = await callApi(stack, 'GET', `/public/tickets/${body.token}/attachments/${reg.body.attachment.id}`);
    expect(await (await fetch(mine.body.url)).text()).toBe('JPEG');
    const hidden = await callApi(stack, 'GET', `/public/tickets/${body.token}/attachments/${staffFile.body.attachment.id}`);
    expect(hidden.status).toBe(404);
    const borrowed = await callApi(stack, 'POST', `/public/tickets/${body.token}/replies`, { body: { body: 'x', attachmentIds: [staffFile.body.attachment.id] } });
    expect(borrowed.status).toBe(404);
  });

  it('offers category names to the form without signing in', async () => {
    const res = await callApi(stack, 'GET', '/public/categories');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
    expect(res.headers.get('cache-control')).toContain('max-age=300');
  });
});
