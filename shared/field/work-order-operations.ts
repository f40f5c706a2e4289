import type { Principal } from '../auth/principal.ts';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import type { Clock, IdGenerator } from '../runtime/clock.ts';
import { DEFAULT_DISPATCH_SETTINGS, planNextOffer, type DispatchSettings, type LastOutcome, type PlanDecision } from './dispatch.ts';
import type { Technician } from './technician.ts';
import {
  BOOKED_STATUSES,
  canMove,
  STEP_TRANSITIONS,
  type AssignInput,
  type NewWorkOrder,
  type OfferAnswer,
  type ProgressInput,
  type WorkOrder,
  type WorkOrderStatus,
} from './work-order.ts';
import type { StoredWorkOrder, TechnicianStore, WorkOrderStore } from './work-order-store.ts';

/** The dispatch workflow as the domain sees it (Step Functions behind it). */
export interface DispatchWorkflow {
  /** Starts one run; the run id is the execution name, so a repeated start is the same run. */
  start(workOrderId: string, dispatchId: string): Promise<void>;
  /** Sends the technician's answer to the waiting offer; 'expired' when the offer timed out meanwhile. */
  answer(token: string, answer: { ok: true; output: unknown } | { ok: false; error: string; cause: string }): Promise<'delivered' | 'expired'>;
}

/** What a work order needs to know of its ticket. */
export interface TicketFacts {
  id: string;
  number: number;
  customerId?: string;
  status: string;
}

/** Issues parts used on a visit from the technician's van (the stock store, idempotent by movement id). */
export type IssueParts = (movement: { id: string; sku: string; qty: number; fromLocationId: string; workOrderId: string; ticketId: string; by: string }) => Promise<void>;

export interface FieldDeps {
  orders: WorkOrderStore;
  technicians: TechnicianStore;
  ticket: (id: string) => Promise<TicketFacts | undefined>;
  clock: Clock;
  ids: IdGenerator;
}

export class InvalidTransitionError extends DomainError {
  constructor(from: WorkOrderStatus, to: WorkOrderStatus) {
    super(409, 'INVALID_TRANSITION', `A work order that is ${from} cannot become ${to}`, undefined, { from, to });
  }
}

export class OfferNotPendingError extends DomainError {
  constructor(reason: 'expired' | 'not_yours' | 'none') {
    const text = { expired: 'The offer has expired', not_yours: 'The offer is for another technician', none: 'There is no offer waiting' }[reason];
    super(409, 'OFFER_NOT_PENDING', text, undefined, { reason });
  }
}

export class SlotTakenError extends DomainError {
  constructor(technicianId: string, clash: WorkOrder) {
    super(409, 'SLOT_TAKEN', `${technicianId} already has a job at that time`, undefined, { workOrderId: clash.id, start: clash.scheduledStart, end: clash.scheduledEnd });
  }
}

const isDispatcher = (p: Principal) => p.roles.includes('admin') || p.roles.includes('agent');
const MINUTE = 60_000;

export async function createWorkOrder(deps: FieldDeps & { workflow: DispatchWorkflow }, by: Principal, input: NewWorkOrder): Promise<WorkOrder> {
  const ticket = await deps.ticket(input.ticketId);
  if (!ticket) throw new ValidationError('The ticket does not exist', [{ path: 'ticketId', message: 'No such ticket' }]);
  if (ticket.status === 'closed') throw new DomainError(409, 'TICKET_CLOSED', `Ticket #${ticket.number} is closed`);
  const at = deps.clock.now().toISOString();
  const { dispatch, ...fields } = input;
  const order: WorkOrder = {
    ...fields,
    // Instants are kept in UTC: index sort keys and range queries compare them as text.
    window: { start: new Date(fields.window.start).toISOString(), end: new Date(fields.window.end).toISOString() },
    id: deps.ids.next(),
    ticketNumber: ticket.number,
    ...(ticket.customerId ? { customerId: ticket.customerId } : {}),
    status: 'unscheduled',
    createdAt: at,
    createdBy: by.id,
    updatedAt: at,
    version: 1,
  };
  await deps.orders.create(order);
  return dispatch === 'auto' ? startDispatch(deps, by, order.id) : order;
}

