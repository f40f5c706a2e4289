// Proves every route of the template × every role (and no token) gets exactly the answer its access rule allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStacks, resourcesOfType } from '../../infra/local/cloud-assembly.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { testAssemblyDir } from '../support/assembly.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

type Caller = 'anonymous' | 'admin' | 'agent' | 'technician' | 'finance';
const CALLERS: Caller[] = ['anonymous', 'admin', 'agent', 'technician', 'finance'];

/**
 * The access rule of every route. A route added to the stack without a row here fails the first
 * test, so nobody ships a route whose authorization was never decided.
 */
const EXPECTED: Record<string, Record<Caller, number>> = {
  'GET /health': { anonymous: 200, admin: 200, agent: 200, technician: 200, finance: 200 },
  'GET /v1/openapi.json': { anonymous: 200, admin: 200, agent: 200, technician: 200, finance: 200 },
  // Customer-facing: no sign-in; the private link (or nothing, for the form) is the authorization.
  'POST /public/requests': { anonymous: 201, admin: 201, agent: 201, technician: 201, finance: 201 },
  'GET /public/tickets/{token}': { anonymous: 200, admin: 200, agent: 200, technician: 200, finance: 200 },
  'POST /public/tickets/{token}/replies': { anonymous: 201, admin: 201, agent: 201, technician: 201, finance: 201 },
  'GET /public/categories': { anonymous: 200, admin: 200, agent: 200, technician: 200, finance: 200 },
  'POST /public/tickets/{token}/attachments': { anonymous: 201, admin: 201, agent: 201, technician: 201, finance: 201 },
  // A file only staff attached (not on a public reply) stays hidden from the customer's link.
  'GET /public/tickets/{token}/attachments/{attachmentId}': { anonymous: 404, admin: 404, agent: 404, technician: 404, finance: 404 },
  'POST /v1/tickets': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'GET /v1/tickets/{id}': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'GET /v1/tickets': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'PATCH /v1/tickets/{id}': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/tickets/{id}/entries': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'POST /v1/tickets/{id}/take': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/tickets/{id}/merge': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/tickets/{id}/links': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/tickets/{id}/attachments': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'GET /v1/tickets/{id}/attachments/{attachmentId}': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/tickets/bulk': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/customers': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'GET /v1/customers': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'GET /v1/customers/{id}': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'PATCH /v1/customers/{id}': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/customers/{id}/assets': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'GET /v1/organizations': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/organizations': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'GET /v1/directory/{kind}': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'PUT /v1/directory/{kind}': { anonymous: 401, admin: 200, agent: 403, technician: 403, finance: 403 },
  'GET /v1/agents': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'PUT /v1/me': { anonymous: 401, admin: 200, agent: 200, technician: 200, finance: 200 },
  // The spam view (the query asks for it) is for agents and admins; quarantine for admins (tested in email-intake).
  // Nothing failed to resend on a fresh ticket: staff get 404, after the role check.
  'POST /v1/tickets/{id}/entries/{entryId}/resend': { anonymous: 401, admin: 404, agent: 404, technician: 403, finance: 403 },
  'GET /v1/mail/held': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  // No such held message: staff get 404 (after the role check), everyone else never gets that far.
  'POST /v1/mail/held/{sesMessageId}/release': { anonymous: 401, admin: 404, agent: 404, technician: 403, finance: 403 },
  // Each staff member's own notices (technicians will get dispatch offers there); finance has none.
  'GET /v1/notifications': { anonymous: 401, admin: 200, agent: 200, technician: 200, finance: 403 },
  'POST /v1/notifications/read': { anonymous: 401, admin: 204, agent: 204, technician: 204, finance: 403 },
  // Field service. Staff run dispatch; a technician reaches only work orders booked on or offered
  // to them (the matrix's work order is neither: 404 / 403 after the role check), and answers offers.
  'GET /v1/technicians': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'PUT /v1/technicians/{id}': { anonymous: 401, admin: 200, agent: 403, technician: 403, finance: 403 },
  'POST /v1/work-orders': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  'GET /v1/work-orders/{id}': { anonymous: 401, admin: 200, agent: 200, technician: 404, finance: 403 },
  'GET /v1/tickets/{id}/work-orders': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'GET /v1/dispatch/board': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'GET /v1/me/jobs': { anonymous: 401, admin: 403, agent: 403, technician: 200, finance: 403 },
  'POST /v1/work-orders/{id}/dispatch': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/work-orders/{id}/assign': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  'POST /v1/work-orders/{id}/cancel': { anonymous: 401, admin: 200, agent: 200, technician: 403, finance: 403 },
  // No offer is waiting on a fresh work order: the linked technician passes the role check and gets 409.
  'POST /v1/work-orders/{id}/offer': { anonymous: 401, admin: 403, agent: 403, technician: 409, finance: 403 },
  // Staff pass and meet the status rule (an unscheduled job cannot start travel); the technician is not booked on it.
  'POST /v1/work-orders/{id}/progress': { anonymous: 401, admin: 409, agent: 409, technician: 403, finance: 403 },
  'POST /v1/work-orders/{id}/attachments': { anonymous: 401, admin: 201, agent: 201, technician: 403, finance: 403 },
  $default: { anonymous: 404, admin: 404, agent: 404, technician: 404, finance: 404 },
};

