// Proves a ticket's SLA clocks follow its facts: policy choice, pauses, next-response cycles, steps taken once, and the failure modes reported against other helpdesks.
import { describe, expect, it } from 'vitest';
import { matchPolicy } from '#shared/sla/policy-match.ts';
import { slaPolicySchema, type SlaCalendar, type SlaPolicy } from '#shared/sla/sla-config.ts';
import { evaluateSla } from '#shared/sla/sla-operations.ts';
import { slaFactsOf } from '#shared/sla/sla-facts.ts';
import { stepsDue, takeSteps } from '#shared/sla/sla-steps.ts';
import { pausedStretches } from '#shared/sla/ticket-clocks.ts';
import type { HistoryEntry } from '#shared/tickets/thread.ts';
import type { Ticket } from '#shared/tickets/ticket.ts';
import type { TicketStatus } from '#shared/tickets/ticket-status.ts';

const open9to17 = [{ start: '09:00', end: '17:00' }];
/** Mon–Fri 09:00–17:00 UTC, 2026-12-25 a holiday: every instant below is checked by hand. */
const office: SlaCalendar = {
  id: 'office',
  name: { en: 'Office' },
  timeZone: 'UTC',
  week: { mon: open9to17, tue: open9to17, wed: open9to17, thu: open9to17, fri: open9to17, sat: [], sun: [] },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
  specialDays: [],
};
const allDay = [{ start: '00:00', end: '24:00' }];
const always: SlaCalendar = { ...office, id: 'always', week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, holidays: [] };

function policy(over: Record<string, unknown> & { targets: SlaPolicy["targets"] }): SlaPolicy {
  return slaPolicySchema.parse({ id: 'p', name: { en: 'P' }, calendarId: 'office', ...over });
}

let seq = 0;
function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    number: 1001,
    subject: 'Printer down',
    description: '',
    status: 'new',
    priority: 'normal',
    channel: 'email',
    createdBy: 'c1',
    createdAt: '2026-12-21T10:00:00.000Z', // a Monday
    updatedAt: '2026-12-21T10:00:00.000Z',
    version: 1,
    ...over,
  };
}
function statusAt(at: string, from: TicketStatus | null, to: TicketStatus): HistoryEntry {
  return { id: `h${++seq}`, ticketId: '00000000-0000-4000-8000-000000000001', at, actor: { type: 'agent', id: 'a1' }, changes: [{ field: 'status', from, to }] };
}
const created = statusAt('2026-12-21T10:00:00.000Z', null, 'new');
const config = (policies: SlaPolicy[], calendars = [office, always]) => ({ policies, calendars });
const clockOf = (sla: ReturnType<typeof evaluateSla>, target: string) => sla!.sla.clocks.find((c) => c.target === target);

describe('choosing the policy', () => {
  const urgent = policy({ id: 'urgent', when: { priorities: ['urgent'] }, targets: { first_response: 60 } });
  const vip = policy({ id: 'vip', when: { customerTiers: ['vip'], channels: ['email'] }, targets: { first_response: 120 } });
  const rest = policy({ id: 'rest', targets: { first_response: 480 } });
  it('takes the first policy whose every condition holds, in the admin order', () => {
    expect(matchPolicy([urgent, vip, rest], ticket({ priority: 'urgent', customerTier: 'vip' }))?.id).toBe('urgent');
    expect(matchPolicy([urgent, vip, rest], ticket({ customerTier: 'vip' }))?.id).toBe('vip');
    expect(matchPolicy([urgent, vip, rest], ticket({ customerTier: 'vip', channel: 'phone' }))?.id).toBe('rest');
    expect(matchPolicy([urgent, vip], ticket())).toBeUndefined();
  });
  it('a ticket without a category does not match a policy that lists categories', () => {
    const billing = policy({ id: 'billing', when: { categoryIds: ['billing'] }, targets: { first_response: 30 } });
    expect(matchPolicy([billing], ticket())).toBeUndefined();
    expect(matchPolicy([billing], ticket({ categoryId: 'billing' }))?.id).toBe('billing');
  });
});