/** Starts (or restarts) the workflow for a work order waiting for a technician. */
export async function startDispatch(deps: FieldDeps & { workflow: DispatchWorkflow }, by: Principal, id: string, expectedVersion?: number): Promise<WorkOrder> {
  const order = await load(deps, id, expectedVersion);
  if (order.status !== 'unscheduled') throw new InvalidTransitionError(order.status, 'offered');
  const at = deps.clock.now().toISOString();
  const dispatchId = `${order.id}-${deps.clock.now().getTime().toString(36)}`;
  const saved = await deps.orders.save(
    { ...order, dispatch: { id: dispatchId, state: 'running', startedAt: at, startedBy: by.id, offers: [] }, updatedAt: at },
    order.version,
  );
  await deps.workflow.start(order.id, dispatchId);
  return saved;
}

/** One turn of the workflow (the PlanOffer task). */
export async function planOffer(
  deps: FieldDeps,
  input: { workOrderId: string; dispatchId: string; lastOutcome: LastOutcome | null; giveUp?: 'workflow_error' },
  settings: DispatchSettings = DEFAULT_DISPATCH_SETTINGS,
): Promise<PlanDecision> {
  // A racing answer may move the version between our read and write: plan again from the new state.
  for (let attempt = 0; ; attempt++) {
    const order = await deps.orders.get(input.workOrderId);
    if (!order) return { action: 'stop' };
    const around = { from: shiftDays(order.window.start, -1), to: shiftDays(order.window.end, 1) };
    const [technicians, booked] = await Promise.all([deps.technicians.list(), deps.orders.booked(around.from, around.to)]);
    const plan = planNextOffer({ ...input, order, technicians, booked, now: deps.clock.now(), settings });
    if (!plan.order) return plan.decision;
    const { offerToken: _spent, ...next } = plan.order as StoredWorkOrder;
    try {
      await deps.orders.save(next, order.version);
      return plan.decision;
    } catch (err) {
      if (!(err instanceof DomainError && err.status === 409) || attempt >= 4) throw err;
    }
  }
}

/** The Offer task: keeps the task token with the offer the plan recorded. */
export async function recordOffer(deps: FieldDeps, input: { workOrderId: string; dispatchId: string; technicianId: string; taskToken: string }) {
  const stored = await deps.orders.setOfferToken(input.workOrderId, input.technicianId, input.dispatchId, input.taskToken);
  // The run went stale between plan and offer (assigned by hand, cancelled): fail the task now
  // rather than leave it waiting for the timeout.
  if (!stored) throw new DomainError(409, 'OfferWithdrawn', 'The offer is no longer current');
  const order = (await deps.orders.get(input.workOrderId))!;
  const technician = await deps.technicians.get(input.technicianId);
  const offer = order.dispatch!.offers.at(-1)!;
  return { order, technician, offer, offerNumber: order.dispatch!.offers.length };
}

/** The technician's answer to an offer, from their phone. */
export async function answerOffer(deps: FieldDeps & { workflow: DispatchWorkflow }, by: Principal, id: string, input: OfferAnswer): Promise<WorkOrder> {
  const me = await technicianOf(deps, by);
  const order = await load(deps, id);
  if (order.status !== 'offered') throw new OfferNotPendingError(order.dispatch?.offers.some((o) => o.technicianId === me.id) ? 'expired' : 'none');
  if (order.offeredTo !== me.id) throw new OfferNotPendingError('not_yours');
  // Planned but the Offer task has not stored its token yet (a moment): the phone may retry.
  if (!order.offerToken) throw new DomainError(409, 'OFFER_NOT_READY', 'The offer is still being sent; try again in a moment');
  const token = order.offerToken;
  const at = deps.clock.now().toISOString();
  const offers = order.dispatch!.offers;
  const current = offers.at(-1)!;
  const { offerToken: _t, offeredTo: _o, ...rest } = order;

  if (input.answer === 'decline') {
    const closed = { ...current, outcome: 'declined' as const, answeredAt: at, ...(input.reason ? { reason: input.reason } : {}) };
    const saved = await deps.orders.save({ ...rest, status: 'unscheduled', dispatch: { ...order.dispatch!, offers: [...offers.slice(0, -1), closed] }, updatedAt: at }, order.version);
    // Expired meanwhile: the workflow has moved on by itself; the decline stands as recorded.
    await deps.workflow.answer(token, { ok: false, error: 'OfferDeclined', cause: input.reason ?? 'Declined' });
    return saved;
  }

  const start = current.start;
  const end = new Date(Date.parse(start) + order.estimatedMinutes * MINUTE).toISOString();
  await ensureFree(deps, me.id, order.id, start, end);
  const accepted = { ...current, outcome: 'accepted' as const, answeredAt: at };
  const saved = await deps.orders.save(
    {
      ...rest,
      status: 'accepted',
      technicianId: me.id,
      scheduledStart: start,
      scheduledEnd: end,
      dispatch: { ...order.dispatch!, state: 'done', offers: [...offers.slice(0, -1), accepted] },
      updatedAt: at,
    },
    order.version,
  );
  const delivered = await deps.workflow.answer(token, { ok: true, output: { technicianId: me.id, start } });
  if (delivered === 'expired') {
    // The timeout won the race: the workflow already offers the job to the next technician, so
    // this acceptance cannot stand. Undo it (only if nothing else changed it since).
    await deps.orders.save(
      { ...rest, status: 'unscheduled', dispatch: { ...order.dispatch!, offers: [...offers.slice(0, -1), { ...current, outcome: 'expired', answeredAt: at }] }, updatedAt: at },
      saved.version,
    ).catch(() => undefined);
    throw new OfferNotPendingError('expired');
  }
  return saved;
}