const WINDOW = { start: '2026-12-01T09:00:00+08:00', end: '2026-12-01T17:00:00+08:00' };
const HOURS = [{ start: '00:00', end: '24:00' }];
const technician = (id: string, userId?: string) => ({
  id,
  name: `Matrix ${id}`,
  ...(userId ? { userId } : {}),
  skills: [],
  home: { lat: 31.23, lng: 121.47 },
  regions: ['matrix'],
  timeZone: 'Asia/Shanghai',
  workingHours: { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS, sat: HOURS, sun: HOURS },
  dailyCapacity: 20,
});
const newWorkOrder = (ticket: string) => ({
  ticketId: ticket,
  type: 'repair',
  summary: 'Matrix visit',
  address: '1 Matrix Road',
  location: { lat: 31.23, lng: 121.47 },
  region: 'matrix',
  skills: [],
  window: WINDOW,
  estimatedMinutes: 60,
  dispatch: 'manual',
});

/** A valid body for each route that takes one: the matrix tests authorization, not validation. */
const BODIES: Record<string, (ticketId: string) => unknown> = {
  'POST /v1/tickets': () => ({ subject: 'From matrix', description: 'd' }),
  'PATCH /v1/tickets/{id}': () => ({ priority: 'high' }),
  'POST /v1/tickets/{id}/entries': () => ({ kind: 'note', body: 'Matrix note' }),
  'POST /v1/tickets/{id}/merge': (id) => ({ intoId: id }),
  'POST /v1/tickets/{id}/links': (id) => ({ ticketId: id }),
  'POST /v1/tickets/{id}/attachments': () => ({ name: 'photo.png', contentType: 'image/png', size: 10 }),
  'POST /v1/tickets/bulk': (id) => ({ ids: [id], status: 'open' }),
  'POST /v1/customers': () => ({ name: 'Matrix Customer' }),
  'POST /public/requests': () => ({ name: 'Web Customer', email: `web-${++webRequests}@example.com`, subject: 'Help', description: 'Please' }),
  'POST /public/tickets/{token}/replies': () => ({ body: 'Any news?' }),
  'POST /public/tickets/{token}/attachments': () => ({ name: 'photo.jpg', contentType: 'image/jpeg', size: 100 }),
  'PATCH /v1/customers/{id}': () => ({ tier: 'vip' }),
  'POST /v1/customers/{id}/assets': () => ({ productModel: 'Boiler X', serialNumber: 'SN-1' }),
  'POST /v1/organizations': () => ({ name: 'Matrix Org' }),
  'PUT /v1/directory/{kind}': () => ({ items: [{ id: 'billing', name: { en: 'Billing' } }] }),
  'PUT /v1/me': () => ({ available: true }),
  'POST /v1/notifications/read': () => ({ notices: [{ at: '2026-01-01T00:00:00.000Z', id: 'nothing-here' }] }),
  'PUT /v1/technicians/{id}': () => technician('matrix-put'),
  'POST /v1/work-orders': (id) => newWorkOrder(id),
  // A free hour each call (the matrix technician has capacity for all of them).
  'POST /v1/work-orders/{id}/assign': () => ({ technicianId: 'matrix-tech', start: new Date(Date.parse('2026-12-02T00:00:00Z') + ++assignments * 3_600_000).toISOString() }),
  'POST /v1/work-orders/{id}/cancel': () => ({ reason: 'Matrix' }),
  'POST /v1/work-orders/{id}/offer': () => ({ answer: 'accept' }),
  'POST /v1/work-orders/{id}/progress': () => ({ step: 'start_travel' }),
  'POST /v1/work-orders/{id}/attachments': () => ({ name: 'photo.png', contentType: 'image/png', size: 10 }),
};
let assignments = 0;