describe('clocks in business hours', () => {
  const p = policy({ targets: { first_response: 240, resolution: 16 * 60 } });
  it('counts only working time: 4h from Monday 10:00 is 14:00, 16h is Wednesday 10:00; warning at 80%', () => {
    const sla = evaluateSla({ ticket: ticket(), history: [created] }, config([p]));
    expect(clockOf(sla, 'first_response')).toMatchObject({ state: 'running', dueAt: '2026-12-21T14:00:00.000Z', warnAt: '2026-12-21T13:12:00.000Z' });
    expect(clockOf(sla, 'resolution')).toMatchObject({ state: 'running', dueAt: '2026-12-23T10:00:00.000Z' });
    expect(sla!.sla.nextDueAt).toBe('2026-12-21T14:00:00.000Z');
    expect(sla!.sla.nextStepAt).toBe('2026-12-21T13:12:00.000Z');
  });
  it('a holiday is skipped: 16h from Thursday 24th 10:00 is 7h Thursday, 8h Monday 28th, 1h Tuesday 29th → 10:00', () => {
    const t = ticket({ createdAt: '2026-12-24T10:00:00.000Z', updatedAt: '2026-12-24T10:00:00.000Z' });
    const sla = evaluateSla({ ticket: t, history: [statusAt('2026-12-24T10:00:00.000Z', null, 'new')] }, config([p]));
    expect(clockOf(sla, 'resolution')!.dueAt).toBe('2026-12-29T10:00:00.000Z');
  });
  it('an answer stops the first-response clock, met on time or late', () => {
    const onTime = evaluateSla({ ticket: ticket({ status: 'open', firstResponseAt: '2026-12-21T11:00:00.000Z' }), history: [created, statusAt('2026-12-21T11:00:00.000Z', 'new', 'open')] }, config([p]));
    expect(clockOf(onTime, 'first_response')).toMatchObject({ state: 'met', metAt: '2026-12-21T11:00:00.000Z' });
    expect(onTime!.sla.nextStepAt).toBe(clockOf(onTime, 'resolution')!.warnAt);
    const late = evaluateSla({ ticket: ticket({ status: 'open', firstResponseAt: '2026-12-21T15:00:00.000Z' }), history: [created] }, config([p]));
    // A late answer owes one step: recording the breach (the sweep does it).
    expect(late!.sla.nextStepAt).toBe('2026-12-21T14:00:00.000Z');
    expect(stepsDue(late!.sla, p, Date.parse('2026-12-21T15:00:01Z'))).toEqual([{ kind: 'breach', target: 'first_response', late: true }]);
  });
});

