// Proves SLA deadlines follow every ticket change through the stream, the scheduled sweep warns, breaches and escalates each step once (console notice, email, bus event, history, count), and a settings edit recomputes open tickets.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb-engine.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
let sweepId: string;
const ids: Record<string, string> = {};
const emails: Record<string, string> = {};
const MIN = 60_000;
const allDay = [{ start: '00:00', end: '24:00' }];

async function save(kind: string, items: unknown[]) {
  const current = await callApi(stack, 'GET', `/v1/directory/${kind}`, { role: 'admin' });
  const res = await callApi(stack, 'PUT', `/v1/directory/${kind}`, { role: 'admin', body: { items }, headers: { 'if-match': `"${current.body.version}"` } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}
const urgentPolicy = () => ({
  id: 'urgent',
  name: { en: 'Urgent', 'zh-CN': '紧急' },
  when: { priorities: ['urgent'] },
  calendarId: 'always',
  targets: { first_response: 60, resolution: 240 },
  escalation: [
    { afterMinutes: 0, notify: ['assignee', 'team_lead'] },
    { afterMinutes: 30, notify: ['manager'], moveToTeamId: 'escalations' },
  ],
  managerIds: [ids.admin],
});
const standardPolicy = (firstResponse: number) => ({ id: 'standard', name: { en: 'Standard' }, calendarId: 'always', targets: { first_response: firstResponse, resolution: 2880 } });

async function open(priority: string, extra: Record<string, unknown> = {}) {
  const created = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: `SLA ${priority}`, description: 'Printer down', priority, customerEmail: 'ana@example.com' } });
  expect(created.status).toBe(201);
  let ticket = created.body;
  if (Object.keys(extra).length) {
    const patched = await callApi(stack, 'PATCH', `/v1/tickets/${ticket.id}`, { role: 'agent', body: extra, headers: { 'if-match': `"${ticket.version}"` } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    ticket = patched.body;
  }
  await stack.whenIdle();
  return read(ticket.id);
}
async function read(id: string) {
  return (await callApi(stack, 'GET', `/v1/tickets/${id}`, { role: 'agent' })).body as { ticket: any; history: any[] };
}
const clock = (ticket: any, target: string) => ticket.sla?.clocks.find((c: { target: string }) => c.target === target);
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN);
async function sweep(at: Date) {
  const run = await stack.schedules.run(sweepId, { at });
  expect(run.ok).toBe(true);
  await stack.whenIdle();
}
const notices = async (role: string) => (await callApi(stack, 'GET', '/v1/notifications', { role })).body as { items: any[]; unread: number };

beforeAll(async () => {
  stack = await startTestStack('sla');
  sweepId = stack.schedules.list().find((s) => s.logicalId.startsWith('SlaSweepSchedule'))!.logicalId;
  for (const role of ['admin', 'agent']) {
    const me = await callApi(stack, 'PUT', '/v1/me', { role, body: { available: true, name: `${role} person` } });
    ids[role] = me.body.id;
    emails[role] = me.body.email;
  }
  await save('teams', [
    { id: 'support', name: { en: 'Support' }, assignment: 'manual', memberIds: [ids.agent!], leadId: ids.admin },
    { id: 'escalations', name: { en: 'Escalations' }, assignment: 'manual', memberIds: [ids.admin!] },
  ]);
  await save('sla-calendars', [{ id: 'always', name: { en: '24/7' }, timeZone: 'UTC', week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } }]);
  await save('sla-policies', [urgentPolicy(), standardPolicy(480)]);
  await stack.whenIdle();
});
afterAll(async () => {
  await stack?.stop();
});

