import { ConflictError } from '../errors/domain-errors.ts';
import type { IdGenerator } from '../runtime/clock.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { StaffNoticeRequest } from '../email/outbound-mail.ts';
import { matchPolicy } from './policy-match.ts';
import type { SlaPolicy } from './sla-config.ts';
import { slaFactsOf } from './sla-facts.ts';
import { stepsDue, takeSteps } from './sla-steps.ts';
import type { SlaConfig, SlaStore, SlaSubject, StoredNotice } from './sla-store.ts';
import { computeTicketSla, pausedStretches } from './ticket-clocks.ts';
import type { TicketSla } from './ticket-sla.ts';

export interface SlaDeps {
  store: SlaStore;
  ids: IdGenerator;
}

/** The ticket's SLA under the current configuration, or undefined when no policy applies. */
export function evaluateSla(subject: SlaSubject, config: Pick<SlaConfig, 'policies' | 'calendars'>): { sla: TicketSla; policy: SlaPolicy } | undefined {
  const { ticket } = subject;
  const policy = matchPolicy(config.policies, ticket);
  const calendar = policy && config.calendars.find((c) => c.id === policy.calendarId);
  if (!policy || !calendar) return undefined;
  return { sla: computeTicketSla(slaFactsOf(ticket, subject.history), policy, calendar, ticket.sla), policy };
}

const sameSla = (a: TicketSla | undefined, b: TicketSla | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const RETRIES = 3;

/**
 * Brings one ticket's stored deadlines in line with its facts and the configuration. Writes only
 * when something changed; a ticket that moved meanwhile is read again (its newer stream record
 * would bring it back anyway).
 */
export async function trackTicket(deps: SlaDeps, config: SlaConfig, ticketId: string): Promise<'unchanged' | 'saved' | 'gone' | 'busy'> {
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    const subject = await deps.store.read(ticketId);
    if (!subject) return 'gone';
    const sla = evaluateSla(subject, config)?.sla;
    if (sameSla(sla, subject.ticket.sla)) return 'unchanged';
    if (await deps.store.saveSla(subject.ticket, sla)) return 'saved';
  }
  return 'busy';
}

export interface SweepResult {
  due: number;
  stepped: number;
  steps: number;
  notices: number;
}

/** At most this many tickets a run; the rest stay due and are taken by the next run a minute later. */
export const SWEEP_LIMIT = 1_000;
const SWEEP_CONCURRENCY = 8;

/**
 * Takes every SLA step due by `now`: reads only the tickets the due index names (never the open
 * tickets at large), re-checks each against its current facts (an index entry can be a moment
 * stale: an agent may just have replied), and records each step once — on the ticket version it
 * read, so an overlapping or retried sweep finds the step taken and does nothing.
 */
export async function sweepSla(deps: SlaDeps, now: Date, config?: SlaConfig): Promise<SweepResult> {
  const cfg = config ?? (await deps.store.config());
  const result: SweepResult = { due: 0, stepped: 0, steps: 0, notices: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.due(now.toISOString(), 100, cursor);
    cursor = page.cursor;
    result.due += page.ids.length;
    // Tickets are independent (each its own conditional write): a few at a time keep a minute's run short.
    const queue = [...page.ids];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const taken = await stepTicket(deps, cfg, id, now);
        if (taken.steps) {
          result.stepped++;
          result.steps += taken.steps;
          result.notices += taken.notices;
        }
      }
    };
    await Promise.all(Array.from({ length: SWEEP_CONCURRENCY }, worker));
  } while (cursor && result.due < SWEEP_LIMIT);
  return result;
}