describe('pauses', () => {
  const p = policy({ targets: { resolution: 8 * 60 } });
  it('pending customer stops the clock and keeps the time left; resuming moves the deadline by the business time paused', () => {
    // Opened Mon 10:00 (due Tue 10:00); pending Mon 12:00–Wed 12:00 (16 business hours paused).
    const paused = evaluateSla(
      { ticket: ticket({ status: 'pending_customer' }), history: [created, statusAt('2026-12-21T12:00:00.000Z', 'new', 'pending_customer')] },
      config([p]),
    );
    expect(clockOf(paused, 'resolution')).toMatchObject({ state: 'paused', remainingMs: 6 * 3_600_000 });
    expect(paused!.sla.nextDueAt).toBeUndefined();
    expect(paused!.sla.nextStepAt).toBeUndefined();
    const resumed = evaluateSla(
      {
        ticket: ticket({ status: 'open' }),
        history: [created, statusAt('2026-12-21T12:00:00.000Z', 'new', 'pending_customer'), statusAt('2026-12-23T12:00:00.000Z', 'pending_customer', 'open')],
      },
      config([p]),
    );
    // 6h left from Wed 12:00: 5h to 17:00, 1h on Thursday → Thu 10:00.
    expect(clockOf(resumed, 'resolution')).toMatchObject({ state: 'running', dueAt: '2026-12-24T10:00:00.000Z' });
  });
  it('a paused ticket does not escalate the instant it reopens after its old deadline passed', () => {
    const withStep = policy({ targets: { resolution: 8 * 60 }, escalation: [{ afterMinutes: 0, notify: ['assignee'] }] });
    const history = [created, statusAt('2026-12-21T12:00:00.000Z', 'new', 'pending_customer'), statusAt('2026-12-28T09:00:00.000Z', 'pending_customer', 'open')];
    const sla = evaluateSla({ ticket: ticket({ status: 'open', assigneeId: 'a1' }), history }, config([withStep]))!;
    // Reopened Monday 28th 09:00 (25th a holiday) with 6h left: due 15:00, nothing owed at 09:00.
    expect(clockOf({ ...sla }, 'resolution')!.dueAt).toBe('2026-12-28T15:00:00.000Z');
    expect(stepsDue(sla.sla, withStep, Date.parse('2026-12-28T09:00:00Z'))).toEqual([]);
  });
  it('hold time across a holiday moves the deadline by the working time held only', () => {
    // Opened Thu 24th 10:00; pending 24th 16:00 → Mon 28th 10:00: held working time = 1h (24th) + 1h (28th); Christmas and the weekend hold nothing.
    const t = ticket({ status: 'open', createdAt: '2026-12-24T10:00:00.000Z', updatedAt: '2026-12-24T10:00:00.000Z' });
    const history = [statusAt('2026-12-24T10:00:00.000Z', null, 'new'), statusAt('2026-12-24T16:00:00.000Z', 'new', 'pending_third_party'), statusAt('2026-12-28T10:00:00.000Z', 'pending_third_party', 'open')];
    const sla = evaluateSla({ ticket: t, history }, config([p]))!;
    // 6h used on the 24th, 2h left from Mon 10:00 → Mon 12:00 (without the hold it would be Mon 10:00).
    expect(clockOf(sla, 'resolution')!.dueAt).toBe('2026-12-28T12:00:00.000Z');
  });
  it('a policy that does not pause on pending third party keeps counting', () => {
    const strict = policy({ targets: { resolution: 8 * 60 }, pauseOn: ['pending_customer'] });
    const sla = evaluateSla({ ticket: ticket({ status: 'pending_third_party' }), history: [created, statusAt('2026-12-21T12:00:00.000Z', 'new', 'pending_third_party')] }, config([strict]));
    expect(clockOf(sla, 'resolution')).toMatchObject({ state: 'running', dueAt: '2026-12-22T10:00:00.000Z' });
  });
});

describe('next response', () => {
  const p = policy({ targets: { first_response: 60, next_response: 120 }, escalation: [{ afterMinutes: 30, notify: ['assignee'] }] });
  it('starts with the first unanswered customer message after the first response, not the latest one', () => {
    const t = ticket({ status: 'open', firstResponseAt: '2026-12-21T10:30:00.000Z', awaitingReplySince: '2026-12-21T11:00:00.000Z' });
    const sla = evaluateSla({ ticket: t, history: [created, statusAt('2026-12-21T10:30:00.000Z', 'new', 'open')] }, config([p]))!;
    expect(clockOf(sla, 'next_response')).toMatchObject({ state: 'running', startedAt: '2026-12-21T11:00:00.000Z', dueAt: '2026-12-21T13:00:00.000Z' });
    expect(clockOf(sla, 'first_response')).toMatchObject({ state: 'met' });
  });
  it('an update target never overrides the first response: a second customer message before any answer keeps the first-response deadline', () => {
    const t = ticket({ awaitingReplySince: '2026-12-21T10:20:00.000Z' });
    const sla = evaluateSla({ ticket: t, history: [created] }, config([p]))!;
    expect(sla.sla.clocks.map((c) => c.target)).toEqual(['first_response']);
    expect(clockOf(sla, 'first_response')!.dueAt).toBe('2026-12-21T11:00:00.000Z');
  });
  it('does not escalate once the agent has replied, even when the due index was stale', () => {
    const waiting = ticket({ status: 'open', assigneeId: 'a1', firstResponseAt: '2026-12-21T10:30:00.000Z', awaitingReplySince: '2026-12-21T11:00:00.000Z' });
    const before = evaluateSla({ ticket: waiting, history: [created] }, config([p]))!;
    const answered = ticket({ ...waiting, awaitingReplySince: undefined, sla: before.sla });
    const after = evaluateSla({ ticket: answered, history: [created] }, config([p]))!;
    expect(after.sla.clocks.map((c) => c.target)).toEqual(['first_response']);
    expect(stepsDue(after.sla, p, Date.parse('2026-12-21T18:00:00Z'))).toEqual([]);
  });
});