/** A dispatcher books a technician by hand (from the board), over any running offer. */
export async function assignWorkOrder(deps: FieldDeps & { workflow: DispatchWorkflow }, by: Principal, id: string, input: AssignInput, expectedVersion?: number): Promise<WorkOrder> {
  const order = await load(deps, id, expectedVersion);
  if (!canMove(order.status, 'accepted')) throw new InvalidTransitionError(order.status, 'accepted');
  const technician = await deps.technicians.get(input.technicianId);
  if (!technician) throw new ValidationError('No such technician', [{ path: 'technicianId', message: 'No such technician' }]);
  const start = new Date(input.start).toISOString();
  const end = new Date(Date.parse(start) + order.estimatedMinutes * MINUTE).toISOString();
  await ensureFree(deps, technician.id, order.id, start, end);
  const at = deps.clock.now().toISOString();
  const { offerToken, offeredTo: _o, ...rest } = order;
  const offers = (order.dispatch?.offers ?? []).map((o) => (o.outcome === 'pending' ? { ...o, outcome: 'withdrawn' as const, answeredAt: at } : o));
  const saved = await deps.orders.save(
    {
      ...rest,
      status: 'accepted',
      technicianId: technician.id,
      scheduledStart: start,
      scheduledEnd: end,
      ...(order.dispatch ? { dispatch: { ...order.dispatch, state: 'done', offers } } : {}),
      updatedAt: at,
    },
    order.version,
  );
  if (offerToken) await deps.workflow.answer(offerToken, { ok: false, error: 'OfferWithdrawn', cause: `Assigned by ${by.email || by.id}` });
  return saved;
}

export async function cancelWorkOrder(deps: FieldDeps & { workflow: DispatchWorkflow }, by: Principal, id: string, reason: string, expectedVersion?: number): Promise<WorkOrder> {
  const order = await load(deps, id, expectedVersion);
  if (!canMove(order.status, 'cancelled')) throw new InvalidTransitionError(order.status, 'cancelled');
  const at = deps.clock.now().toISOString();
  const { offerToken, offeredTo: _o, ...rest } = order;
  const saved = await deps.orders.save(
    { ...rest, status: 'cancelled', cancelled: { at, by: by.id, reason }, ...(order.dispatch ? { dispatch: { ...order.dispatch, state: 'done' } } : {}), updatedAt: at },
    order.version,
  );
  if (offerToken) await deps.workflow.answer(offerToken, { ok: false, error: 'OfferWithdrawn', cause: 'Cancelled' });
  return saved;
}