describe('deadlines follow the ticket', () => {
  it('stores the policy deadlines on a new ticket and recomputes them when its priority changes', async () => {
    const { ticket } = await open('normal');
    expect(ticket.sla.policyId).toBe('standard');
    expect(clock(ticket, 'first_response').dueAt).toBe(plus(ticket.createdAt, 480).toISOString());
    const raised = await callApi(stack, 'PATCH', `/v1/tickets/${ticket.id}`, { role: 'agent', body: { priority: 'urgent' }, headers: { 'if-match': `"${ticket.version}"` } });
    expect(raised.status).toBe(200);
    await stack.whenIdle();
    const after = (await read(ticket.id)).ticket;
    expect(after.sla.policyId).toBe('urgent');
    expect(clock(after, 'first_response').dueAt).toBe(plus(ticket.createdAt, 60).toISOString());
    // Deadlines are derived data: storing them did not make a new version the agent must reload.
    expect(after.version).toBe(raised.body.version);
  });

  it('pauses while pending on the customer and stops the first-response clock at the first public reply', async () => {
    const { ticket } = await open('urgent');
    const pending = await callApi(stack, 'PATCH', `/v1/tickets/${ticket.id}`, { role: 'agent', body: { status: 'pending_customer' }, headers: { 'if-match': `"${ticket.version}"` } });
    await stack.whenIdle();
    const paused = (await read(ticket.id)).ticket;
    expect(clock(paused, 'resolution')).toMatchObject({ state: 'paused' });
    expect(paused.sla.nextDueAt).toBeUndefined();
    const reopened = await callApi(stack, 'PATCH', `/v1/tickets/${ticket.id}`, { role: 'agent', body: { status: 'open' }, headers: { 'if-match': `"${pending.body.version}"` } });
    expect(reopened.status).toBe(200);
    const reply = await callApi(stack, 'POST', `/v1/tickets/${ticket.id}/entries`, { role: 'agent', body: { kind: 'reply', body: 'On it.' } });
    expect(reply.status).toBe(201);
    await stack.whenIdle();
    const answered = (await read(ticket.id)).ticket;
    expect(clock(answered, 'first_response')).toMatchObject({ state: 'met' });
    // The sweep long after the old deadline finds nothing owed for the answered clock.
    await sweep(plus(ticket.createdAt, 90));
    const later = await read(ticket.id);
    expect(later.history.flatMap((h: any) => h.changes).filter((c: any) => c.field === 'sla.first_response')).toEqual([]);
  });
});

describe('the sweep', () => {
  it('warns at 80%, breaches at the deadline and escalates, each step once, with notices, mail, events, history and a count', async () => {
    const { ticket } = await open('urgent', { assigneeId: ids.agent, teamId: 'support' });
    const created = ticket.createdAt as string;
    const before = (await notices('agent')).items.length;

    await sweep(plus(created, 47));
    expect((await notices('agent')).items.length).toBe(before);

    // Two overlapping sweeps at the warning: one warning.
    await Promise.all([stack.schedules.run(sweepId, { at: plus(created, 49) }), stack.schedules.run(sweepId, { at: plus(created, 49) })]);
    await stack.whenIdle();
    const warned = (await notices('agent')).items.filter((n) => n.ticketId === ticket.id);
    expect(warned.map((n) => n.kind)).toEqual(['sla_warning']);
    expect(stack.events.list().filter((e) => e.event['detail-type'] === 'SlaWarning' && (e.event.detail as any).ticketId === ticket.id)).toHaveLength(1);
    const mails = (await stack.ses.sent()).map((m) => m.raw.toString('utf8')).filter((raw) => raw.includes(`#${ticket.number}]`) && raw.includes(emails.agent!));
    expect(mails.some((raw) => /SLA warning/.test(raw))).toBe(true);

    await sweep(plus(created, 61));
    await sweep(plus(created, 62));
    const breached = await read(ticket.id);
    const slaChanges = breached.history.flatMap((h: any) => h.changes).filter((c: any) => c.field === 'sla.first_response').map((c: any) => c.to);
    expect(slaChanges).toEqual(['warning', 'breached', 'escalation 1']);
    expect(clock(breached.ticket, 'first_response').breachedAt).toBe(plus(created, 60).toISOString());
    const leadNotices = (await notices('admin')).items.filter((n) => n.ticketId === ticket.id);
    expect(leadNotices.map((n) => n.kind)).toEqual(['sla_escalation']);
    expect(stack.events.list().filter((e) => e.event['detail-type'] === 'SlaBreached' && (e.event.detail as any).ticketId === ticket.id)).toHaveLength(1);

    await sweep(plus(created, 95));
    const escalated = (await read(ticket.id)).ticket;
    expect(escalated.teamId).toBe('escalations');
    expect(escalated.assigneeId).toBeUndefined();
    expect((await notices('admin')).items.filter((n) => n.ticketId === ticket.id)).toHaveLength(2);

    const client = new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: stack.region, credentials: LOCAL_CREDENTIALS });
    const stats = await client.send(new GetItemCommand({ TableName: Object.values(stack.dynamo.tables)[0], Key: { pk: { S: `SLASTATS#${plus(created, 61).toISOString().slice(0, 10)}` }, sk: { S: 'first_response' } } }));
    expect(Number(stats.Item?.breaches?.N)).toBeGreaterThanOrEqual(1);
    client.destroy();

    const read1 = await callApi(stack, 'POST', '/v1/notifications/read', { role: 'admin', body: { notices: leadNotices.map((n) => ({ at: n.at, id: n.id })) } });
    expect(read1.status).toBe(204);
    expect((await notices('admin')).items.find((n) => n.id === leadNotices[0].id).read).toBe(true);
  });

  it('lists open work by deadline and the breached and at-risk tickets across the stack', async () => {
    const soon = (await open('urgent', { assigneeId: ids.agent })).ticket;
    const later = (await open('normal', { assigneeId: ids.agent })).ticket;
    const mine = (await callApi(stack, 'GET', '/v1/tickets?assignee=me&bucket=active&sort=deadline', { role: 'agent' })).body.items.map((t: any) => t.id);
    expect(mine.indexOf(soon.id)).toBeLessThan(mine.indexOf(later.id));
    const cut = plus(soon.createdAt, 120).toISOString();
    const atRisk = (await callApi(stack, 'GET', `/v1/tickets?sort=deadline&dueBefore=${encodeURIComponent(cut)}`, { role: 'agent' })).body.items;
    expect(atRisk.map((t: any) => t.id)).toContain(soon.id);
    expect(atRisk.map((t: any) => t.id)).not.toContain(later.id);
    expect(atRisk.every((t: any) => t.sla.nextDueAt <= cut)).toBe(true);
  });
});