describe('steps', () => {
  const p = policy({
    calendarId: 'always',
    targets: { first_response: 60 },
    escalation: [
      { afterMinutes: 0, notify: ['assignee'] },
      { afterMinutes: 30, notify: ['team_lead'], raisePriority: true },
      { afterMinutes: 60, notify: ['manager'], moveToTeamId: 'escalations' },
    ],
    managerIds: ['m1'],
  });
  const t = ticket({ assigneeId: 'a1', teamId: 'support' });
  const leads = { teamLeadOf: (team: string | undefined) => (team === 'support' ? 'lead1' : undefined) };
  const sla0 = evaluateSla({ ticket: t, history: [created] }, config([p]))!.sla;

  it('warns at 80%, breaches at the deadline, escalates step by step, each once', () => {
    expect(stepsDue(sla0, p, Date.parse('2026-12-21T10:47:00Z'))).toEqual([]);
    const warn = stepsDue(sla0, p, Date.parse('2026-12-21T10:48:00Z'));
    expect(warn).toEqual([{ kind: 'warning', target: 'first_response' }]);
    const warned = takeSteps({ ...t, sla: sla0 }, p, warn, Date.parse('2026-12-21T10:48:00Z'), leads);
    expect(warned.notices).toEqual([{ recipientId: 'a1', kind: 'sla_warning', target: 'first_response', dueAt: '2026-12-21T11:00:00.000Z' }]);
    expect(warned.events.map((e) => e.detailType)).toEqual(['SlaWarning']);
    // Taken once: the same instant owes nothing more.
    expect(stepsDue(warned.ticket.sla!, p, Date.parse('2026-12-21T10:48:00Z'))).toEqual([]);

    const atBreach = stepsDue(warned.ticket.sla!, p, Date.parse('2026-12-21T11:00:00Z'));
    expect(atBreach.map((s) => s.kind)).toEqual(['breach', 'escalation']);
    const breached = takeSteps(warned.ticket, p, atBreach, Date.parse('2026-12-21T11:00:00Z'), leads);
    expect(breached.breaches).toEqual(['first_response']);
    expect(breached.notices.map((n) => n.recipientId)).toEqual(['a1']);
    expect(breached.changes).toContainEqual({ field: 'sla.first_response', from: null, to: 'breached' });

    const later = stepsDue(breached.ticket.sla!, p, Date.parse('2026-12-21T12:05:00Z'));
    expect(later.map((s) => (s.kind === 'escalation' ? s.index : s.kind))).toEqual([1, 2]);
    const escalated = takeSteps(breached.ticket, p, later, Date.parse('2026-12-21T12:05:00Z'), leads);
    expect(escalated.ticket).toMatchObject({ priority: 'high', teamId: 'escalations' });
    expect(escalated.ticket.assigneeId).toBeUndefined();
    expect(escalated.notices.map((n) => n.recipientId).sort()).toEqual(['lead1', 'm1']);
    expect(stepsDue(escalated.ticket.sla!, p, Date.parse('2026-12-22T12:00:00Z'))).toEqual([]);
  });

  it('recorded steps survive a recomputation with another policy (a raised priority does not breach again)', () => {
    const breached = takeSteps({ ...t, sla: sla0 }, p, stepsDue(sla0, p, Date.parse('2026-12-21T11:00:00Z')), Date.parse('2026-12-21T11:00:00Z'), leads).ticket;
    const stricter = policy({ id: 'urgent', calendarId: 'always', when: { priorities: ['urgent'] }, targets: { first_response: 30 } });
    const again = evaluateSla({ ticket: { ...breached, priority: 'urgent' }, history: [created] }, config([stricter, p]))!;
    expect(again.policy.id).toBe('urgent');
    expect(clockOf(again, 'first_response')!.breachedAt).toBe('2026-12-21T11:00:00.000Z');
    expect(stepsDue(again.sla, stricter, Date.parse('2026-12-21T11:30:00Z'))).toEqual([]);
  });

  it('escalation time does not count time spent paused after the breach', () => {
    const history = [created, statusAt('2026-12-21T11:10:00.000Z', 'new', 'pending_customer'), statusAt('2026-12-21T13:10:00.000Z', 'pending_customer', 'open')];
    const breached = takeSteps({ ...t, sla: sla0 }, p, stepsDue(sla0, p, Date.parse('2026-12-21T11:00:00Z')), Date.parse('2026-12-21T11:00:00Z'), leads).ticket;
    const facts = slaFactsOf({ ...breached, status: 'open' }, history);
    const pauses = pausedStretches(facts, p);
    // Step 2 is 30 minutes after the breach: 10 before the pause, 20 after it → 13:30.
    expect(stepsDue(breached.sla!, p, Date.parse('2026-12-21T13:29:00Z'), pauses)).toEqual([]);
    expect(stepsDue(breached.sla!, p, Date.parse('2026-12-21T13:30:00Z'), pauses).map((s) => s.kind)).toEqual(['escalation']);
  });
});