/** The technician's steps on the visit: travel, check in, check out with the report, customer sign-off. */
export async function recordProgress(deps: FieldDeps & { issueParts: IssueParts }, by: Principal, id: string, input: ProgressInput, expectedVersion?: number): Promise<WorkOrder> {
  const order = await load(deps, id, expectedVersion);
  await mustWorkOn(deps, by, order);
  const rule = STEP_TRANSITIONS[input.step];
  if (!rule.from.includes(order.status)) throw new InvalidTransitionError(order.status, rule.to);
  const at = deps.clock.now().toISOString();
  const next: StoredWorkOrder = { ...order, status: rule.to, updatedAt: at };
  switch (input.step) {
    case 'start_travel':
      break;
    case 'check_in':
      next.checkIn = { at, ...(input.location ? { location: input.location } : {}) };
      break;
    case 'check_out': {
      const technician = order.technicianId ? await deps.technicians.get(order.technicianId) : undefined;
      if (input.report.partsUsed.length && !technician?.vanLocationId) {
        throw new ValidationError('The technician has no van stock location to take parts from', [{ path: 'report.partsUsed', message: 'No van stock location' }]);
      }
      // Issued before the work order is saved: each movement is idempotent by its id, so a retried
      // check-out never issues twice, and a failed save leaves nothing half done that a retry
      // would not finish.
      for (const [i, part] of input.report.partsUsed.entries()) {
        await deps.issueParts({ id: `${order.id}-u${i}`, sku: part.sku, qty: part.qty, fromLocationId: technician!.vanLocationId!, workOrderId: order.id, ticketId: order.ticketId, by: by.id });
      }
      next.checkOut = { at, ...(input.location ? { location: input.location } : {}) };
      next.report = { ...input.report, partsUsed: input.report.partsUsed.map((p) => ({ ...p, fromLocationId: technician!.vanLocationId! })) };
      break;
    }
    case 'sign_off':
      next.signOff = { at, signedBy: input.signedBy, signatureId: input.signatureId };
      break;
  }
  return deps.orders.save(next, order.version);
}

export async function readWorkOrder(deps: FieldDeps, by: Principal, id: string): Promise<WorkOrder> {
  const order = await load(deps, id);
  if (!isDispatcher(by)) {
    const me = await technicianOf(deps, by);
    if (order.technicianId !== me.id && order.offeredTo !== me.id) throw new NotFoundError('Work order');
  }
  const { offerToken: _t, ...visible } = order;
  return visible;
}

/** The dispatcher's board: booked jobs in the range by technician, and the work orders still waiting. */
export async function readBoard(deps: FieldDeps, from: string, to: string) {
  const [technicians, booked, waiting] = await Promise.all([deps.technicians.list(), deps.orders.booked(from, to), deps.orders.unscheduled(100)]);
  return {
    technicians: technicians.map(({ id, name, regions, skills, dailyCapacity, timeZone, workingHours, home }) => ({ id, name, regions, skills, dailyCapacity, timeZone, workingHours, home })),
    booked,
    unscheduled: waiting.orders,
    ...(waiting.cursor ? { cursor: waiting.cursor } : {}),
  };
}

/** A technician's own jobs in a range (their phone's "today"), and offers waiting for their answer. */
export async function readMyJobs(deps: FieldDeps, by: Principal, from: string, to: string) {
  const me = await technicianOf(deps, by);
  const jobs = await deps.orders.ofTechnician(me.id, from, to);
  return { technician: { id: me.id, name: me.name, vanLocationId: me.vanLocationId }, jobs };
}

export async function mustWorkOn(deps: FieldDeps, by: Principal, order: WorkOrder): Promise<void> {
  if (isDispatcher(by)) return;
  const me = await technicianOf(deps, by);
  if (order.technicianId !== me.id) throw new ForbiddenError('Only the technician booked on this work order can record its visit');
}

async function technicianOf(deps: FieldDeps, by: Principal): Promise<Technician> {
  const me = await deps.technicians.ofUser(by.id);
  if (!me) throw new ForbiddenError('Your login is not linked to a technician');
  return me;
}

async function load(deps: FieldDeps, id: string, expectedVersion?: number): Promise<StoredWorkOrder> {
  const order = await deps.orders.get(id);
  if (!order) throw new NotFoundError('Work order');
  if (expectedVersion !== undefined && order.version !== expectedVersion) {
    throw new DomainError(409, 'CONFLICT', 'The work order was changed by someone else; reload it', undefined, { currentVersion: order.version });
  }
  return order;
}

async function ensureFree(deps: FieldDeps, technicianId: string, orderId: string, start: string, end: string): Promise<void> {
  const dayBefore = shiftDays(start, -1);
  const jobs = await deps.orders.ofTechnician(technicianId, dayBefore, end);
  const clash = jobs.find((j) => j.id !== orderId && BOOKED_STATUSES.includes(j.status) && j.scheduledStart! < end && (j.scheduledEnd ?? j.scheduledStart!) > start);
  if (clash) throw new SlotTakenError(technicianId, clash);
}

function shiftDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