describe('editing the settings', () => {
  it('recomputes the open tickets when a policy changes', async () => {
    const { ticket } = await open('normal');
    expect(clock(ticket, 'first_response').dueAt).toBe(plus(ticket.createdAt, 480).toISOString());
    await save('sla-policies', [urgentPolicy(), standardPolicy(120)]);
    await stack.whenIdle();
    expect(clock((await read(ticket.id)).ticket, 'first_response').dueAt).toBe(plus(ticket.createdAt, 120).toISOString());
  });

  it('recomputes the open tickets when a calendar gains a holiday (a local day of the calendar)', async () => {
    const { ticket } = await open('normal');
    const day = (ticket.createdAt as string).slice(0, 10);
    const calendars = await callApi(stack, 'GET', '/v1/directory/sla-calendars', { role: 'admin' });
    await save('sla-calendars', calendars.body.items.map((c: any) => ({ ...c, holidays: [{ date: day, name: 'Company day' }] })));
    await stack.whenIdle();
    // Nothing counts on the holiday: the 120 minutes start at the next midnight (UTC calendar).
    const nextMidnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    expect(clock((await read(ticket.id)).ticket, 'first_response').dueAt).toBe(new Date(nextMidnight + 120 * MIN).toISOString());
  });

  it('refuses a policy naming a calendar that does not exist, and deleting a calendar in use', async () => {
    const current = await callApi(stack, 'GET', '/v1/directory/sla-policies', { role: 'admin' });
    const bad = await callApi(stack, 'PUT', '/v1/directory/sla-policies', {
      role: 'admin',
      body: { items: [{ ...standardPolicy(60), calendarId: 'nowhere' }] },
      headers: { 'if-match': `"${current.body.version}"` },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toContainEqual({ path: 'items.0.calendarId', message: 'No calendar nowhere' });
    const calendars = await callApi(stack, 'GET', '/v1/directory/sla-calendars', { role: 'admin' });
    const gone = await callApi(stack, 'PUT', '/v1/directory/sla-calendars', { role: 'admin', body: { items: [] }, headers: { 'if-match': `"${calendars.body.version}"` } });
    expect(gone.status).toBe(400);
  });
});