describe('recomputing', () => {
  it('a policy edit changes deadlines of the same cycle; a calendar edit (new holiday) moves them', () => {
    const p = policy({ targets: { resolution: 8 * 60 } });
    const t = ticket();
    expect(clockOf(evaluateSla({ ticket: t, history: [created] }, config([p])), 'resolution')!.dueAt).toBe('2026-12-22T10:00:00.000Z');
    const longer = { ...p, targets: { resolution: 16 * 60 } };
    expect(clockOf(evaluateSla({ ticket: t, history: [created] }, config([longer])), 'resolution')!.dueAt).toBe('2026-12-23T10:00:00.000Z');
    const holiday = { ...office, holidays: [...office.holidays, { date: '2026-12-22', name: 'Company day' }] };
    expect(clockOf(evaluateSla({ ticket: t, history: [created] }, config([p], [holiday])), 'resolution')!.dueAt).toBe('2026-12-23T10:00:00.000Z');
  });
  it('solving stops every clock; reopening resumes them without counting the solved time', () => {
    const p = policy({ targets: { resolution: 8 * 60 } });
    const solved = evaluateSla({ ticket: ticket({ status: 'resolved' }), history: [created, statusAt('2026-12-21T12:00:00.000Z', 'new', 'resolved')] }, config([p]))!;
    expect(clockOf(solved, 'resolution')).toMatchObject({ state: 'met', metAt: '2026-12-21T12:00:00.000Z' });
    expect(solved.sla.nextDueAt).toBeUndefined();
    const reopened = evaluateSla(
      { ticket: ticket({ status: 'open' }), history: [created, statusAt('2026-12-21T12:00:00.000Z', 'new', 'resolved'), statusAt('2026-12-22T12:00:00.000Z', 'resolved', 'open')] },
      config([p]),
    )!;
    expect(clockOf(reopened, 'resolution')!.dueAt).toBe('2026-12-23T10:00:00.000Z');
  });
});
