import type { TicketStatus } from '../tickets/ticket-status.ts';
import { addBusinessTime, businessTimeBetween, type CalendarHours, type Interval } from './business-time.ts';
import type { SlaPolicy, SlaTarget } from './sla-config.ts';
import type { SlaFacts } from './sla-facts.ts';
import type { SlaClock, TicketSla } from './ticket-sla.ts';

const MINUTE = 60_000;
const SOLVED: readonly TicketStatus[] = ['resolved', 'closed'];
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The ticket's SLA clocks under its policy, from its facts alone (no "now"): each clock's start,
 * deadline, warning instant, or time left while paused. Steps already taken (warning sent, breach
 * recorded, escalations) are carried over from `previous` for the same clock and cycle, so
 * recomputing never repeats or forgets them, also when the policy or calendar changed.
 */
export function computeTicketSla(
  facts: SlaFacts,
  policy: SlaPolicy,
  calendar: CalendarHours & { id: string },
  previous?: TicketSla,
): TicketSla {
  const stops = new Set<TicketStatus>([...policy.pauseOn, ...SOLVED]);
  const solvedAt = currentStretchStart(facts, SOLVED);
  const pausedSince = solvedAt === undefined && policy.pauseOn.includes(facts.status as never) ? currentStretchStart(facts, policy.pauseOn) : undefined;
  const clocks: SlaClock[] = [];
  const clock = (target: SlaTarget, startedAt: number, answeredAt?: number) => {
    const minutes = policy.targets[target];
    if (minutes === undefined) return;
    const metAt = minOf(answeredAt, solvedAt);
    const pauses = stretchesOf(facts, stops, startedAt, metAt ?? pausedSince ?? Infinity);
    const recorded = previous?.clocks.find((c) => c.target === target && c.startedAt === iso(startedAt));
    const targetMs = minutes * MINUTE;
    const base = { target, startedAt: iso(startedAt), targetMinutes: minutes, ...carriedSteps(recorded) };
    if (metAt !== undefined) {
      const dueAt = addBusinessTime(calendar, startedAt, targetMs, pauses);
      clocks.push({ ...base, state: 'met', dueAt: iso(dueAt), metAt: iso(metAt) });
    } else if (pausedSince !== undefined) {
      const used = businessTimeBetween(calendar, startedAt, pausedSince, pauses);
      clocks.push({ ...base, state: 'paused', remainingMs: targetMs - used });
    } else {
      const dueAt = addBusinessTime(calendar, startedAt, targetMs, pauses);
      const warnAt = addBusinessTime(calendar, startedAt, Math.floor((targetMs * policy.warnAtPercent) / 100), pauses);
      clocks.push({ ...base, state: 'running', dueAt: iso(dueAt), warnAt: iso(warnAt) });
    }
  };
  clock('first_response', facts.createdAt, facts.firstResponseAt);
  // An update target never replaces the first-response one: it starts only once that was met.
  if (facts.firstResponseAt !== undefined && facts.awaitingReplySince !== undefined && facts.awaitingReplySince >= facts.firstResponseAt) {
    clock('next_response', facts.awaitingReplySince);
  }
  clock('resolution', facts.createdAt);

  const sla: TicketSla = { policyId: policy.id, calendarId: calendar.id, clocks };
  const dues = clocks.filter((c) => c.state === 'running').map((c) => Date.parse(c.dueAt!));
  if (dues.length) sla.nextDueAt = iso(Math.min(...dues));
  const steps = clocks.map((c) => nextStepOf(c, policy, facts, stops)).filter((at): at is number => at !== undefined);
  if (steps.length) sla.nextStepAt = iso(Math.min(...steps));
  return sla;
}

/** The instant of the next step a clock still owes: warning, breach, the next escalation — or a late answer's breach to record. */
export function nextStepOf(c: SlaClock, policy: SlaPolicy, facts: SlaFacts, stops?: Set<TicketStatus>): number | undefined {
  if (c.state === 'paused' || c.dueAt === undefined) return undefined;
  const dueAt = Date.parse(c.dueAt);
  if (c.state === 'met') return !c.breachedAt && Date.parse(c.metAt!) > dueAt ? dueAt : undefined;
  if (!c.breachedAt) return !c.warnedAt && c.warnAt ? Math.min(Date.parse(c.warnAt), dueAt) : dueAt;
  const k = policy.escalation.findIndex((_, i) => !(c.escalated ?? []).includes(i));
  if (k < 0) return undefined;
  const pauses = stretchesOf(facts, stops ?? new Set([...policy.pauseOn, ...SOLVED]), dueAt, Infinity);
  return escalationInstant(dueAt, policy.escalation[k]!.afterMinutes * MINUTE, pauses);
}

/** Every finished stretch the policy's clocks stood still (paused or solved), for escalation timing. */
export function pausedStretches(facts: SlaFacts, policy: SlaPolicy): Interval[] {
  return stretchesOf(facts, new Set<TicketStatus>([...policy.pauseOn, ...SOLVED]), 0, Infinity);
}

/**
 * When an escalation `afterMs` after the breach falls due: wall-clock time, but time spent paused
 * does not count, so a ticket that waited on the customer does not escalate the moment it reopens.
 */
export function escalationInstant(breachAt: number, afterMs: number, pauses: readonly Interval[]): number {
  let t = breachAt;
  let left = afterMs;
  for (const p of pauses) {
    if (p.end <= t) continue;
    const runUntil = Math.max(p.start, t);
    if (runUntil - t >= left) break;
    left -= runUntil - t;
    t = p.end;
  }
  return t + left;
}

function carriedSteps(recorded: SlaClock | undefined): Partial<SlaClock> {
  if (!recorded) return {};
  return {
    ...(recorded.warnedAt ? { warnedAt: recorded.warnedAt } : {}),
    ...(recorded.breachedAt ? { breachedAt: recorded.breachedAt } : {}),
    ...(recorded.escalated?.length ? { escalated: recorded.escalated } : {}),
  };
}

/** When the ticket entered its current run of statuses from `set` (undefined when it is not in one). */
function currentStretchStart(facts: SlaFacts, set: readonly TicketStatus[]): number | undefined {
  if (!set.includes(facts.status)) return undefined;
  let start: number | undefined;
  for (let i = facts.timeline.length - 1; i >= 0 && set.includes(facts.timeline[i]!.status); i--) start = facts.timeline[i]!.at;
  return start;
}

/** Finished stretches spent in `set` statuses between `from` and `until` (clipped), in time order. */
function stretchesOf(facts: SlaFacts, set: Set<TicketStatus>, from: number, until: number): Interval[] {
  const out: Interval[] = [];
  facts.timeline.forEach((change, i) => {
    if (!set.has(change.status)) return;
    const next = facts.timeline[i + 1];
    if (!next) return; // the current stretch is handled as "paused" or "met", not as a pause
    const start = Math.max(change.at, from);
    const end = Math.min(next.at, until);
    if (end > start) {
      const last = out[out.length - 1];
      if (last && last.end >= start) last.end = Math.max(last.end, end);
      else out.push({ start, end });
    }
  });
  return out;
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