async function stepTicket(deps: SlaDeps, config: SlaConfig, ticketId: string, now: Date): Promise<{ steps: number; notices: number }> {
  const at = now.toISOString();
  for (let attempt = 1; ; attempt++) {
    const subject = await deps.store.read(ticketId);
    if (!subject) return { steps: 0, notices: 0 };
    const evaluated = evaluateSla(subject, config);
    const steps = evaluated ? stepsDue(evaluated.sla, evaluated.policy, now.getTime(), pausedStretches(slaFactsOf(subject.ticket, subject.history), evaluated.policy)) : [];
    if (!evaluated || steps.length === 0) {
      // A stale index entry (answered, paused, policy changed): only the summary needs fixing.
      if (!sameSla(evaluated?.sla, subject.ticket.sla)) await deps.store.saveSla(subject.ticket, evaluated?.sla);
      return { steps: 0, notices: 0 };
    }
    const { ticket } = subject;
    const outcome = takeSteps({ ...ticket, sla: evaluated.sla }, evaluated.policy, steps, now.getTime(), { teamLeadOf: (team) => (team ? config.teamLeads.get(team) : undefined) });
    const changedWork = outcome.changes.some((c) => c.field === 'priority' || c.field === 'teamId');
    // The marks just taken and any change of priority (another policy may now apply) give the new summary.
    const after: Ticket = { ...outcome.ticket, version: ticket.version + 1, ...(changedWork ? { updatedAt: at } : {}) };
    after.sla = evaluateSla({ ticket: after, history: subject.history }, config)?.sla;
    if (!after.sla) delete after.sla;
    const notices: StoredNotice[] = outcome.notices.map((n) => ({ ...n, id: deps.ids.next(), at, ticketId: ticket.id, ticketNumber: ticket.number, subject: ticket.subject, read: false }));
    const staff = await config.staff([...new Set(notices.map((n) => n.recipientId))]);
    const mails: StaffNoticeRequest[] = notices.flatMap((n) => {
      const person = staff.get(n.recipientId);
      if (!person?.email) return [];
      const calendar = config.calendars.find((c) => c.id === evaluated.policy.calendarId);
      return [
        {
          id: deps.ids.next(),
          ticketId: ticket.id,
          kind: 'staff-notice',
          shownOn: { staff: n.recipientId },
          to: [person.email],
          language: person.language === 'zh-CN' ? 'zh-CN' : 'en',
          notice: { kind: n.kind, target: n.target, dueAt: n.dueAt, ticketNumber: ticket.number, subject: ticket.subject, timeZone: calendar?.timeZone ?? 'UTC' },
          createdAt: at,
        },
      ];
    });
    try {
      await deps.store.recordSteps({
        write: {
          next: after,
          expectedVersion: ticket.version,
          history: { id: deps.ids.next(), ticketId: ticket.id, at, actor: { type: 'system', id: 'sla' }, changes: outcome.changes },
        },
        notices,
        events: outcome.events.map((e) => ({ ...e, id: deps.ids.next() })),
        mails,
        breaches: outcome.breaches,
        day: at.slice(0, 10),
      });
      return { steps: steps.length, notices: notices.length };
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= RETRIES) throw err;
    }
  }
}

/** Statuses whose tickets may owe SLA work: everything not yet solved. */
export const OPEN_STATUSES = ['new', 'open', 'in_progress', 'pending_customer', 'pending_third_party'] as const;
const RECOMPUTE_PAGE = 100;

/**
 * One page of "recompute every open ticket" after an admin edited policies or calendars. The
 * next page is asked for through the table (an item the stream brings back), so a large backlog
 * is spread over many short invocations instead of one long one.
 */
export async function recomputePage(
  deps: SlaDeps,
  config: SlaConfig,
  job: { job: string; status?: string; page?: number; cursor?: string },
): Promise<{ tickets: number; saved: number; done: boolean }> {
  const status = job.status ?? OPEN_STATUSES[0];
  const page = await deps.store.inStatus(status, RECOMPUTE_PAGE, job.cursor);
  let saved = 0;
  for (const id of page.ids) if ((await trackTicket(deps, config, id)) === 'saved') saved++;
  const nextStatus = OPEN_STATUSES[OPEN_STATUSES.indexOf(status as never) + 1];
  const n = (job.page ?? 0) + 1;
  if (page.cursor) await deps.store.continueRecompute(job.job, status, n, page.cursor);
  else if (nextStatus) await deps.store.continueRecompute(job.job, nextStatus, n, undefined);
  return { tickets: page.ids.length, saved, done: !page.cursor && !nextStatus };
}
