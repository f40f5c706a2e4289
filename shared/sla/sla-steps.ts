import { TICKET_PRIORITIES, type TicketPriority } from '../tickets/ticket-priority.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { EscalationRecipient, EscalationStep, SlaPolicy, SlaTarget } from './sla-config.ts';
import { escalationInstant } from './ticket-clocks.ts';
import type { SlaClock, TicketSla } from './ticket-sla.ts';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export type SlaStep =
  | { kind: 'warning'; target: SlaTarget }
  | { kind: 'breach'; target: SlaTarget; /** answered after its deadline, before a sweep saw it */ late: boolean }
  | { kind: 'escalation'; target: SlaTarget; index: number; step: EscalationStep };

/** Someone to tell about a step: in the console and by email. */
export interface SlaNotice {
  recipientId: string;
  kind: 'sla_warning' | 'sla_breach' | 'sla_escalation';
  target: SlaTarget;
  dueAt: string;
}

/** An event for the stack's bus (integrations). */
export interface SlaEvent {
  detailType: 'SlaWarning' | 'SlaBreached';
  detail: { ticketId: string; ticketNumber: number; target: SlaTarget; policyId: string; dueAt: string; at: string; late?: boolean };
}

export interface StepOutcome {
  /** The ticket with the steps marked on its clocks and the escalations' changes applied. */
  ticket: Ticket;
  /** What changed on the ticket, for its history (SLA marks, priority, team). */
  changes: { field: string; from: unknown; to: unknown }[];
  notices: SlaNotice[];
  events: SlaEvent[];
  /** Breaches to count for reports, by target. */
  breaches: SlaTarget[];
}

/**
 * The steps a ticket's clocks owe at `now`, each at most once: a clock already marked (warned,
 * breached, escalation k taken) owes nothing for that mark again. `pauses` are the finished
 * paused stretches, so escalations do not count waiting time.
 */
export function stepsDue(sla: TicketSla, policy: SlaPolicy, now: number, pauses: { start: number; end: number }[] = []): SlaStep[] {
  const steps: SlaStep[] = [];
  for (const c of sla.clocks) {
    if (c.state === 'paused' || !c.dueAt) continue;
    const dueAt = Date.parse(c.dueAt);
    if (c.state === 'met') {
      if (!c.breachedAt && Date.parse(c.metAt!) > dueAt && dueAt <= now) steps.push({ kind: 'breach', target: c.target, late: true });
      continue;
    }
    const breached = Boolean(c.breachedAt) || dueAt <= now;
    if (!breached) {
      if (!c.warnedAt && c.warnAt && Date.parse(c.warnAt) <= now) steps.push({ kind: 'warning', target: c.target });
      continue;
    }
    if (!c.breachedAt) steps.push({ kind: 'breach', target: c.target, late: false });
    policy.escalation.forEach((step, index) => {
      if ((c.escalated ?? []).includes(index)) return;
      if (escalationInstant(dueAt, step.afterMinutes * MINUTE, pauses) <= now) steps.push({ kind: 'escalation', target: c.target, index, step });
    });
  }
  return steps;
}

/** Who a recipient kind means for this ticket (nobody when the ticket has no assignee, the team no lead…). */
export interface Recipients {
  teamLeadOf(teamId: string | undefined): string | undefined;
}

/**
 * Takes the steps: marks them on the clocks (so they are never taken twice), applies the
 * escalations' actions, and lists whom to notify and which events to publish. Pure: the caller
 * writes all of it at once, on the ticket version it read.
 */
export function takeSteps(ticket: Ticket, policy: SlaPolicy, steps: SlaStep[], now: number, recipients: Recipients): StepOutcome {
  const sla = structuredClone(ticket.sla!);
  let next: Ticket = { ...ticket, sla };
  const changes: StepOutcome['changes'] = [];
  const notices: SlaNotice[] = [];
  const events: SlaEvent[] = [];
  const breaches: SlaTarget[] = [];
  const at = iso(now);
  const notify = (who: readonly EscalationRecipient[], kind: SlaNotice['kind'], clock: SlaClock) => {
    const ids = new Set<string>();
    for (const w of who) {
      if (w === 'assignee' && next.assigneeId) ids.add(next.assigneeId);
      if (w === 'team_lead') {
        const lead = recipients.teamLeadOf(next.teamId);
        if (lead) ids.add(lead);
      }
      if (w === 'manager') policy.managerIds.forEach((id) => ids.add(id));
    }
    for (const recipientId of ids) notices.push({ recipientId, kind, target: clock.target, dueAt: clock.dueAt! });
  };
  const event = (detailType: SlaEvent['detailType'], clock: SlaClock, late?: boolean) =>
    events.push({
      detailType,
      detail: { ticketId: ticket.id, ticketNumber: ticket.number, target: clock.target, policyId: policy.id, dueAt: clock.dueAt!, at, ...(late ? { late } : {}) },
    });

  for (const step of steps) {
    const clock = sla.clocks.find((c) => c.target === step.target)!;
    if (step.kind === 'warning') {
      clock.warnedAt = at;
      changes.push({ field: `sla.${step.target}`, from: null, to: 'warning' });
      // A warning goes to whoever works the ticket; with nobody on it, to the team's lead.
      notify(next.assigneeId ? ['assignee'] : ['team_lead'], 'sla_warning', clock);
      event('SlaWarning', clock);
    } else if (step.kind === 'breach') {
      clock.breachedAt = step.late ? clock.metAt! : clock.dueAt!;
      changes.push({ field: `sla.${step.target}`, from: null, to: 'breached' });
      breaches.push(step.target);
      event('SlaBreached', clock, step.late);
    } else {
      clock.escalated = [...(clock.escalated ?? []), step.index].sort((a, b) => a - b);
      changes.push({ field: `sla.${step.target}`, from: null, to: `escalation ${step.index + 1}` });
      notify(step.step.notify, 'sla_escalation', clock);
      if (step.step.raisePriority) {
        const raised = raised1(next.priority);
        if (raised !== next.priority) {
          changes.push({ field: 'priority', from: next.priority, to: raised });
          next = { ...next, priority: raised };
        }
      }
      if (step.step.moveToTeamId && step.step.moveToTeamId !== next.teamId) {
        changes.push({ field: 'teamId', from: next.teamId ?? null, to: step.step.moveToTeamId });
        if (next.assigneeId) changes.push({ field: 'assigneeId', from: next.assigneeId, to: null });
        const { assigneeId: _dropped, ...rest } = next;
        next = { ...rest, teamId: step.step.moveToTeamId };
      }
    }
  }
  return { ticket: next, changes, notices, events, breaches };
}

function raised1(p: TicketPriority): TicketPriority {
  return TICKET_PRIORITIES[Math.min(TICKET_PRIORITIES.indexOf(p) + 1, TICKET_PRIORITIES.length - 1)]!;
}