/** Query strings for routes that need one to be a valid request. */
const RANGE = '?from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z';
const QUERIES: Record<string, string> = { 'GET /v1/customers': '?q=ma', 'GET /v1/mail/held': '?view=spam', 'GET /v1/dispatch/board': RANGE, 'GET /v1/me/jobs': RANGE };

let stack: LocalStack;
let ticketId: string;
let webRequests = 0;

async function freshAttachment(ticket: string): Promise<string> {
  const res = await callApi(stack, 'POST', `/v1/tickets/${ticket}/attachments`, { role: 'agent', body: { name: 'a.txt', contentType: 'text/plain', size: 1 } });
  return res.body.attachment.id;
}

async function freshLink(): Promise<string> {
  const res = await callApi(stack, 'POST', '/public/requests', { body: { name: 'Link Customer', email: `link-${++webRequests}@example.com`, subject: 'Link', description: 'd' } });
  return res.body.token;
}

async function currentVersion(kind: string): Promise<number> {
  return (await callApi(stack, 'GET', `/v1/directory/${kind}`, { role: 'admin' })).body.version;
}

async function freshCustomer(): Promise<{ id: string; version: number }> {
  const created = await callApi(stack, 'POST', '/v1/customers', { role: 'agent', body: { name: 'Matrix Customer' } });
  return created.body;
}

async function freshTicket(): Promise<{ id: string; version: number }> {
  const created = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Matrix', description: 'd' } });
  return created.body;
}

async function freshWorkOrder(): Promise<{ id: string; version: number }> {
  const ticket = await freshTicket();
  const created = await callApi(stack, 'POST', '/v1/work-orders', { role: 'agent', body: newWorkOrder(ticket.id) });
  return created.body;
}

beforeAll(async () => {
  stack = await startTestStack('authorization-matrix');
  const created = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Matrix', description: 'd' } });
  ticketId = created.body.id;
  // The dev technician's login is a technician (not booked on anything the matrix creates).
  const technicianSub = (await callApi(stack, 'PUT', '/v1/me', { role: 'technician', body: { available: true } })).body.id;
  for (const t of [technician('matrix-tech'), technician('matrix-phone', technicianSub)]) {
    expect((await callApi(stack, 'PUT', `/v1/technicians/${t.id}`, { role: 'admin', body: t })).status).toBe(200);
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe('authorization matrix', () => {
  it('has a decided access rule for every route in the template', () => {
    const routeKeys = resourcesOfType(readStacks(testAssemblyDir())[0]!.template, 'AWS::ApiGatewayV2::Route').map(([, r]) =>
      String(r.Properties!.RouteKey),
    );
    expect(Object.keys(EXPECTED).sort()).toEqual(routeKeys.sort());
  });

  for (const [routeKey, expected] of Object.entries(EXPECTED)) {
    for (const caller of CALLERS) {
      it(`${routeKey} as ${caller} → ${expected[caller]}`, async () => {
        const [method, path] = routeKey === '$default' ? ['PUT', '/v1/unknown'] : (routeKey.split(' ') as [string, string]);
        // Each call edits its own fresh ticket or customer, so one caller's change never decides another's answer.
        const target = !path.includes('{id}')
          ? undefined
          : path.startsWith('/v1/customers')
            ? await freshCustomer()
            : path.startsWith('/v1/work-orders')
              ? await freshWorkOrder()
              : path.startsWith('/v1/technicians')
                ? { id: 'matrix-put', version: 0 }
                : await freshTicket();
        // Each directory write saves its own kind on top of whatever is there, so it needs that version.
        const directoryVersion = path.includes('{kind}') ? await currentVersion('categories') : undefined;
        const token = path.includes('{token}') ? await freshLink() : '';
        const attachmentId = path.includes('{attachmentId}') ? await freshAttachment(target?.id ?? token.split('.')[0]!) : '';
        const res = await callApi(stack, method, path.replace('{id}', target?.id ?? '').replace('{kind}', 'categories').replace('{token}', token).replace('{attachmentId}', attachmentId).replace('{sesMessageId}', 'no-such-message').replace('{entryId}', '00000000-0000-4000-8000-000000000000') + (QUERIES[routeKey] ?? ''), {
          role: caller === 'anonymous' ? undefined : caller,
          body: BODIES[routeKey]?.(ticketId),
          headers: method === 'PATCH' || (method === 'POST' && path.startsWith('/v1/work-orders/')) ? { 'if-match': `"${target?.version}"` } : method === 'PUT' && directoryVersion !== undefined ? { 'if-match': `"${directoryVersion}"` } : undefined,
        });
        expect(res.status).toBe(expected[caller]);
      });
    }
  }
});
